package org.pathwayshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** A running file's progress: share of the bytes read, the rate so far, and the time left at that rate. */
class RunProgressTest {

    private static final Instant STARTED = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void aQuarterOfTheFileReadInAMinuteLeavesThreeMinutes() {
        RunProgress p = RunProgress.of(30_000, 25_000_000L, 100_000_000L, STARTED, STARTED.plusSeconds(60));
        assertThat(p.records()).isEqualTo(30_000);
        assertThat(p.percent()).isEqualTo(25);
        assertThat(p.recordsPerSecond()).isEqualTo(500);
        assertThat(p.secondsLeft()).isEqualTo(180);
    }

    @Test
    void withoutAFileSizeOnlyTheCountAndRateAreKnown() {
        RunProgress p = RunProgress.of(1_200, null, null, STARTED, STARTED.plusSeconds(4));
        assertThat(p.percent()).isNull();
        assertThat(p.secondsLeft()).isNull();
        assertThat(p.recordsPerSecond()).isEqualTo(300);
    }

    @Test
    void nothingReadYetSaysNothing() {
        assertThat(RunProgress.of(0, null, 10L, STARTED, STARTED.plusSeconds(1))).isNull();
    }

    @Test
    void aFileReadToTheEndHasNoTimeLeft() {
        RunProgress p = RunProgress.of(500, 1_000L, 1_000L, STARTED, STARTED.plusSeconds(10));
        assertThat(p.percent()).isEqualTo(100);
        assertThat(p.secondsLeft()).isZero();
    }
}
