package org.pathwayshub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A drill's crash point is armed only by name, and counts until its time (halting is the drill's to see). */
class DrillCrashPointsTest {

    @AfterEach
    void disarm() {
        DrillCrashPoints.arm(null);
    }

    @Test
    void unarmedPointsCostNothingAndCountNothing() {
        DrillCrashPoints.reach(DrillCrashPoints.MID_BATCH);
        assertThat(DrillCrashPoints.reached()).isEmpty();
    }

    @Test
    void onlyTheNamedPointCountsTowardsItsTime() {
        DrillCrashPoints.arm("Between-Batches:3");
        DrillCrashPoints.reach(DrillCrashPoints.BETWEEN_BATCHES);
        DrillCrashPoints.reach(DrillCrashPoints.PARSING);
        DrillCrashPoints.reach(DrillCrashPoints.BETWEEN_BATCHES);
        assertThat(DrillCrashPoints.reached()).containsEntry(DrillCrashPoints.BETWEEN_BATCHES, 2);
    }

    @Test
    void anUnknownPointIsRefusedWithTheNamesThatExist() {
        assertThatThrownBy(() -> DrillCrashPoints.arm("during-lunch")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HUB_DRILL_CRASH_AT").hasMessageContaining("between-batches").hasMessageContaining("during-lunch");
    }
}
