package org.pathwayshub.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** A public form limited an hour: by address, and for everyone; a place frees an hour after it was taken. */
class SelfReferralLimitTest {

    private Instant now = Instant.parse("2026-12-05T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void theSixthFromOneAddressInAnHourWaitsUntilTheFirstIsAnHourOld() {
        SelfReferralLimit limit = new SelfReferralLimit(5, 200, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(limit.take("192.0.2.1")).as("request %d", i + 1).isZero();
            now = now.plus(Duration.ofMinutes(10));
        }
        // 50 minutes after the first: it frees in 10 minutes
        assertThat(limit.take("192.0.2.1")).isEqualTo(601);
        assertThat(limit.take("192.0.2.2")).as("another address").isZero();
        now = now.plus(Duration.ofMinutes(10));
        assertThat(limit.take("192.0.2.1")).as("the first is an hour old").isZero();
    }

    @Test
    void everyoneTogetherHasALimitToo() {
        SelfReferralLimit limit = new SelfReferralLimit(5, 3, clock);
        assertThat(limit.take("192.0.2.1")).isZero();
        assertThat(limit.take("192.0.2.2")).isZero();
        assertThat(limit.take("192.0.2.3")).isZero();
        assertThat(limit.take("192.0.2.4")).isEqualTo(3601);
    }
}
