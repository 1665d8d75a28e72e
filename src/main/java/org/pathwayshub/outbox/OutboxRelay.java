package org.pathwayshub.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.pathwayshub.system.BulkSql;
import org.pathwayshub.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox events to ActiveMQ (persistent messages), oldest first. Rows are locked
 * while they are sent ({@code for update skip locked}), so several hub nodes relay without sending an
 * event twice; a crash, or the broker going away, between send and commit can repeat some, and consumers are
 * idempotent. While it cannot publish, events wait in the outbox and the relay says so once.
 */
@Component
public class OutboxRelay extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    public static final String EVENT_ID = "HubEventId";
    private static final int PAGE = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private ProducerTemplate producer;
    /** When publishing began to fail; null while it works. */
    private Instant pausedSince;

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
                    try {
                        int sent;
                        do {
                            sent = relayPage(producer);
                        } while (sent == PAGE);
                    } catch (RuntimeException e) {
                        paused(e);
                        return;
                    }
                    if (pausedSince != null) {
                        log.info("Outbox relay publishing again, after {} s", Duration.between(pausedSince, Instant.now()).toSeconds());
                        pausedSince = null;
                    }
                });
    }

    /**
     * The broker (or the database) is away: the events wait in the outbox, and the relay tries again at its next tick.
     * One line when it starts rather than a stack trace every half second for as long as it lasts; health says the rest.
     */
    private void paused(RuntimeException e) {
        if (pausedSince == null) {
            pausedSince = Instant.now();
            log.warn("Outbox relay cannot publish ({}); events wait in the outbox until it can", LogSafe.describe(e));
        } else {
            log.debug("Outbox relay still cannot publish ({})", LogSafe.describe(e));
        }
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
