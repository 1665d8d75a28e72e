package org.pathwayshub.reassessment;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The backlog as Prometheus gauges: {@code hub_reassessment_waiting} (young people), {@code
 * hub_reassessment_oldest_wait_seconds} and {@code hub_reassessment_set_aside}. One query serves all three for a
 * second, so a scrape reads the change feed once.
 */
@Component
public class ReassessmentMetrics implements MeterBinder {

    private static final Duration FRESH = Duration.ofSeconds(1);

    private final PersonChanges changes;
    private final int maxAttempts;
    private final AtomicReference<Reading> last = new AtomicReference<>();

    private record Reading(long at, PersonChanges.Backlog backlog) {
    }

    public ReassessmentMetrics(PersonChanges changes, HubProperties hub) {
        this.changes = changes;
        this.maxAttempts = hub.getReassessment().getMaxAttempts();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hub.reassessment.waiting", this, m -> m.backlog().waiting())
                .description("young people whose facts changed and who wait to be assessed again").register(registry);
        Gauge.builder("hub.reassessment.oldest.wait", this, m -> m.backlog().oldestWaitSeconds())
                .baseUnit("seconds").description("how long the longest-waiting young person has waited").register(registry);
        Gauge.builder("hub.reassessment.set.aside", this, m -> m.backlog().setAside())
                .description("young people whose reassessment kept failing, waiting for an operator").register(registry);
    }

    private PersonChanges.Backlog backlog() {
        Reading r = last.get();
        long now = System.nanoTime();
        if (r == null || now - r.at() > FRESH.toNanos()) {
            r = new Reading(now, changes.backlog(maxAttempts));
            last.set(r);
        }
        return r.backlog();
    }
}
