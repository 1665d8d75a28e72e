package org.pathwayshub.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.pathwayshub.system.AfterCommit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.pathwayshub.system.HubHome.NodeName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The run record: every feed run with its counts, state and, when it failed, why. */
@Repository
public class FeedRuns {

    private static final Logger log = LoggerFactory.getLogger(FeedRuns.class);
    private static final String COLUMNS = "id, feed_id, kind, source, file_size, file_sha256, state, node, started_at, "
            + "finished_at, received, stored, quarantined, duplicates, warnings, failure_reason, bytes_read";
    private static final RowMapper<FeedRun> ROW = FeedRuns::row;

    private final JdbcTemplate jdbc;
    private final NodeName node;
    private final MeterRegistry meters;
    /** The feed of each run this node is writing, for the per-feed record counters. */
    private final Map<Long, String> feedOfRun = new ConcurrentHashMap<>();
    /**
     * Runs whose failure could not be written because the database had gone: written at the next start of a run, so
     * that a run cut off by an outage shows FAILED with its reason rather than RUNNING until the hub restarts.
     */
    private final Map<Long, Failure> unrecordedFailures = new ConcurrentHashMap<>();

    private record Failure(String reason, Instant at) {
    }

    public FeedRuns(JdbcTemplate jdbc, NodeName node, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.node = node;
        this.meters = meters;
    }

    public long start(String feedId, String kind, String source, Long fileSize) {
        recordFailuresLeftOver();
        // Only the node that runs the schedules reads a feed, so a run of this feed that another node left RUNNING was
        // cut short when that node stopped or died and this one took the schedules over: its source is read again now,
        // by this run. (Should that node still finish it after all, completing the run sets its state right again.)
        int abandoned = jdbc.update("""
                update feed_run set state = 'INTERRUPTED', finished_at = now(),
                  failure_reason = 'node ' || node || ' stopped before the run finished; read again by node ' || ?
                where feed_id = ? and state = 'RUNNING' and node <> ?""", node.value(), feedId, node.value());
        if (abandoned > 0) {
            log.warn("Feed {}: {} run(s) left unfinished by another node marked INTERRUPTED; read again here", feedId, abandoned);
        }
        Long id = jdbc.queryForObject("""
                insert into feed_run (feed_id, kind, source, file_size, state, node)
                values (?, ?, ?, ?, 'RUNNING', ?) returning id""", Long.class, feedId, kind, source, fileSize, node.value());
        feedOfRun.put(id, feedId);
        return id;
    }

    /** Adds a batch's counts; called inside the batch's transaction so counts and records commit together. */
    public void addCounts(long runId, int received, int stored, int quarantined, int duplicates, int warnings, long lastLine) {
        jdbc.update("""
                update feed_run set received = received + ?, stored = stored + ?, quarantined = quarantined + ?,
                  duplicates = duplicates + ?, warnings = warnings + ?, last_line = greatest(last_line, ?), heartbeat_at = now()
                where id = ?""", received, stored, quarantined, duplicates, warnings, lastLine, runId);
        String feed = feedOfRun.get(runId);
        if (feed != null) {
            AfterCommit.run(() -> {
                count(feed, "received", received);
                count(feed, "stored", stored);
                count(feed, "quarantined", quarantined);
                count(feed, "duplicate", duplicates);
                count(feed, "warned", warnings);
            });
        }
    }

    /** hub.feed.records{feed, outcome}: records received, stored, quarantined, duplicate and warned of, per feed. */
    private void count(String feed, String outcome, int n) {
        if (n > 0) {
            Counter.builder("hub.feed.records").description("records of the feeds' runs, by what became of them")
                    .tag("feed", feed).tag("outcome", outcome).register(meters).increment(n);
        }
    }

    /** How far the run has read its file (after a batch is stored), for its progress; outside the batch's transaction. */
    public void progress(long runId, long bytesRead) {
        jdbc.update("update feed_run set bytes_read = greatest(coalesce(bytes_read, 0), ?) where id = ?", bytesRead, runId);
    }

    public void complete(long runId, String sha256, long fileSize) {
        feedOfRun.remove(runId);
        jdbc.update("""
                update feed_run set state = 'COMPLETED', finished_at = now(), heartbeat_at = now(), file_sha256 = ?,
                  file_size = coalesce(?, file_size), failure_reason = null where id = ?""", sha256, fileSize, runId);
    }

    public void fail(long runId, String reason) {
        feedOfRun.remove(runId);
        jdbc.update("""
                update feed_run set state = 'FAILED', finished_at = now(), heartbeat_at = now(), failure_reason = ?
                where id = ?""", reason, runId);
    }

    /**
     * As {@link #fail}, for a run whose failure cannot be written because the database is unreachable: it is kept and
     * written, with the time it happened, before the next run starts.
     */
    public void failWhenReachable(long runId, String reason) {
        feedOfRun.remove(runId);
        unrecordedFailures.put(runId, new Failure(reason, Instant.now()));
    }

    private void recordFailuresLeftOver() {
        for (Map.Entry<Long, Failure> f : unrecordedFailures.entrySet()) {
            jdbc.update("""
                    update feed_run set state = 'FAILED', finished_at = ?, heartbeat_at = now(), failure_reason = ?
                    where id = ? and state = 'RUNNING'""", Timestamp.from(f.getValue().at()), f.getValue().reason(), f.getKey());
            unrecordedFailures.remove(f.getKey());
        }
    }

    /** Runs this node left RUNNING when it stopped without finishing them (a crash, a kill). */
    public int interruptAbandoned() {
        return jdbc.update("""
                update feed_run set state = 'INTERRUPTED', finished_at = now(),
                  failure_reason = 'the hub stopped before the run finished; the source is read again on the next run'
                where state = 'RUNNING' and (node = ? or heartbeat_at < now() - interval '15 minutes')""", node.value());
    }

    public Optional<FeedRun> latest(String feedId) {
        return jdbc.query("select " + COLUMNS + " from feed_run where feed_id = ? order by id desc limit 1", ROW, feedId)
                .stream().findFirst();
    }

    public Optional<FeedRun> find(String feedId, long runId) {
        return jdbc.query("select " + COLUMNS + " from feed_run where feed_id = ? and id = ?", ROW, feedId, runId)
                .stream().findFirst();
    }

    public List<FeedRun> recent(String feedId, int limit) {
        return recent(feedId, 0, limit);
    }

    /** A page of a feed's runs, newest first. */
    public List<FeedRun> recent(String feedId, int offset, int limit) {
        return jdbc.query("select " + COLUMNS + " from feed_run where feed_id = ? order by id desc offset ? limit ?", ROW,
                feedId, offset, limit);
    }

    private static FeedRun row(ResultSet rs, int n) throws SQLException {
        return new FeedRun(rs.getLong("id"), rs.getString("feed_id"), rs.getString("kind"), rs.getString("source"),
                (Long) rs.getObject("file_size"), rs.getString("file_sha256"), rs.getString("state"), rs.getString("node"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rs.getInt("received"),
                rs.getInt("stored"), rs.getInt("quarantined"), rs.getInt("duplicates"), rs.getInt("warnings"),
                rs.getString("failure_reason"), (Long) rs.getObject("bytes_read"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
