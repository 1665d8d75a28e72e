package org.pathwayshub.record;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.pathwayshub.outbox.Outbox;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The change feed: every change to what the hub knows about young people is written here as an event naming them, in
 * the transaction that made it, and the reassessment service takes it from there (re-scores RONI, runs the alert
 * rules). Whoever changes facts (a feed batch, an identity merge or its undo) or wants a fresh assessment (a
 * practitioner's review, the nightly re-score, the daily alert sweep) says so here; nothing else re-scores or raises
 * alerts. Events are only added and deleted, never updated: a writer never waits for a reassessment in progress, and a
 * young person changed again while being assessed has a new event to be assessed again.
 */
@Component
public class PersonChanges {

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    private long commits;

    public PersonChanges(JdbcTemplate jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /**
     * The facts of these young people changed: they wait to be assessed again, and outside subscribers hear of it
     * ({@link PersonsChanged}, ids only) once the caller's transaction commits.
     *
     * @param feedId the feed whose run changed them, or null (a merge)
     */
    public void factsChanged(Collection<UUID> masters, String cause, String feedId, long runId) {
        if (masters.isEmpty()) {
            return;
        }
        enqueue(masters, cause, feedId);
        UUID eventId = UUID.randomUUID();
        outbox.add(eventId, PersonsChanged.DESTINATION, new PersonsChanged(eventId, feedId == null ? cause : feedId, runId,
                List.copyOf(masters), Instant.now()));
    }

    /** These young people wait to be assessed again although their facts did not change (a review, say). */
    public void reassess(Collection<UUID> masters, String cause) {
        if (!masters.isEmpty()) {
            enqueue(masters, cause, null);
        }
    }

    /** What a reassessment does for the young people of an event. */
    public enum Scope {
        /** score, then run every alert rule: something about them changed, or the date did (the daily sweep) */
        ALL,
        /** score, and run the alert rules only where the assessment changed: all a new score can raise (re-score) */
        RISK
    }

    /**
     * Everyone a query names waits to be assessed again (the nightly re-score, the daily sweep), in one statement.
     *
     * @param mastersSql a query of young people's hub ids
     * @return how many young people were queued
     */
    public int reassessAll(String mastersSql, String cause, Scope scope) {
        Integer queued = jdbc.queryForObject("""
                with chunks as (
                  insert into person_change (hub_ids, people, cause, scope)
                  select array_agg(m order by m), count(*), ?, ?
                  from (select m, (row_number() over (order by m) - 1) / ? as chunk from (""" + mastersSql + """
                  ) as q(m)) c group by chunk order by chunk
                  returning people)
                select coalesce(sum(people), 0) from chunks""", Integer.class, cause, scope.name(), EVENT_SIZE);
        wakeAfterCommit();
        return queued == null ? 0 : queued;
    }

    /** Young people per event when everyone is queued at once: one event is about one reassessment batch. */
    private static final int EVENT_SIZE = 1000;

    private void enqueue(Collection<UUID> masters, String cause, String feedId) {
        List<UUID> people = masters.stream().distinct().sorted().toList();
        BulkSql.update(jdbc, "insert into person_change (hub_ids, people, cause, feed_id) values (?, ?, ?, ?)",
                BulkSql.column("uuid", people), people.size(), cause, feedId);
        wakeAfterCommit();
    }

    /** Workers on this node start at once on what this node changed; other nodes' changes they find by polling. */
    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
        } else {
            wake();
        }
    }

    private void wake() {
        lock.lock();
        try {
            commits++;
            committed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * What waits on the change feed: young people not yet assessed since a change (one changed twice while waiting
     * counts twice), how long the oldest change has waited, and those set aside after their assessment failed again
     * and again.
     */
    public record Backlog(long waiting, Instant oldestChange, long setAside, Map<String, FeedBacklog> byFeed) {

        /** Seconds the longest-waiting young person has waited, 0 when none waits. */
        public long oldestWaitSeconds() {
            return secondsSince(oldestChange);
        }
    }

    /** The young people a feed's runs changed who are still to be assessed. */
    public record FeedBacklog(long waiting, Instant oldestChange) {
        public long oldestWaitSeconds() {
            return secondsSince(oldestChange);
        }
    }

    private static long secondsSince(Instant since) {
        return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toSeconds());
    }

    public Backlog backlog(int maxAttempts) {
        Map<String, FeedBacklog> byFeed = new TreeMap<>();
        long[] totals = new long[2];
        Instant[] oldest = new Instant[1];
        jdbc.query("""
                select feed_id, coalesce(sum(people) filter (where attempts < ?), 0),
                  min(changed_at) filter (where attempts < ?), coalesce(sum(people) filter (where attempts >= ?), 0)
                from person_change group by feed_id""", rs -> {
            long waiting = rs.getLong(2);
            Timestamp first = rs.getTimestamp(3);
            Instant since = first == null ? null : first.toInstant();
            totals[0] += waiting;
            totals[1] += rs.getLong(4);
            if (since != null && (oldest[0] == null || since.isBefore(oldest[0]))) {
                oldest[0] = since;
            }
            if (rs.getString(1) != null && waiting > 0) {
                byFeed.put(rs.getString(1), new FeedBacklog(waiting, since));
            }
        }, maxAttempts, maxAttempts, maxAttempts);
        return new Backlog(totals[0], oldest[0], totals[1], byFeed);
    }

    /** Young people set aside after failing are tried again (an operator fixed the cause). */
    public int retrySetAside() {
        Integer n = jdbc.queryForObject("""
                with retried as (update person_change set attempts = 0, retry_at = null where attempts > 0 returning people)
                select coalesce(sum(people), 0) from retried""", Integer.class);
        wakeAfterCommit();
        return n == null ? 0 : n;
    }

    /** Waits until a change commits on this node, or at most {@code timeout}. */
    public void awaitChange(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long seen = commits;
            long nanos = timeout.toNanos();
            while (commits == seen && nanos > 0) {
                nanos = committed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
