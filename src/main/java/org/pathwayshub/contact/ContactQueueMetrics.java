package org.pathwayshub.contact;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The not-known queue in Prometheus, by reason: {@code hub_contact_queue_size} (young people on it) and
 * {@code hub_contact_queue_oldest_days} (how long the oldest entry has been on it). The queue is worked out, not
 * stored, so the figures are those of the last time anyone listed it, worked out again at a scrape when older than
 * a minute: a scrape every few seconds does not read the whole cohort each time.
 */
@Component
public class ContactQueueMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ContactQueueMetrics.class);
    private static final Duration FRESH = Duration.ofMinutes(1);

    private final NotKnownQueue queue;

    public ContactQueueMetrics(NotKnownQueue queue) {
        this.queue = queue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (QueueReason reason : QueueReason.values()) {
            Gauge.builder("hub.contact.queue.size", this, m -> m.current().size().getOrDefault(reason, 0))
                    .description("young people on the not-known queue, by reason").tag("reason", reason.name())
                    .register(registry);
            Gauge.builder("hub.contact.queue.oldest.days", this, m -> m.current().oldestDays().getOrDefault(reason, 0L))
                    .description("days the oldest entry of the not-known queue has been on it, by reason")
                    .tag("reason", reason.name()).register(registry);
        }
    }

    private NotKnownQueue.Snapshot current() {
        NotKnownQueue.Snapshot s = queue.snapshot();
        if (s == null || s.at().isBefore(Instant.now().minus(FRESH))) {
            try {
                queue.entries(LocalDate.now());
                s = queue.snapshot();
            } catch (RuntimeException e) {
                // the database away: the last figures stand until it is back
                log.debug("The not-known queue could not be worked out for its gauges ({})", e.getClass().getSimpleName());
            }
        }
        return s != null ? s : new NotKnownQueue.Snapshot(Instant.EPOCH, java.util.Map.of(), java.util.Map.of());
    }
}
