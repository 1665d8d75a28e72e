package org.pathwayshub.delivery;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

import org.pathwayshub.access.AccessAudit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alert deliveries the broker gave up on (DEAD in the ledger; the message kept on {@code hub.deliver.dead}), and
 * their replay: the delivery's own message, as first queued, goes through the outbox to the same channel queue
 * again (a digest's message, with every delivery it carries), and the ledger shows it PENDING until the channel has
 * made it; who replayed it is in the access audit. Files and emails, written and sent in batches by jobs, are not
 * dead-lettered: they wait for the next cycle.
 */
@Component
public class DeadLetters {

    private final JdbcTemplate jdbc;
    private final AccessAudit audit;

    public DeadLetters(JdbcTemplate jdbc, AccessAudit audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** A delivery given up on. */
    public record DeadLetter(long deliveryId, UUID alertId, String alertType, String service, String channel, int attempts,
                             String lastError, Instant alertCreatedAt) {
    }

    /** The delivery cannot be replayed (not dead, or its message is not kept); the message says why. */
    public static final class NotReplayable extends RuntimeException {
        NotReplayable(String message) {
            super(message);
        }
    }

    public List<DeadLetter> list(int offset, int limit) {
        return jdbc.query("""
                select d.id, d.alert_id, a.alert_type, d.service_id, d.channel, d.attempts, d.last_error, a.created_at
                from alert_delivery d join alert a on a.id = d.alert_id where d.state = 'DEAD'
                order by a.created_at desc, d.id desc offset ? limit ?""",
                (rs, n) -> new DeadLetter(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant()), offset, limit);
    }

    public long count() {
        Long n = jdbc.queryForObject("select count(*) from alert_delivery where state = 'DEAD'", Long.class);
        return n == null ? 0 : n;
    }

    /** Sends the delivery's message to its channel again; the ledger notes who replayed it. */
    @Transactional
    public void replay(long deliveryId, String who) {
        List<String> state = jdbc.queryForList("select state from alert_delivery where id = ? for update", String.class,
                deliveryId);
        if (state.isEmpty()) {
            throw new NoSuchElementException("no alert delivery " + deliveryId);
        }
        if (!"DEAD".equals(state.get(0))) {
            throw new NotReplayable("delivery " + deliveryId + " is " + state.get(0) + ", not DEAD");
        }
        // the message as first queued: this delivery's own, or the digest that carried it with others
        List<Long> outboxIds = jdbc.queryForList("""
                select o.id from outbox o
                where o.destination like 'queue:hub.deliver.%'
                  and ((o.payload ->> 'deliveryId')::bigint = ? or coalesce(o.payload -> 'deliveryIds', '[]') @> to_jsonb(?::bigint))
                order by o.id limit 1""", Long.class, deliveryId, deliveryId);
        if (outboxIds.isEmpty()) {
            throw new NotReplayable("the message of delivery " + deliveryId + " is no longer kept in the outbox");
        }
        jdbc.update("""
                insert into outbox (event_id, destination, payload) select ?, destination, payload from outbox where id = ?""",
                UUID.randomUUID(), outboxIds.get(0));
        jdbc.update("""
                update alert_delivery set state = 'PENDING', attempts = 0, last_error = 'replayed by ' || ? || ' after: '
                  || coalesce(last_error, '')
                where state = 'DEAD' and id in (
                  select ?::bigint union select jsonb_array_elements_text(coalesce(payload -> 'deliveryIds', '[]'))::bigint
                  from outbox where id = ?)""", who, deliveryId, outboxIds.get(0));
        audit.record(who, "dead-letter-replayed", null, "alert delivery " + deliveryId);
    }
}
