package org.pathwayshub.delivery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Alert deliveries that go out together rather than one by one: a service's file of a delivery cycle, its email
 * digest, its daily digest of one alert type. Each comes with the body the service may see, the same envelope
 * and fields a queue or webhook delivery carries.
 */
@Repository
public class WaitingDeliveries {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public WaitingDeliveries(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A delivery waiting, and what the service will be sent of its alert. */
    public record Waiting(long deliveryId, UUID alertId, String type, Instant createdAt, Map<String, Object> body) {
    }

    /** Which deliveries of a service: those it takes one by one, or its daily digest of one type. */
    public record Selection(String serviceId, boolean digest, String type) {

        static Selection oneByOne(String serviceId) {
            return new Selection(serviceId, false, null);
        }

        static Selection digestOf(String serviceId, String type) {
            return new Selection(serviceId, true, type);
        }
    }

    /**
     * The oldest deliveries waiting, in the order they were made (so that the same deliveries, asked for again
     * after a crash, come in the same order).
     *
     * @param unsendableToo also those marked UNSENDABLE (emails that waited for an SMTP server)
     */
    public List<Waiting> oldest(Selection which, boolean unsendableToo, int limit) {
        return jdbc.query("""
                select d.id, a.id, a.alert_type, a.created_at, d.service_id, d.fields, a.facts::text
                from alert_delivery d join alert a on a.id = d.alert_id
                where d.service_id = ? and d.digest = ? and (?::text is null or a.alert_type = ?) and d.queued_at is null
                  and (d.state = 'PENDING' or (? and d.state = 'UNSENDABLE'))
                order by d.id limit ?""",
                (rs, n) -> {
                    Instant created = rs.getTimestamp(4).toInstant();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("alertId", rs.getString(2));
                    body.put("type", rs.getString(3));
                    body.put("service", rs.getString(5));
                    body.put("createdAt", created.toString());
                    Map<String, Object> facts = facts(rs.getString(7));
                    for (String f : (String[]) rs.getArray(6).getArray()) {
                        if (facts.containsKey(f)) {
                            body.put(f, facts.get(f));
                        }
                    }
                    return new Waiting(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), created, body);
                },
                which.serviceId(), which.digest(), which.type(), which.type(), unsendableToo, limit);
    }

    /** The alert types a service has digest deliveries waiting for. */
    public List<String> digestTypesWaiting(String serviceId) {
        return jdbc.queryForList("""
                select distinct a.alert_type from alert_delivery d join alert a on a.id = d.alert_id
                where d.service_id = ? and d.digest and d.queued_at is null and d.state in ('PENDING', 'UNSENDABLE')
                order by 1""", String.class, serviceId);
    }

    private Map<String, Object> facts(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalStateException("the facts of an alert are not JSON", e);
        }
    }
}
