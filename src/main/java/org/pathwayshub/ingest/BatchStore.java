package org.pathwayshub.ingest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.system.DrillCrashPoints;
import org.pathwayshub.identity.IdentityResolver;
import org.pathwayshub.mapping.RecordMapper;
import org.pathwayshub.record.FactWriter;
import org.pathwayshub.record.MappedRecord;
import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.record.ResolvedRecord;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores one batch of a run in one transaction: records seen before are counted as duplicates and
 * skipped, the rest are matched to young people and their facts written, rejected records quarantined,
 * the run's counts moved on, and the young people it changed put on the change feed (their risk and alerts are
 * worked out after, by the reassessment service). Either all of that commits or none.
 */
@Component
public class BatchStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final IdentityResolver identity;
    private final List<FactWriter> writers;
    private final RecordIssues issues;
    private final FeedRuns runs;
    private final PersonChanges changes;

    public BatchStore(JdbcTemplate jdbc, TransactionTemplate tx, IdentityResolver identity, List<FactWriter> writers,
                      RecordIssues issues, FeedRuns runs, PersonChanges changes) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.identity = identity;
        this.writers = writers;
        this.issues = issues;
        this.runs = runs;
        this.changes = changes;
    }

    /**
     * A batch as read: mapped records, rejected ones, the last line, and for incremental pulls the source's
     * high-water mark after its last record (stored in the same transaction, so a crash never skips or repeats).
     */
    public record Batch(List<MappedRecord> records, List<Rejected> rejected, long lastLine, String checkpoint) {
        public int received() {
            return records.size() + rejected.size();
        }
    }

    public record Outcome(int stored, int duplicates, int quarantined, int warnings, Set<UUID> changed) {
    }

    public Outcome store(String feedId, long runId, Batch batch) {
        return store(feedId, runId, batch, true);
    }

    /** A warning about the delivery as a whole, with no record to hang it on: kept with the run's warnings and counted. */
    public void deliveryWarning(String feedId, long runId, RecordIssue warning) {
        tx.executeWithoutResult(status -> {
            issues.record(feedId, runId, List.of(), List.of(warning));
            runs.addCounts(runId, 0, 0, 0, 0, 1, warning.line());
        });
    }

    /**
     * @param duplicatesLikely whether to look for keys seen before with a read first (a file sent again, or one whose
     *                         last batch held duplicates) or to claim them straight away (a new file's records)
     */
    public Outcome store(String feedId, long runId, Batch batch, boolean duplicatesLikely) {
        return tx.execute(status -> {
            List<MappedRecord> fresh = claimContentKeys(feedId, runId, batch.records(), duplicatesLikely);
            int duplicates = batch.records().size() - fresh.size();
            IdentityResolver.Resolution who = identity.resolve(feedId, runId, fresh);
            List<ResolvedRecord> resolved = new ArrayList<>(fresh.size());
            for (int i = 0; i < fresh.size(); i++) {
                resolved.add(new ResolvedRecord(who.hubIds().get(i), fresh.get(i), who.created().contains(who.hubIds().get(i))));
            }
            for (FactWriter writer : writers) {
                List<ResolvedRecord> mine = resolved.stream().filter(r -> writer.appliesTo(r.record())).toList();
                if (!mine.isEmpty()) {
                    writer.write(feedId, runId, mine);
                }
            }
            DrillCrashPoints.reach(DrillCrashPoints.MID_BATCH);
            List<RecordIssue> warnings = new ArrayList<>(who.warnings());
            fresh.forEach(r -> warnings.addAll(r.warnings()));
            if (duplicates > 0) {
                // a duplicate stores nothing, but an element it was the first in its file to hold is named all the same
                Set<MappedRecord> stored = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                stored.addAll(fresh);
                batch.records().stream().filter(r -> !stored.contains(r)).flatMap(r -> r.warnings().stream())
                        .filter(w -> RecordMapper.ELEMENT_NOT_MAPPED.equals(w.rule())).forEach(warnings::add);
            }
            issues.record(feedId, runId, batch.rejected(), warnings);
            runs.addCounts(runId, batch.received(), fresh.size(), batch.rejected().size(), duplicates, warnings.size(),
                    batch.lastLine());
            if (batch.checkpoint() != null) {
                jdbc.update("""
                        insert into feed_watermark (feed_id, mark) values (?, ?)
                        on conflict (feed_id) do update set mark = excluded.mark, updated_at = now()""", feedId, batch.checkpoint());
            }
            Set<UUID> changed = who.changed();
            changes.factsChanged(changed, "feed " + feedId + " run " + runId, feedId, runId);
            return new Outcome(fresh.size(), duplicates, batch.rejected().size(), warnings.size(), changed);
        });
    }

    /**
     * Claims each record's content key for this feed; returns the records whose key was new, once each
     * (a record repeated within the batch counts as a duplicate too).
     */
    private List<MappedRecord> claimContentKeys(String feedId, long runId, List<MappedRecord> records,
                                                boolean duplicatesLikely) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<MappedRecord> firsts = new ArrayList<>(records.size());
        Set<ByteBuffer> seen = new HashSet<>();
        for (MappedRecord r : records) {
            if (seen.add(ByteBuffer.wrap(r.key()))) {
                firsts.add(r);
            }
        }
        // keys seen before are found with a read (a file sent again is all duplicates); the rest are claimed, and a key
        // another transaction claimed meanwhile is a duplicate too
        Set<ByteBuffer> seenBefore = new HashSet<>();
        if (duplicatesLikely) {
            BulkSql.query(jdbc, "select record_key from ingest_key where feed_id = ? and record_key = any(?)",
                    rs -> seenBefore.add(ByteBuffer.wrap(rs.getBytes(1))), feedId,
                    BulkSql.column("bytea", firsts.stream().map(MappedRecord::key).toList()));
        }
        List<byte[]> unseen = firsts.stream().map(MappedRecord::key).filter(k -> !seenBefore.contains(ByteBuffer.wrap(k))).toList();
        Set<ByteBuffer> claimed = new HashSet<>();
        if (!unseen.isEmpty()) {
            BulkSql.query(jdbc, """
                    insert into ingest_key (feed_id, record_key, run_id)
                    select ?, k, ? from unnest(?::bytea[]) as t(k)
                    on conflict do nothing returning record_key""", rs -> {
                claimed.add(ByteBuffer.wrap(rs.getBytes(1)));
            }, feedId, runId, BulkSql.column("bytea", unseen));
        }
        return firsts.stream().filter(r -> claimed.contains(ByteBuffer.wrap(r.key()))).toList();
    }
}
