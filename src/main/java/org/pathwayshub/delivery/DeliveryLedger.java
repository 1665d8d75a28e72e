package org.pathwayshub.delivery;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What became of each delivery, and the disclosure audit: a delivery is marked delivered once, and the same
 * statement records who received which fields about whom, when and why. A message may carry several deliveries
 * (a file of a delivery cycle, a digest): they are marked together.
 */
@Repository
public class DeliveryLedger {

    private final JdbcTemplate jdbc;

    public DeliveryLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * None of the deliveries waits to be made: each was made already (a redelivered message), or was withheld (the
     * consent it was shared on was withdrawn).
     *
     * @param message the broker message that carries them, when the delivery is a send that commits with it (the queue
     *                channel); deliveries recorded as made by that same message still wait, since a message that comes
     *                again did not commit, and its send was undone with it. Null for a delivery that cannot be undone
     *                (a webhook POST).
     */
    public boolean noneWaiting(List<Long> deliveryIds, String message) {
        Long open = jdbc.queryForObject("""
                select count(*) from alert_delivery where id = any(?) and (state = 'PENDING' or made_by_message = ?)""",
                Long.class, deliveryIds.toArray(Long[]::new), message);
        return open != null && open == 0;
    }

    /** As {@link #delivered(List, String)}, for a delivery not made by a broker message (a file, an email). */
    @Transactional
    public List<String> delivered(List<Long> deliveryIds) {
        return delivered(deliveryIds, null);
    }

    /**
     * Marks the deliveries done and audits the disclosures, all or none.
     *
     * @param message the broker message they were made by, if the send commits with it (see {@link #noneWaiting})
     * @return the alert type of each delivery newly marked; none when all were delivered before (a redelivered
     *         message): nothing new is recorded
     */
    @Transactional
    public List<String> delivered(List<Long> deliveryIds, String message) {
        Long[] ids = deliveryIds.toArray(Long[]::new);
        List<Long> marked = jdbc.queryForList("""
                update alert_delivery set state = 'DELIVERED', delivered_at = now(), attempts = attempts + 1, last_error = null,
                  made_by_message = ?
                where id = any(?) and state in ('PENDING', 'UNSENDABLE') returning id""", Long.class, message, (Object) ids);
        if (marked.isEmpty()) {
            return List.of();
        }
        Long[] newly = marked.toArray(Long[]::new);
        jdbc.update("""
                insert into disclosure_audit (service_id, hub_id, alert_id, delivery_id, fields, reason, channel)
                select d.service_id, a.hub_id, a.id, d.id, d.fields, a.alert_type || ': ' || a.reason, d.channel
                from alert_delivery d join alert a on a.id = d.alert_id where d.id = any(?)""", (Object) newly);
        return jdbc.queryForList("select a.alert_type from alert_delivery d join alert a on a.id = d.alert_id where d.id = any(?)",
                String.class, (Object) newly);
    }

    /**
     * The broker message that made these deliveries did not commit, so the send to the service was undone with it: they
     * wait again, and their disclosures did not happen. Only a mark made by that same message is undone.
     *
     * @return how many deliveries wait again
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int undelivered(List<Long> deliveryIds, String message) {
        List<Long> undone = jdbc.queryForList("""
                update alert_delivery set state = 'PENDING', delivered_at = null, made_by_message = null
                where id = any(?) and state = 'DELIVERED' and made_by_message = ? returning id""",
                Long.class, deliveryIds.toArray(Long[]::new), message);
        if (!undone.isEmpty()) {
            jdbc.update("delete from disclosure_audit where delivery_id = any(?)", (Object) undone.toArray(Long[]::new));
        }
        return undone.size();
    }

    /** A failed attempt, kept whatever becomes of the message (its own transaction). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void attemptFailed(List<Long> deliveryIds, String error) {
        jdbc.update("""
                update alert_delivery set attempts = attempts + 1, last_error = ?
                where id = any(?) and state in ('PENDING', 'UNSENDABLE')""", error, deliveryIds.toArray(Long[]::new));
    }

    /** The deliveries went into one message for the broker (a digest): they wait for its route, not for a batch. */
    public void queued(List<Long> deliveryIds) {
        jdbc.update("update alert_delivery set queued_at = now() where id = any(?)", (Object) deliveryIds.toArray(Long[]::new));
    }

    /** No SMTP server is configured: the emails wait, saying why, until one is. */
    @Transactional
    public void unsendable(List<Long> deliveryIds, String why) {
        jdbc.update("update alert_delivery set state = 'UNSENDABLE', last_error = ? where id = any(?) and state = 'PENDING'",
                why, deliveryIds.toArray(Long[]::new));
    }

    /** The broker gave up (redeliveries exhausted): the message waits in the dead letter queue for replay. */
    @Transactional
    public void dead(List<Long> deliveryIds, String error) {
        jdbc.update("""
                update alert_delivery set state = 'DEAD', last_error = coalesce(?, last_error)
                where id = any(?) and state = 'PENDING'""", error, deliveryIds.toArray(Long[]::new));
    }
}
