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
        Duration d = duration(t);
        if (d != null) {
            return interval(t, d);
        }
        try {
            return new FeedSchedule(t, null, CronExpression.parse(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule '" + t + "' is neither an interval (30s, 5m, 1h, PT10M) nor a"
                    + " cron expression with seconds (0 0 6 * * MON-FRI): " + e.getMessage());
        }
    }

    /** An interval as written in a routes file: 30s, 5m, 1h, 2d, every 10m, PT10M. */
    public static Duration parseDuration(String text) {
        Duration d = duration(text == null ? "" : text.trim());
        if (d == null) {
            throw new IllegalArgumentException("'" + text + "' is not an interval (30s, 5m, 1h, PT10M)");
        }
        return d;
    }

    private static Duration duration(String t) {
        Matcher m = INTERVAL.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
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

    /**
     * For a deadline schedule ("a file by 09:00 on weekdays"): the deadline before the latest one that has
     * passed. A delivery is overdue when none has arrived since then. Null for an interval schedule.
     */
    public Instant deadlineBeforeLast(Instant now, ZoneId zone) {
        if (cron == null) {
            return null;
        }
        ZonedDateTime first = cron.next(ZonedDateTime.ofInstant(now, zone));
        ZonedDateTime second = first == null ? null : cron.next(first);
        if (second == null) {
            return null;
        }
        // look back far enough to pass two deadlines; irregular crons (weekdays only) need more than one period
        Duration lookBack = Duration.between(first, second).multipliedBy(3);
        ZonedDateTime last = null;
        ZonedDateTime beforeLast = null;
        for (int attempt = 0; attempt < 12 && beforeLast == null; attempt++, lookBack = lookBack.multipliedBy(2)) {
            ZonedDateTime t = ZonedDateTime.ofInstant(now, zone).minus(lookBack);
            last = null;
            for (int i = 0; i < 100_000; i++) {
                ZonedDateTime next = cron.next(t);
                if (next == null || next.toInstant().isAfter(now)) {
                    break;
                }
                beforeLast = last;
                last = next;
                t = next;
            }
        }
        return beforeLast == null ? null : beforeLast.toInstant();
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
