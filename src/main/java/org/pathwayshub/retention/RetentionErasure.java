package org.pathwayshub.retention;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.pathwayshub.access.AccessAudit;
import org.pathwayshub.job.HubJob;
import org.pathwayshub.system.BulkSql;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.LogSafe;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job {@code retention-erasure}: erases every young person past the retention policy ({@value RetentionPolicy#FILE})
 * with everything held about them ({@link YoungPersonErasure}), a batch of young people per transaction, and records
 * the run in the access audit: which policy, as at which day, how many young people and rows, by whom (the user who ran
 * it now, or the job on its schedule in routes/retention-erasure.yaml). The entry is written when the run starts and
 * brought up to date in each batch's transaction, so it never says less than was erased. Neither it nor the log names
 * anyone.
 *
 * <p>Each young person is judged again in their batch's transaction, with their records locked: a feed that corrected a
 * date of birth or SEND since the run began is heeded, and nothing is added about them while they are erased.
 */
@Component
public class RetentionErasure implements HubJob {

    public static final String JOB = "retention-erasure";
    /** The access audit's action for an erasure run. */
    public static final String AUDIT_ACTION = "retention-erasure";
    /** Tries of a batch that lost a lock to a feed or a reassessment writing about the same young people. */
    private static final int TRIES = 3;

    private final RetentionPolicy policy;
    private final RetentionCandidates candidates;
    private final YoungPersonErasure erasure;
    private final AccessAudit audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int batchSize;
    private final Clock clock;

    @Autowired
    public RetentionErasure(RetentionPolicy policy, RetentionCandidates candidates, YoungPersonErasure erasure,
                            AccessAudit audit, JdbcTemplate jdbc, TransactionTemplate tx, HubProperties hub) {
        this(policy, candidates, erasure, audit, jdbc, tx, hub.getRetention().getBatchSize(), Clock.systemDefaultZone());
    }

    RetentionErasure(RetentionPolicy policy, RetentionCandidates candidates, YoungPersonErasure erasure, AccessAudit audit,
                     JdbcTemplate jdbc, TransactionTemplate tx, int batchSize, Clock clock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("hub.retention.batch-size: expected 1 or more (got " + batchSize + ")");
        }
        this.policy = policy;
        this.candidates = candidates;
        this.erasure = erasure;
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    @Override
    public String name() {
        return JOB;
    }

    /** What a run has erased so far: counts only. */
    private record Tally(int youngPeople, int withSend, int records, Map<String, Integer> rows) {

        static final Tally NONE = new Tally(0, 0, 0, Map.of());

        Tally plus(List<RetentionCandidates.Judged> erased, int recordsErased, Map<String, Integer> byTable) {
            Map<String, Integer> sum = new LinkedHashMap<>(rows);
            byTable.forEach((table, n) -> sum.merge(table, n, Integer::sum));
            return new Tally(youngPeople + erased.size(),
                    withSend + (int) erased.stream().filter(RetentionCandidates.Judged::send).count(),
                    records + recordsErased, sum);
        }

        String summary() {
            return youngPeople + " young people erased (" + records + " person records, " + withSend + " with SEND; "
                    + rows.values().stream().mapToInt(Integer::intValue).sum() + " rows)";
        }

        String byTable() {
            return rows.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    @Override
    public String run() {
        LocalDate today = LocalDate.now(clock);
        Tally tally = Tally.NONE;
        long auditId = audit.recordJob(JOB, AUDIT_ACTION, detail(today, tally, "started"));
        try {
            List<UUID> born = candidates.bornOnOrBefore(policy.candidatesBornOnOrBefore(today));
            for (int from = 0; from < born.size(); from += batchSize) {
                List<UUID> due = candidates.judge(born.subList(from, Math.min(born.size(), from + batchSize))).stream()
                        .filter(p -> policy.due(p.dob(), p.send(), today)).map(RetentionCandidates.Judged::hubId).toList();
                if (!due.isEmpty()) {
                    tally = eraseBatch(due, today, tally, auditId);
                }
            }
        } catch (RuntimeException e) {
            // the log and the job's last run say what failed by its kind only: a database message can quote a value
            String reason = LogSafe.describe(e);
            String stopped = detail(today, tally, "stopped: " + reason);
            tx.executeWithoutResult(s -> audit.amend(auditId, stopped));
            throw new IllegalStateException("retention erasure under " + policy.name() + " stopped after " + tally.summary()
                    + ": " + reason);
        }
        String completed = detail(today, tally, "completed");
        tx.executeWithoutResult(s -> audit.amend(auditId, completed));
        return tally.summary() + " past " + policy.describe() + " as at " + today;
    }

    /**
     * One transaction: lock the young people's records, judge them again, erase those still due, and bring the audit
     * entry up to date. A batch that lost a lock to a feed or a reassessment writing about them is tried again.
     *
     * @return the run's tally with this batch
     */
    private Tally eraseBatch(List<UUID> youngPeople, LocalDate today, Tally before, long auditId) {
        for (int attempt = 1; ; attempt++) {
            try {
                Tally after = tx.execute(status -> {
                    BulkSql.Column ids = BulkSql.column("uuid", youngPeople);
                    BulkSql.query(jdbc, """
                            select hub_id from young_person where hub_id = any(?) or merged_into = any(?)
                            order by hub_id for update""", (rs, n) -> null, ids, ids);
                    List<RetentionCandidates.Judged> due = candidates.judge(youngPeople).stream()
                            .filter(p -> policy.due(p.dob(), p.send(), today)).toList();
                    if (due.isEmpty()) {
                        return before;
                    }
                    BulkSql.Column dueIds = BulkSql.column("uuid",
                            due.stream().map(RetentionCandidates.Judged::hubId).toList());
                    List<UUID> records = BulkSql.query(jdbc,
                            "select hub_id from young_person where hub_id = any(?) or merged_into = any(?)",
                            (rs, n) -> rs.getObject(1, UUID.class), dueIds, dueIds);
                    Tally next = before.plus(due, records.size(), erasure.erase(records));
                    audit.amend(auditId, detail(today, next, "erasing"));
                    return next;
                });
                return after == null ? before : after;
            } catch (PessimisticLockingFailureException e) {
                if (attempt == TRIES) {
                    throw e;
                }
            }
        }
    }

    /** The audit entry's text: the job, the policy, the day, counts by table and how far the run got. No one named. */
    private String detail(LocalDate today, Tally tally, String state) {
        String rows = tally.byTable();
        return "job " + JOB + ", policy " + policy.describe() + " from " + RetentionPolicy.FILE + ", as at " + today + ": "
                + tally.summary() + (rows.isEmpty() ? "" : "; rows by table: " + rows) + "; " + state;
    }
}
