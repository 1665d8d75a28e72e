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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.pathwayshub.outbox.Outbox;
import org.pathwayshub.record.HubIds;
import org.pathwayshub.routing.Recipients;
import org.pathwayshub.routing.Service;
import org.pathwayshub.system.AfterCommit;
import org.pathwayshub.system.BulkSql;
import org.pathwayshub.system.HubProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Raises alerts in the caller's transaction: each candidate whose cause is new is stored once (its key is
 * unique), routed to the services that must act, and for each a delivery is recorded with only the fields
 * that service may see. Queue and webhook deliveries are queued in the outbox for their channel at once; file
 * deliveries wait for the next delivery cycle (one file per service), email for the next digest, and alert types a
 * service takes as a daily digest for that digest. An email that no SMTP server is configured to send is marked
 * UNSENDABLE, saying so. A cause the hub first sees long after it happened (old history in a first load) is
 * recorded but not sent.
 */
@Component
public class Alerts {

    public static final String DELIVERY_QUEUE_PREFIX = "hub.deliver.";

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Outbox outbox;
    private final Recipients recipients;
    private final AlertSettings settings;
    private final ObjectMapper json;
    private final HubProperties hub;

    public Alerts(JdbcTemplate jdbc, Outbox outbox, Recipients recipients, AlertSettings settings, ObjectMapper json,
                  MeterRegistry meters, HubProperties hub) {
        this.hub = hub;
        this.meters = meters;
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

    /** Why an email delivery waits: the hub has no SMTP server to send it through. */
    public static final String NO_SMTP_SERVER = "cannot be sent: no SMTP server is configured (HUB_SMTP_HOST); it goes"
            + " with the next digest once one is";

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
                deliveries.add(new Object[] {alertId, s.id(), s.channel().type(), fields.toArray(String[]::new),
                        s.digests(c.type().name())});
                messages.add(new DeliveryMessage(0, alertId, s.id(), s.channel().type(), c.type().name(), body));
            }
        }
        if (!deliveries.isEmpty()) {
            List<Long> deliveryIds = jdbc.queryForList("select nextval('alert_delivery_id_seq') from generate_series(1, ?)",
                    Long.class, deliveries.size());
            BulkSql.Columns rows = new BulkSql.Columns("int8", "uuid", "text", "text", "text", "bool", "text", "text");
            List<Outbox.Message> queued = new ArrayList<>();
            boolean smtp = !hub.getSmtp().getHost().isBlank();
            for (int i = 0; i < deliveries.size(); i++) {
                Object[] d = deliveries.get(i);
                DeliveryMessage m = messages.get(i);
                boolean digest = (Boolean) d[4];
                boolean unsendable = m.channel().equals("email") && !smtp;
                rows.add(deliveryIds.get(i), d[0], d[1], d[2], String.join(",", (String[]) d[3]), digest,
                        unsendable ? "UNSENDABLE" : "PENDING", unsendable ? NO_SMTP_SERVER : null);
                if (!digest && (m.channel().equals("queue") || m.channel().equals("webhook"))) {
                    // files, emails and digests go out in batches on their own schedules; queue and webhook now
                    DeliveryMessage withId = new DeliveryMessage(deliveryIds.get(i), m.alertId(), m.serviceId(), m.channel(),
                            m.alertType(), m.body());
                    queued.add(new Outbox.Message(UUID.randomUUID(), "queue:" + DELIVERY_QUEUE_PREFIX + m.channel() + "." + m.serviceId(), withId));
                }
            }
            // field names hold no commas: each service's list travels as one text, split back into an array
            BulkSql.update(jdbc, """
                    insert into alert_delivery (id, alert_id, service_id, channel, fields, digest, state, last_error)
                    select i, a, s, c, string_to_array(f, ','), g, st, e
                    from unnest(?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::bool[], ?::text[], ?::text[])
                      as v(i, a, s, c, f, g, st, e)""", rows);
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
        // most candidates of a re-score or a sweep were raised before: find those by key first, which is cheaper than
        // offering them to the insert, and write the facts of new ones only
        Set<String> raised = new HashSet<>();
        BulkSql.query(jdbc, "select dedupe_key from alert where dedupe_key = any(?)", rs -> raised.add(rs.getString(1)),
                BulkSql.column("text", byKey.keySet()));
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "text", "uuid", "text", "text", "text", "text", "text");
        byKey.forEach((key, c) -> {
            if (!raised.contains(key)) {
                rows.add(ids.get(key), c.type().name(), c.hubId(), c.school(), key, c.reason(), toJson(c.facts()),
                        cause.apply(c));
            }
        });
        Set<String> fresh = new HashSet<>();
        if (rows.isEmpty()) {
            return new java.util.LinkedHashSet<>();
        }
        BulkSql.query(jdbc, """
                insert into alert (id, alert_type, hub_id, school, dedupe_key, reason, facts, cause)
                select i, t, h, s, k, r, f::jsonb, c
                from unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                  as v(i, t, h, s, k, r, f, c)
                on conflict (dedupe_key) do nothing returning dedupe_key""", rs -> fresh.add(rs.getString(1)), rows);
        // keep the order the rules gave
        Set<String> ordered = new java.util.LinkedHashSet<>();
        byKey.keySet().stream().filter(fresh::contains).forEach(ordered::add);
        Map<String, Long> byType = ordered.stream().collect(java.util.stream.Collectors.groupingBy(
                k -> byKey.get(k).type().name(), java.util.stream.Collectors.counting()));
        AfterCommit.run(() -> byType.forEach((type, n) -> Counter.builder("hub.alerts.raised")
                .description("alerts raised, by type").tag("type", type).register(meters).increment(n)));
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
