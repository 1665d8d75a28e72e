package org.pathwayshub.feed;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.spring.pollingconsumer.SpringScheduledPollConsumerScheduler;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a feed looks for work, as a data team writes it in {@code routes/<feed>.yaml}: an interval
 * ({@code 30s}, {@code 5m}, {@code every 1h}, {@code PT10M}) or a cron expression with seconds
 * ({@code 0 0 6 * * MON-FRI}: 06:00 on weekdays).
 */
public final class FeedSchedule {

    private static final Pattern INTERVAL = Pattern.compile("(?:every\\s+)?(\\d+)\\s*(ms|s|m|h|d)");

    private final String text;
    private final Duration interval;
    private final CronExpression cron;

    private FeedSchedule(String text, Duration interval, CronExpression cron) {
        this.text = text;
        this.interval = interval;
        this.cron = cron;
    }

    public static FeedSchedule parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = INTERVAL.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return interval(t, d);
        }
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return interval(t, Duration.parse(t.toUpperCase(Locale.ROOT)));
            } catch (RuntimeException e) {
                // not a duration: fall through to the message below
            }
        }
        try {
            return new FeedSchedule(t, null, CronExpression.parse(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule '" + t + "' is neither an interval (30s, 5m, 1h, PT10M) nor a"
                    + " cron expression with seconds (0 0 6 * * MON-FRI): " + e.getMessage());
        }
    }

    private static FeedSchedule interval(String text, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("schedule '" + text + "' must be a positive interval");
        }
        return new FeedSchedule(text, d, null);
    }

    public String text() {
        return text;
    }

    public boolean isCron() {
        return cron != null;
    }

    /** A scheduler for a Camel polling consumer (file, SFTP, SQL) that polls on this schedule. */
    public ScheduledPollConsumerScheduler scheduler() {
        if (cron != null) {
            SpringScheduledPollConsumerScheduler scheduler = new SpringScheduledPollConsumerScheduler();
            scheduler.setCron(text);
            return scheduler;
        }
        DefaultScheduledPollConsumerScheduler scheduler = new DefaultScheduledPollConsumerScheduler();
        scheduler.setInitialDelay(1000);
        scheduler.setDelay(interval.toMillis());
        scheduler.setTimeUnit(TimeUnit.MILLISECONDS);
        scheduler.setUseFixedDelay(true);
        return scheduler;
    }

    /** The next time the feed looks for work after {@code lastPoll} (or now, for a cron). */
    public Instant nextAfter(Instant lastPoll, Instant now, ZoneId zone) {
        if (cron != null) {
            ZonedDateTime next = cron.next(ZonedDateTime.ofInstant(now, zone));
            return next == null ? null : next.toInstant();
        }
        Instant base = lastPoll != null ? lastPoll : now;
        Instant next = base.plus(interval);
        return next.isBefore(now) ? now : next;
    }
}
