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
     *                (a webhook POST). A delivery in doubt ({@link #inDoubt}) waits too, whatever message comes.
     */
    public boolean noneWaiting(List<Long> deliveryIds, String message) {
        Long open = jdbc.queryForObject("""
                select count(*) from alert_delivery
                where id = any(?) and (state = 'PENDING' or made_by_message = ? or in_doubt)""",
                Long.class, deliveryIds.toArray(Long[]::new), message);
        return open != null && open == 0;
    }

    /** As {@link #delivered(List, String)}, for a delivery not made by a broker message (a file, an email). */
    @Transactional
    public List<String> delivered(List<Long> deliveryIds) {
        return delivered(deliveryIds, null).newTypes();
    }

    /**
     * Marks the deliveries done and audits the disclosures, all or none.
     *
     * @param message the broker message they were made by, if the send commits with it (see {@link #noneWaiting})
     * @return what was marked: nothing when all were delivered before (a redelivered message)
     */
    @Transactional
    public Marked delivered(List<Long> deliveryIds, String message) {
        Long[] ids = deliveryIds.toArray(Long[]::new);
        // sent again while in doubt: the send stands now; it was audited when first made
        int resent = jdbc.update("""
                update alert_delivery set delivered_at = now(), attempts = attempts + 1, made_by_message = ?, in_doubt = false
                where id = any(?) and in_doubt""", message, (Object) ids);
        List<Long> marked = jdbc.queryForList("""
                update alert_delivery set state = 'DELIVERED', delivered_at = now(), attempts = attempts + 1, last_error = null,
                  made_by_message = ?
                where id = any(?) and state in ('PENDING', 'UNSENDABLE') returning id""", Long.class, message, (Object) ids);
        if (marked.isEmpty()) {
            return new Marked(List.of(), resent);
        }
        Long[] newly = marked.toArray(Long[]::new);
        jdbc.update("""
                insert into disclosure_audit (service_id, hub_id, alert_id, delivery_id, fields, reason, channel)
                select d.service_id, a.hub_id, a.id, d.id, d.fields, a.alert_type || ': ' || a.reason, d.channel
                from alert_delivery d join alert a on a.id = d.alert_id where d.id = any(?)""", (Object) newly);
        return new Marked(jdbc.queryForList("select a.alert_type from alert_delivery d join alert a on a.id = d.alert_id"
                + " where d.id = any(?)", String.class, (Object) newly), resent);
    }

    /**
     * What {@link #delivered(List, String)} marked: the alert type of each delivery newly made, and how many made
     * again after being in doubt (not counted again). Nothing when all were made before (a redelivered message).
     */
    public record Marked(List<String> newTypes, int resent) {
        public boolean nothing() {
            return newTypes.isEmpty() && resent == 0;
        }
    }

    /**
     * The JMS commit of the message that made these deliveries failed with its outcome unknown: the broker went away
     * during it. Most such commits did complete, so they stay DELIVERED; but if the broker had not stored the message
     * (it may dispatch one before storing it) the send was lost with it, and the event comes again as a new message.
     * In doubt, whichever message comes next about them sends them again: a rare second copy rather than a loss.
     *
     * @return how many deliveries are now in doubt
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int inDoubt(List<Long> deliveryIds, String message) {
        return jdbc.update("""
                update alert_delivery set in_doubt = true
                where id = any(?) and state = 'DELIVERED' and made_by_message = ?""", deliveryIds.toArray(Long[]::new), message);
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
