package org.pathwayshub.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.pathwayshub.system.MappingFileException;

class WorkingDaysTest {

    private static WorkingDays shipped() throws Exception {
        return WorkingDays.read(Files.newInputStream(Path.of(WorkingDays.FILE)), WorkingDays.FILE);
    }

    @Test
    void fiveWorkingDaysSkipTheWeekend() throws Exception {
        // Monday 16 November 2026 + 5: Monday 23rd
        assertThat(shipped().plus(LocalDate.of(2026, 11, 16), 5)).isEqualTo(LocalDate.of(2026, 11, 23));
        // a referral made on a Saturday: the first working day is Monday
        assertThat(shipped().plus(LocalDate.of(2026, 11, 21), 1)).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void christmasAndTheSubstituteBoxingDayAreNotWorkingDays() throws Exception {
        WorkingDays days = shipped();
        // Wednesday 23 December 2026 + 2: Thursday 24th, then Friday 25th (Christmas), the weekend and Monday 28th
        // (Boxing Day's substitute) are skipped: Tuesday 29th
        assertThat(days.plus(LocalDate.of(2026, 12, 23), 2)).isEqualTo(LocalDate.of(2026, 12, 29));
        assertThat(days.isWorkingDay(LocalDate.of(2027, 3, 26))).as("Good Friday 2027").isFalse();
        assertThat(days.knows(LocalDate.of(2028, 6, 1))).isTrue();
        assertThat(days.knows(LocalDate.of(2029, 1, 2))).isFalse();
    }

    @Test
    void aDayInTheWrongYearIsRefusedNamingIt() {
        assertThatThrownBy(() -> WorkingDays.read(new ByteArrayInputStream("days:\n  2026: [2027-01-01]\n"
                .getBytes(StandardCharsets.UTF_8)), "bank-holidays.yaml"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("days.2026").hasMessageContaining("2027-01-01");
    }
}
