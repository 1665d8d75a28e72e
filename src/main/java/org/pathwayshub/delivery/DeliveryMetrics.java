package org.pathwayshub.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deliveries as Prometheus gauges: {@code hub_alerts_waiting} (alert deliveries not made yet) and
 * {@code hub_alerts_dead} (given up after the broker's redeliveries: the dead letters an operator replays). Counters
 * of what was raised and delivered are {@code hub_alerts_raised_total} and {@code hub_alerts_delivered_total}.
 */
@Component
public class DeliveryMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;

    public DeliveryMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hub.alerts.waiting", this, m -> m.count("PENDING"))
                .description("alert deliveries waiting to be made").register(registry);
        Gauge.builder("hub.alerts.dead", this, m -> m.count("DEAD"))
                .description("alert deliveries given up after the broker's redeliveries (dead letters)").register(registry);
    }

    private double count(String state) {
        Long n = jdbc.queryForObject("select count(*) from alert_delivery where state = ?", Long.class, state);
        return n == null ? 0 : n;
    }
}
