package org.pathwayshub.ingest;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import org.pathwayshub.system.BulkSql;
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
 * stored records pass 10,000, 100,000 and so on, the tables that changed by a tenth since they were last analysed
 * are analysed in the background.
 */
@Component
public class TableStatistics {

    private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);
    private static final List<String> TABLES = List.of("young_person", "person_identifier", "ingest_key", "school_census",
            "attendance", "activity", "characteristic", "tracking_status", "september_guarantee", "benefit_claim", "referral",
            "risk_assessment", "alert");

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
        for (long threshold = 10_000; threshold <= after; threshold *= 10) {
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
                List<String> stale = BulkSql.query(jdbc, """
                        select relname from pg_stat_user_tables
                        where schemaname = current_schema() and relname = any(?)
                          and (coalesce(last_analyze, last_autoanalyze) is null
                               or n_mod_since_analyze > 0.1 * greatest(n_live_tup, 1000))""",
                        (rs, n) -> rs.getString(1), BulkSql.column("text", TABLES));
                if (!stale.isEmpty()) {
                    jdbc.execute("analyze " + String.join(", ", stale));
                }
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
