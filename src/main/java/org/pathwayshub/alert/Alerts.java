package org.pathwayshub.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.outbox.Outbox;
import org.pathwayshub.record.HubIds;
import org.pathwayshub.routing.Recipients;
import org.pathwayshub.routing.Service;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Raises alerts in the caller's transaction: each candidate whose cause is new is stored once (its key is
 * unique), routed to the services that must act, and for each a delivery is recorded with only the fields
 * that service may see and queued in the outbox for its channel. A cause the hub first sees long after it
 * happened (old history in a first load) is recorded but not sent.
 */
@Component
public class Alerts {

    public static final String DELIVERY_QUEUE_PREFIX = "hub.deliver.";

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final Recipients recipients;
    private final AlertSettings settings;
    private final ObjectMapper json;

    public Alerts(JdbcTemplate jdbc, Outbox outbox, Recipients recipients, AlertSettings settings, ObjectMapper json) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.recipients = recipients;
        this.settings = settings;
        this.json = json;
    }

    /** What a delivery route receives: the delivery, and the body the service may see. */
    public record DeliveryMessage(long deliveryId, UUID alertId, String serviceId, String channel, String alertType,
                                  Map<String, Object> body) {
    }

    /** @return the alerts stored (new causes only) */
    public List<UUID> raise(List<AlertCandidate> candidates, Map<UUID, Recipients.Person> people, String cause, LocalDate today) {
        return raise(candidates, people, c -> cause, today);
    }

    /**
     * @param cause what led to each candidate being looked at ("feed school-census run 12", "identity merge 4")
     * @return the alerts stored (new causes only)
     */
    public List<UUID> raise(List<AlertCandidate> candidates, Map<UUID, Recipients.Person> people,
                            Function<AlertCandidate, String> cause, LocalDate today) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<String, AlertCandidate> byKey = new LinkedHashMap<>();
        candidates.forEach(c -> byKey.putIfAbsent(c.dedupeKey(), c));
        Map<String, UUID> ids = new LinkedHashMap<>();
        byKey.keySet().forEach(k -> ids.put(k, HubIds.next()));
        Set<String> fresh = insertNew(byKey, ids, cause);
        List<UUID> stored = new ArrayList<>();
        List<Object[]> deliveries = new ArrayList<>();
        List<DeliveryMessage> messages = new ArrayList<>();
        Instant now = Instant.now();
        for (String key : fresh) {
            AlertCandidate c = byKey.get(key);
            UUID alertId = ids.get(key);
            stored.add(alertId);
            if (tooOld(c, today)) {
                continue;
            }
            for (Service s : route(c, c.hubId() == null ? null : people.get(c.hubId()))) {
                List<String> fields = s.fields();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("alertId", alertId.toString());
                body.put("type", c.type().name());
                body.put("service", s.id());
                body.put("createdAt", now.toString());
                for (String f : fields) {
                    if (c.facts().containsKey(f)) {
                        body.put(f, c.facts().get(f));
                    }
                }
                deliveries.add(new Object[] {alertId, s.id(), s.channel().type(), fields.toArray(String[]::new)});
                messages.add(new DeliveryMessage(0, alertId, s.id(), s.channel().type(), c.type().name(), body));
            }
        }
        if (!deliveries.isEmpty()) {
            List<Long> deliveryIds = jdbc.queryForList("select nextval('alert_delivery_id_seq') from generate_series(1, ?)",
                    Long.class, deliveries.size());
            List<Object[]> rows = new ArrayList<>();
            List<Outbox.Message> queued = new ArrayList<>();
            for (int i = 0; i < deliveries.size(); i++) {
                Object[] d = deliveries.get(i);
                rows.add(new Object[] {deliveryIds.get(i), d[0], d[1], d[2], d[3]});
                DeliveryMessage m = messages.get(i);
                if (!m.channel().equals("email")) {
                    // email goes out as a digest on its own schedule; every other channel through the broker now
                    DeliveryMessage withId = new DeliveryMessage(deliveryIds.get(i), m.alertId(), m.serviceId(), m.channel(),
                            m.alertType(), m.body());
                    queued.add(new Outbox.Message(UUID.randomUUID(), "queue:" + DELIVERY_QUEUE_PREFIX + m.channel() + "." + m.serviceId(), withId));
                }
            }
            jdbc.batchUpdate("""
                    insert into alert_delivery (id, alert_id, service_id, channel, fields, state) values (?, ?, ?, ?, ?, 'PENDING')""",
                    rows, rows.size(), (ps, r) -> {
                        ps.setLong(1, (Long) r[0]);
                        ps.setObject(2, r[1]);
                        ps.setString(3, (String) r[2]);
                        ps.setString(4, (String) r[3]);
                        ps.setArray(5, ps.getConnection().createArrayOf("text", (String[]) r[4]));
                    });
            outbox.addAll(queued);
        }
        return stored;
    }

    private List<Service> route(AlertCandidate c, Recipients.Person person) {
        if (c.namedService() != null) {
            return recipients.named(c.type().name(), c.namedService());
        }
        if (c.hubId() == null) {
            return recipients.forSchool(c.type().name(), c.school());
        }
        return recipients.forPerson(c.type().name(), person == null ? new Recipients.Person(null, c.school(), null) : person);
    }

    private boolean tooOld(AlertCandidate c, LocalDate today) {
        int recentDays = settings.number(c.type(), "recentDays", -1);
        return recentDays >= 0 && c.causeDate() != null && c.causeDate().isBefore(today.minusDays(recentDays));
    }

    /** Stores the alerts whose key is new; returns those keys. */
    private Set<String> insertNew(Map<String, AlertCandidate> byKey, Map<String, UUID> ids,
                                  Function<AlertCandidate, String> cause) {
        int n = byKey.size();
        UUID[] alertIds = new UUID[n];
        String[] types = new String[n];
        UUID[] hubIds = new UUID[n];
        String[] schools = new String[n];
        String[] keys = new String[n];
        String[] reasons = new String[n];
        String[] facts = new String[n];
        String[] causes = new String[n];
        int i = 0;
        for (Map.Entry<String, AlertCandidate> e : byKey.entrySet()) {
            AlertCandidate c = e.getValue();
            alertIds[i] = ids.get(e.getKey());
            types[i] = c.type().name();
            hubIds[i] = c.hubId();
            schools[i] = c.school();
            keys[i] = e.getKey();
            reasons[i] = c.reason();
            causes[i] = cause.apply(c);
            facts[i++] = toJson(c.facts());
        }
        Set<String> fresh = new HashSet<>();
        jdbc.query(c -> {
            var ps = c.prepareStatement("""
                    insert into alert (id, alert_type, hub_id, school, dedupe_key, reason, facts, cause)
                    select i, t, h, s, k, r, f::jsonb, c
                    from unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                      as v(i, t, h, s, k, r, f, c)
                    on conflict (dedupe_key) do nothing returning dedupe_key""");
            ps.setArray(1, c.createArrayOf("uuid", alertIds));
            ps.setArray(2, c.createArrayOf("text", types));
            ps.setArray(3, c.createArrayOf("uuid", hubIds));
            ps.setArray(4, c.createArrayOf("text", schools));
            ps.setArray(5, c.createArrayOf("text", keys));
            ps.setArray(6, c.createArrayOf("text", reasons));
            ps.setArray(7, c.createArrayOf("text", facts));
            ps.setArray(8, c.createArrayOf("text", causes));
            return ps;
        }, rs -> {
            fresh.add(rs.getString(1));
        });
        // keep the order the rules gave
        Set<String> ordered = new java.util.LinkedHashSet<>();
        byKey.keySet().stream().filter(fresh::contains).forEach(ordered::add);
        return ordered;
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
