package org.pathwayshub.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The jobs the hub knows, and when each last ran and with what result. */
@Component
public class HubJobs {

    private static final Logger log = LoggerFactory.getLogger(HubJobs.class);

    private final Map<String, HubJob> jobs;
    private final Map<String, LastRun> lastRuns = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    /** The first key of the hub's job locks (the second is the job's name hashed): "HJOB". */
    private static final int LOCK_CLASS = 0x484A4F42;

    public record LastRun(Instant started, Instant finished, String outcome, boolean failed) {
    }

    public HubJobs(List<HubJob> jobs, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.jobs = jobs.stream().collect(Collectors.toMap(HubJob::name, Function.identity()));
    }

    public Optional<HubJob> find(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    public List<String> names() {
        return jobs.keySet().stream().sorted().toList();
    }

    public Optional<LastRun> lastRun(String name) {
        return Optional.ofNullable(lastRuns.get(name));
    }

    /**
     * Runs a job now: one run of a job at a time across every node sharing the database (a PostgreSQL advisory lock
     * held for the run), so that a job started from the API on one node while its schedule fires on another does not
     * send an email digest or a file drop twice. A run that finds the job running elsewhere does nothing and says so.
     */
    public LastRun run(String name) {
        HubJob job = find(name).orElseThrow(() -> new IllegalArgumentException("no job " + name + " (jobs: " + names() + ")"));
        synchronized (job) {
            return jdbc.execute((ConnectionCallback<LastRun>) connection -> {
                if (!advisoryLock(connection, "pg_try_advisory_lock", name)) {
                    Instant now = Instant.now();
                    LastRun skipped = new LastRun(now, now, "not run: it is running on another node", false);
                    log.info("Job {}: not run, it is running on another node", name);
                    return skipped;
                }
                try {
                    return runHere(name, job);
                } finally {
                    advisoryLock(connection, "pg_advisory_unlock", name);
                }
            });
        }
    }

    private static boolean advisoryLock(Connection connection, String function, String job) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select " + function + "(?, hashtext(?))")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setString(2, job);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private LastRun runHere(String name, HubJob job) {
        Instant started = Instant.now();
        try {
            String outcome = job.run();
            LastRun run = new LastRun(started, Instant.now(), outcome, false);
            lastRuns.put(name, run);
            if (job.frequent() && outcome != null && outcome.startsWith("0 ")) {
                log.debug("Job {}: {}", name, outcome);
            } else {
                log.info("Job {}: {}", name, outcome);
            }
            return run;
        } catch (RuntimeException e) {
            lastRuns.put(name, new LastRun(started, Instant.now(), e.getClass().getSimpleName() + ": " + e.getMessage(), true));
            throw e;
        }
    }
}
