package org.pathwayshub.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.apache.camel.spring.pollingconsumer.SpringScheduledPollConsumerScheduler;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
import org.junit.jupiter.api.Test;

class FeedScheduleTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static Instant at(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), LONDON).toInstant();
    }

    @Test
    void readsIntervalsAsADataTeamWritesThem() {
        assertThat(FeedSchedule.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(FeedSchedule.parseDuration("every 5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FeedSchedule.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(FeedSchedule.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(FeedSchedule.parse("5s").isCron()).isFalse();
        assertThat(FeedSchedule.parse("0 0 6 * * MON-FRI").isCron()).isTrue();
    }

    @Test
    void refusesWhatIsNeitherAnIntervalNorACronSayingWhatWouldDo() {
        assertThatThrownBy(() -> FeedSchedule.parse("every now and then"))
                .hasMessageContaining("neither an interval (30s, 5m, 1h, PT10M) nor a cron expression with seconds");
        assertThatThrownBy(() -> FeedSchedule.parse("0s")).hasMessageContaining("positive");
    }

    @Test
    void anIntervalPollsOnAFixedDelayAndACronOnSpringsCronScheduler() {
        assertThat(FeedSchedule.parse("7s").scheduler()).isInstanceOfSatisfying(DefaultScheduledPollConsumerScheduler.class,
                s -> assertThat(s.getDelay()).isEqualTo(7000));
        assertThat(FeedSchedule.parse("0 0 6 * * *").scheduler()).isInstanceOfSatisfying(SpringScheduledPollConsumerScheduler.class,
                s -> assertThat(s.getCron()).isEqualTo("0 0 6 * * *"));
    }

    @Test
    void theDeadlineBeforeLastIsTheOneADeliveryMustHaveFollowed() {
        FeedSchedule weekdays9am = FeedSchedule.parse("0 0 9 * * MON-FRI");
        // Monday 2026-11-23 10:00: the last deadline is Monday 09:00, the one before Friday 09:00
        assertThat(weekdays9am.deadlineBeforeLast(at("2026-11-23T10:00"), LONDON)).isEqualTo(at("2026-11-20T09:00"));
        // Monday 08:00: the last deadline was Friday 09:00, the one before Thursday 09:00
        assertThat(weekdays9am.deadlineBeforeLast(at("2026-11-23T08:00"), LONDON)).isEqualTo(at("2026-11-19T09:00"));

        FeedSchedule monthly = FeedSchedule.parse("0 0 18 5 * *");
        assertThat(monthly.deadlineBeforeLast(at("2026-11-22T12:00"), LONDON)).isEqualTo(at("2026-10-05T18:00"));

        FeedSchedule every3s = FeedSchedule.parse("*/3 * * * * *");
        assertThat(every3s.deadlineBeforeLast(at("2026-11-22T12:00:10"), LONDON)).isEqualTo(at("2026-11-22T12:00:06"));

        assertThat(FeedSchedule.parse("1m").deadlineBeforeLast(at("2026-11-22T12:00"), LONDON)).isNull();
    }

    @Test
    void theNextRunOfAnIntervalFollowsTheLastPollAndOfACronItsNextTime() {
        Instant now = at("2026-11-22T12:00");
        assertThat(FeedSchedule.parse("10s").nextAfter(now.minusSeconds(4), now, LONDON)).isEqualTo(now.plusSeconds(6));
        assertThat(FeedSchedule.parse("0 0 6 * * *").nextAfter(null, now, LONDON)).isEqualTo(at("2026-11-23T06:00"));
    }
}
