package org.pathwayshub.delivery;


import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What became of each delivery, and the disclosure audit: a delivery is marked delivered once, and the same
 * statement records who received which fields about whom, when and why.
 */
@Repository
public class DeliveryLedger {

    private final JdbcTemplate jdbc;

    public DeliveryLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isDelivered(long deliveryId) {
        return Boolean.TRUE.equals(jdbc.query("select state = 'DELIVERED' from alert_delivery where id = ?",
                rs -> rs.next() ? rs.getBoolean(1) : Boolean.FALSE, deliveryId));
    }

    /**
     * Marks the delivery done and audits the disclosure, both or neither.
     *
     * @return false when it was already delivered (a redelivered message): nothing new is recorded
     */
    @Transactional
    public boolean delivered(long deliveryId) {
        int updated = jdbc.update("""
                update alert_delivery set state = 'DELIVERED', delivered_at = now(), attempts = attempts + 1, last_error = null
                where id = ? and state <> 'DELIVERED'""", deliveryId);
        if (updated == 0) {
            return false;
        }
        jdbc.update("""
                insert into disclosure_audit (service_id, hub_id, alert_id, delivery_id, fields, reason, channel)
                select d.service_id, a.hub_id, a.id, d.id, d.fields, a.alert_type || ': ' || a.reason, d.channel
                from alert_delivery d join alert a on a.id = d.alert_id where d.id = ?""", deliveryId);
        return true;
    }

    /** A failed attempt, kept whatever becomes of the message (its own transaction). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void attemptFailed(long deliveryId, String error) {
        jdbc.update("update alert_delivery set attempts = attempts + 1, last_error = ? where id = ? and state = 'PENDING'",
                error, deliveryId);
    }

    /** The broker gave up (redeliveries exhausted): the message waits in the dead letter queue for replay. */
    @Transactional
    public void dead(long deliveryId, String error) {
        jdbc.update("update alert_delivery set state = 'DEAD', last_error = coalesce(?, last_error) where id = ? and state = 'PENDING'",
                error, deliveryId);
    }
}
