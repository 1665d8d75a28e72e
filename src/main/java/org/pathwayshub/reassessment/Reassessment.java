package org.pathwayshub.reassessment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.pathwayshub.alert.AlertEvaluation;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.record.YoungPersonFactsReader;
import org.pathwayshub.risk.RiskScoring;
import org.pathwayshub.system.BulkSql;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place a young person is assessed again after a change: takes a batch of young people off the change feed
 * (rows another node holds are skipped, so any number of nodes can work at once), reads their facts once, re-scores
 * RONI, runs the alert rules, and takes them off the feed, all in one transaction. So an alert commits with the
 * assessment that raised it, and a crash part-way leaves the batch on the feed to be done again; alert keys make
 * doing it again raise nothing twice.
 *
 * <p>A batch that fails is tried again one young person at a time, with back-off; one that keeps failing is set
 * aside (shown in the backlog) rather than holding up everyone behind it.
 */
@Service
public class Reassessment {

    private static final Logger log = LoggerFactory.getLogger(Reassessment.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final YoungPersonFactsReader facts;
    private final RiskScoring scoring;
    private final AlertEvaluation alerts;
    private final int maxAttempts;
    private final Counter assessed;
    private final Counter failed;
    private final Timer batches;

    public Reassessment(JdbcTemplate jdbc, TransactionTemplate tx, YoungPersonFactsReader facts, RiskScoring scoring,
                        AlertEvaluation alerts, HubProperties hub, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.facts = facts;
        this.scoring = scoring;
        this.alerts = alerts;
        this.maxAttempts = hub.getReassessment().getMaxAttempts();
        this.assessed = Counter.builder("hub.reassessment.assessed").description("young people assessed again after a change")
                .register(meters);
        this.failed = Counter.builder("hub.reassessment.failures").description("batches whose reassessment failed")
                .register(meters);
        this.batches = Timer.builder("hub.reassessment.batch").description("one batch: read, score, alert rules, commit")
                .register(meters);
    }

    private record Waiting(UUID hubId, String cause) {
    }

    /**
     * Assesses the next young people waiting (at most {@code max}), or, when none waits, the next one whose
     * assessment failed and is due to be tried again.
     *
     * @return how many rows of the change feed were taken (0: nothing to do)
     */
    public int assessNext(int max) {
        // taking rows off the feed deletes them in the assessing transaction: a rollback puts them back, and a change
        // made meanwhile by another transaction waits for this one and is then written as a new row
        int n = assess("""
                delete from person_change where hub_id in (
                  select hub_id from person_change where attempts = 0 order by changed_at limit ? for update skip locked)
                returning hub_id, cause""", max);
        if (n == 0) {
            n = assess("""
                    delete from person_change where hub_id in (
                      select hub_id from person_change where attempts between 1 and ? and retry_at <= now()
                      order by retry_at limit 1 for update skip locked)
                    returning hub_id, cause""", maxAttempts - 1);
        }
        return n;
    }

    private int assess(String claimSql, int param) {
        List<Waiting> taken = new ArrayList<>();
        try {
            Integer n = batches.recordCallable(() -> tx.execute(status -> {
                taken.addAll(jdbc.query(claimSql, (rs, i) -> new Waiting(rs.getObject(1, UUID.class), rs.getString(2)), param));
                if (!taken.isEmpty()) {
                    assess(taken);
                }
                return taken.size();
            }));
            assessed.increment(taken.size());
            return n == null ? 0 : n;
        } catch (Exception e) {
            if (taken.isEmpty()) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            failed.increment();
            String reason = LogSafe.describe(e);
            log.warn("Reassessment of {} young people failed ({}); they are tried again one at a time", taken.size(), reason);
            setForRetry(taken, reason);
            return taken.size();
        }
    }

    private void assess(List<Waiting> taken) {
        Map<UUID, String> causeOf = new HashMap<>();
        taken.forEach(w -> causeOf.put(w.hubId(), w.cause()));
        // a row may name a person record merged since: it is assessed as the young person it belongs to now
        Map<UUID, YoungPersonFacts> people = facts.read(causeOf.keySet());
        Map<UUID, String> causes = new LinkedHashMap<>();
        people.values().forEach(f -> {
            String cause = causeOf.get(f.hubId());
            for (int i = 0; cause == null && i < f.mergedRecords().size(); i++) {
                cause = causeOf.get(f.mergedRecords().get(i));
            }
            causes.put(f.hubId(), cause);
        });
        LocalDate today = LocalDate.now();
        Map<UUID, RiskScoring.Current> risk = scoring.rescore(people, causes, today);
        alerts.evaluate(people, causes, situationsOf(risk), today);
    }

    /** The assessments the alert rules look at: each young person's current one, and the band before it. */
    private static Map<UUID, AlertEvaluation.Risk> situationsOf(Map<UUID, RiskScoring.Current> risk) {
        Map<UUID, AlertEvaluation.Risk> out = new HashMap<>();
        risk.forEach((hubId, r) -> out.put(hubId, new AlertEvaluation.Risk(r.id(), r.band(), r.score(), r.ncYear(),
                r.inScope(), r.factors(), r.previousBand())));
        return out;
    }

    private void setForRetry(List<Waiting> taken, String reason) {
        try {
            BulkSql.update(jdbc, """
                    update person_change set attempts = attempts + 1, last_error = ?,
                      retry_at = now() + interval '2 seconds' * power(2, least(attempts, 8))
                    where hub_id = any(?)""", reason, BulkSql.column("uuid", taken.stream().map(Waiting::hubId).toList()));
        } catch (RuntimeException e) {
            // the rows are still on the feed, untouched: they are simply taken again
            log.warn("Could not record the failed reassessment ({})", LogSafe.describe(e));
        }
    }
}
