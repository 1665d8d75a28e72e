package org.pathwayshub.ingest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import org.pathwayshub.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps PostgreSQL's statistics of the common record's tables up to date while a large file loads. The planner
 * chooses between an index lookup and a full scan from them; a table that grew from nothing to a million rows since
 * it was last analysed looks small, and the batch lookups by hub id that every batch and every reassessment makes
 * turn into full scans. Autovacuum catches up within minutes, too late for a file loading now: so when a run's
 * stored records pass 1,000, 10,000, 100,000 and so on, the tables are analysed in the background.
 */
@Component
public class TableStatistics {

    private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);
    private static final String TABLES = "young_person, person_identifier, ingest_key, person_change, school_census,"
            + " attendance, activity, characteristic, tracking_status, september_guarantee, benefit_claim, referral,"
            + " risk_assessment, alert";

    private final JdbcTemplate jdbc;
    private final ExecutorService analyser = Executors.newSingleThreadExecutor(threads());
    private final AtomicBoolean running = new AtomicBoolean();

    public TableStatistics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static CustomizableThreadFactory threads() {
        CustomizableThreadFactory f = new CustomizableThreadFactory("table-statistics-");
        f.setDaemon(true);
        return f;
    }

    /** A run's stored records went from {@code before} to {@code after}: analyse if that passed a power of ten. */
    void stored(long before, long after) {
        for (long threshold = 1_000; threshold <= after; threshold *= 10) {
            if (before < threshold) {
                analyse();
                return;
            }
        }
    }

    private void analyse() {
        if (!running.compareAndSet(false, true)) {
            return;  // one at a time: the one running sees most of what this one would
        }
        analyser.execute(() -> {
            try {
                jdbc.execute("analyze " + TABLES);
            } catch (RuntimeException e) {
                log.warn("Could not refresh table statistics ({})", LogSafe.describe(e));
            } finally {
                running.set(false);
            }
        });
    }

    @PreDestroy
    void stop() {
        analyser.shutdownNow();
    }
}
