package org.pathwayshub.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox events to ActiveMQ (persistent messages), oldest first. Rows are locked
 * while they are sent ({@code for update skip locked}), so several hub nodes relay without sending an
 * event twice; a crash between send and commit can repeat one, and consumers are idempotent by event id.
 */
@Component
public class OutboxRelay extends RouteBuilder {

    public static final String EVENT_ID = "HubEventId";
    private static final int PAGE = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private ProducerTemplate producer;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void configure() {
        from("timer:outbox-relay?period={{hub.outbox.relay-interval:500}}&delay=1000")
                .routeId("outbox-relay")
                .process(exchange -> {
                    if (producer == null) {
                        // one template for the life of the route: the timer runs on a single thread
                        producer = exchange.getContext().createProducerTemplate();
                    }
                    int sent;
                    do {
                        sent = relayPage(producer);
                    } while (sent == PAGE);
                });
    }

    private record Pending(long id, String eventId, String destination, String payload) {
    }

    /** Sends one page of unpublished events and marks them published; returns how many were sent. */
    int relayPage(ProducerTemplate producer) {
        Integer sent = tx.execute(status -> {
            List<Pending> pending = jdbc.query("""
                    select id, event_id, destination, payload::text from outbox where published_at is null
                    order by id limit ? for update skip locked""",
                    (rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), PAGE);
            List<Long> ids = new ArrayList<>(pending.size());
            for (Pending p : pending) {
                producer.sendBodyAndHeaders("activemq6:" + p.destination(), p.payload(), Map.of(EVENT_ID, p.eventId()));
                ids.add(p.id());
            }
            if (!ids.isEmpty()) {
                BulkSql.update(jdbc, "update outbox set published_at = now() where id = any(?)", BulkSql.column("int8", ids));
            }
            return pending.size();
        });
        return sent == null ? 0 : sent;
    }
}
