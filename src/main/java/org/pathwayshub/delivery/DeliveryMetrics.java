package org.pathwayshub.delivery;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deliveries as Prometheus meters: {@code hub_alerts_waiting} (alert deliveries not made yet),
 * {@code hub_alerts_unsendable} (emails with no SMTP server to send them), {@code hub_alerts_dead} (given up after
 * the broker's redeliveries: the dead letters an operator replays) and {@code hub_alerts_delivered_total} by type
 * and channel; and the log's one line a minute of what was delivered (each delivery is logged at DEBUG only).
 */
@Component
public class DeliveryMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(DeliveryMetrics.class);

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    /** Deliveries made since the last summary line, by channel. */
    private final Map<String, LongAdder> sinceSummary = new ConcurrentHashMap<>();

    public DeliveryMetrics(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hub.alerts.waiting", this, m -> m.count("PENDING"))
                .description("alert deliveries waiting to be made").register(registry);
        Gauge.builder("hub.alerts.unsendable", this, m -> m.count("UNSENDABLE"))
                .description("email deliveries waiting because no SMTP server is configured").register(registry);
        Gauge.builder("hub.alerts.dead", this, m -> m.count("DEAD"))
                .description("alert deliveries given up after the broker's redeliveries (dead letters)").register(registry);
    }

    /** Counts deliveries just made: one alert type per delivery. */
    void delivered(String channel, List<String> alertTypes) {
        alertTypes.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting())).forEach((type, n) ->
                Counter.builder("hub.alerts.delivered").description("alerts delivered, by type and channel")
                        .tag("type", type).tag("channel", channel).register(meters).increment(n));
        sinceSummary.computeIfAbsent(channel, c -> new LongAdder()).add(alertTypes.size());
    }

    /** The summary line of what was delivered since the last one, if anything was. */
    void logSummary() {
        Map<String, Long> counts = new TreeMap<>();
        sinceSummary.forEach((channel, n) -> {
            long sum = n.sumThenReset();
            if (sum > 0) {
                counts.put(channel, sum);
            }
        });
        if (!counts.isEmpty()) {
            log.info("Delivered {} alerts in the last minute: {}", counts.values().stream().mapToLong(Long::longValue).sum(),
                    counts.entrySet().stream().map(c -> c.getValue() + " by " + c.getKey()).collect(Collectors.joining(", ")));
        }
    }

    private double count(String state) {
        Long n = jdbc.queryForObject("select count(*) from alert_delivery where state = ?", Long.class, state);
        return n == null ? 0 : n;
    }
}
