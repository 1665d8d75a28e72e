package org.pathwayshub.reassessment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.pathwayshub.system.DrillCrashPoints;
import org.pathwayshub.alert.AlertEvaluation;
import org.pathwayshub.record.PersonChanges;
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

    /** An event taken off the change feed: the young people it names and what changed them. */
    private record Event(long id, List<UUID> hubIds, String cause, PersonChanges.Scope scope) {
    }

    /**
     * Assesses the young people of the next events waiting (events are taken until they name at least {@code max}
     * young people), or, when none waits, the next event whose assessment failed and is due to be tried again.
     *
     * @return how many young people's changes were taken off the feed (0: nothing to do)
     */
    public int assessNext(int max) {
        // taking an event deletes it in the assessing transaction: a rollback puts it back
        int n = assess("""
                delete from person_change where id in (
                  select id from person_change where attempts = 0 order by id limit 1 for update skip locked)
                returning id, hub_ids, cause, scope""", 0, max);
        if (n == 0) {
            n = assess("""
                    delete from person_change where id in (
                      select id from person_change where attempts between 1 and ? and retry_at <= now()
                      order by retry_at limit 1 for update skip locked)
                    returning id, hub_ids, cause, scope""", maxAttempts - 1, 1);
        }
        return n;
    }

    private int assess(String takeSql, int param, int max) {
        List<Event> taken = new ArrayList<>();
        try {
            Integer n = batches.recordCallable(() -> tx.execute(status -> {
                int people = 0;
                List<Event> next;
                do {
                    next = param == 0 ? jdbc.query(takeSql, Reassessment::event) : jdbc.query(takeSql, Reassessment::event, param);
                    taken.addAll(next);
                    people += next.stream().mapToInt(e -> e.hubIds().size()).sum();
                } while (!next.isEmpty() && people < max);
                if (!taken.isEmpty()) {
                    assess(taken);
                    DrillCrashPoints.reach(DrillCrashPoints.REASSESSMENT);
                }
                return people;
            }));
            assessed.increment(n == null ? 0 : n);
            return n == null ? 0 : n;
        } catch (Exception e) {
            if (taken.isEmpty()) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            failed.increment();
            String reason = LogSafe.describe(e);
            int people = taken.stream().mapToInt(t -> t.hubIds().size()).sum();
            log.warn("Reassessment of {} young people failed ({}); they are tried again one at a time", people, reason);
            setForRetry(taken, reason);
            return people;
        }
    }

    private static Event event(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Event(rs.getLong(1), Arrays.asList((UUID[]) rs.getArray(2).getArray()), rs.getString(3),
                PersonChanges.Scope.valueOf(rs.getString(4)));
    }

    private void assess(List<Event> taken) {
        Map<UUID, String> causeOf = new LinkedHashMap<>();
        Set<UUID> allRules = new HashSet<>();
        taken.forEach(e -> e.hubIds().forEach(h -> {
            causeOf.putIfAbsent(h, e.cause());
            if (e.scope() == PersonChanges.Scope.ALL) {
                allRules.add(h);
            }
        }));
        // an event may name a person record merged since: it is assessed as the young person it belongs to now
        Map<UUID, YoungPersonFacts> people = facts.read(causeOf.keySet());
        Map<UUID, String> causes = new LinkedHashMap<>();
        Set<UUID> everyRule = new HashSet<>();
        people.values().forEach(f -> {
            List<UUID> records = new ArrayList<>(f.mergedRecords());
            records.add(0, f.hubId());
            records.stream().map(causeOf::get).filter(java.util.Objects::nonNull).findFirst()
                    .ifPresent(cause -> causes.put(f.hubId(), cause));
            if (records.stream().anyMatch(allRules::contains)) {
                everyRule.add(f.hubId());
            }
        });
        LocalDate today = LocalDate.now();
        Map<UUID, RiskScoring.Current> risk = scoring.rescore(people, causes, today);
        // the alert rules for everyone whose facts (or the date) changed; after a re-score, for those whose assessment did
        Map<UUID, YoungPersonFacts> toAlert = new LinkedHashMap<>();
        people.forEach((hubId, f) -> {
            RiskScoring.Current r = risk.get(hubId);
            if (everyRule.contains(hubId) || (r != null && r.assessedNow())) {
                toAlert.put(hubId, f);
            }
        });
        alerts.evaluate(toAlert, causes, situationsOf(risk), today);
    }

    /** The assessments the alert rules look at: each young person's current one, and the band before it. */
    private static Map<UUID, AlertEvaluation.Risk> situationsOf(Map<UUID, RiskScoring.Current> risk) {
        Map<UUID, AlertEvaluation.Risk> out = new HashMap<>();
        risk.forEach((hubId, r) -> out.put(hubId, new AlertEvaluation.Risk(r.id(), r.band(), r.score(), r.ncYear(),
                r.inScope(), r.factors(), r.previousBand())));
        return out;
    }

    /**
     * The young people of failed events wait again, each on an event of their own, to be tried one at a time after a
     * back-off that doubles with each failure; one that fails {@code maxAttempts} times is set aside.
     */
    private void setForRetry(List<Event> taken, String reason) {
        try {
            tx.executeWithoutResult(status -> {
                BulkSql.Columns events = new BulkSql.Columns("int8", "uuid", "text");
                taken.forEach(e -> e.hubIds().forEach(h -> events.add(e.id(), h, e.cause())));
                // the failed events are back on the feed (the transaction that took them rolled back): replace them
                BulkSql.update(jdbc, """
                        insert into person_change (hub_ids, people, cause, scope, feed_id, changed_at, attempts, retry_at,
                          last_error)
                        select array[v.h], 1, v.c, p.scope, p.feed_id, p.changed_at, p.attempts + 1,
                          now() + interval '2 seconds' * power(2, least(p.attempts, 8)), ?
                        from unnest(?::bigint[], ?::uuid[], ?::text[]) as v(e, h, c) join person_change p on p.id = v.e""",
                        reason, events);
                BulkSql.update(jdbc, "delete from person_change where id = any(?)",
                        BulkSql.column("int8", taken.stream().map(Event::id).toList()));
            });
        } catch (RuntimeException e) {
            // the events are still on the feed, untouched: they are simply taken again
            log.warn("Could not record the failed reassessment ({})", LogSafe.describe(e));
        }
    }
}
