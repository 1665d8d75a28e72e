package org.pathwayshub.outbox;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Events to publish, written in the caller's transaction so they leave if and only if the change that
 * caused them commits. {@link OutboxRelay} sends them to the broker afterwards.
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public Outbox(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An event for {@link #addAll}. */
    public record Message(UUID eventId, String destination, Object event) {
    }

    /** Many events in one statement batch (an alert's deliveries, say). */
    public void addAll(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "text", "text");
        for (Message m : messages) {
            try {
                rows.add(m.eventId(), m.destination(), json.writeValueAsString(m.event()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write event " + m.event().getClass().getSimpleName() + " as JSON", e);
            }
        }
        // in the order given, so the relay publishes them in that order
        BulkSql.update(jdbc, """
                insert into outbox (event_id, destination, payload)
                select e, d, p::jsonb from unnest(?::uuid[], ?::text[], ?::text[]) with ordinality as v(e, d, p, n) order by n""",
                rows);
    }

    /** @param destination {@code topic:<name>} or {@code queue:<name>}; topics named {@code VirtualTopic.*} give each consuming service its own durable queue */
    public void add(UUID eventId, String destination, Object event) {
        addAll(List.of(new Message(eventId, destination, event)));
    }
}
