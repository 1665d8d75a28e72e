package org.pathwayshub.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.pathwayshub.system.HubHome.NodeName;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The run record: every feed run with its counts, state and, when it failed, why. */
@Repository
public class FeedRuns {

    private static final String COLUMNS = "id, feed_id, kind, source, file_size, file_sha256, state, node, started_at, "
            + "finished_at, received, stored, quarantined, duplicates, warnings, failure_reason";
    private static final RowMapper<FeedRun> ROW = FeedRuns::row;

    private final JdbcTemplate jdbc;
    private final NodeName node;

    public FeedRuns(JdbcTemplate jdbc, NodeName node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    public long start(String feedId, String kind, String source, Long fileSize) {
        return jdbc.queryForObject("""
                insert into feed_run (feed_id, kind, source, file_size, state, node)
                values (?, ?, ?, ?, 'RUNNING', ?) returning id""", Long.class, feedId, kind, source, fileSize, node.value());
    }

    /** Adds a batch's counts; called inside the batch's transaction so counts and records commit together. */
    public void addCounts(long runId, int received, int stored, int quarantined, int duplicates, int warnings, long lastLine) {
        jdbc.update("""
                update feed_run set received = received + ?, stored = stored + ?, quarantined = quarantined + ?,
                  duplicates = duplicates + ?, warnings = warnings + ?, last_line = greatest(last_line, ?), heartbeat_at = now()
                where id = ?""", received, stored, quarantined, duplicates, warnings, lastLine, runId);
    }

    public void complete(long runId, String sha256, long fileSize) {
        jdbc.update("""
                update feed_run set state = 'COMPLETED', finished_at = now(), heartbeat_at = now(), file_sha256 = ?,
                  file_size = coalesce(?, file_size) where id = ?""", sha256, fileSize, runId);
    }

    public void fail(long runId, String reason) {
        jdbc.update("""
                update feed_run set state = 'FAILED', finished_at = now(), heartbeat_at = now(), failure_reason = ?
                where id = ?""", reason, runId);
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
        return jdbc.query("select " + COLUMNS + " from feed_run where feed_id = ? order by id desc limit ?", ROW, feedId, limit);
    }

    private static FeedRun row(ResultSet rs, int n) throws SQLException {
        return new FeedRun(rs.getLong("id"), rs.getString("feed_id"), rs.getString("kind"), rs.getString("source"),
                (Long) rs.getObject("file_size"), rs.getString("file_sha256"), rs.getString("state"), rs.getString("node"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rs.getInt("received"),
                rs.getInt("stored"), rs.getInt("quarantined"), rs.getInt("duplicates"), rs.getInt("warnings"),
                rs.getString("failure_reason"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
