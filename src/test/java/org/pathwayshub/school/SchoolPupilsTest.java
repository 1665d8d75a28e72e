package org.pathwayshub.school;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.record.YoungPersonFacts;

/** Who counts as a school's pupil: their latest census is from it, this school year or the last. */
class SchoolPupilsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);

    private static YoungPersonFacts withCensus(YoungPersonFacts.Census... census) {
        return new YoungPersonFacts(UUID.randomUUID(), null, List.of(), List.of(), List.of(census), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static YoungPersonFacts.Census census(LocalDate day, String laEstab, int ncYear) {
        return new YoungPersonFacts.Census(day, laEstab, ncYear, false, "N", "ENG", null);
    }

    @Test
    void aPupilOnThisYearsCensusOrLastYearsLeaverIsTheSchoolsOwn() {
        assertThat(SchoolFlags.isPupil(withCensus(census(LocalDate.of(2026, 10, 1), "9254000", 10)), "9254000", TODAY)).isTrue();
        assertThat(SchoolFlags.isPupil(withCensus(census(LocalDate.of(2026, 1, 15), "9254000", 11)), "9254000", TODAY))
                .as("last year's Year 11, on the January census").isTrue();
    }

    @Test
    void someoneWhoLeftLongerAgoOrMovedSchoolIsNot() {
        assertThat(SchoolFlags.isPupil(withCensus(census(LocalDate.of(2025, 5, 15), "9254000", 11)), "9254000", TODAY))
                .as("left in the summer of 2025").isFalse();
        assertThat(SchoolFlags.isPupil(withCensus(census(LocalDate.of(2026, 1, 15), "9254000", 9),
                census(LocalDate.of(2026, 10, 1), "9254001", 10)), "9254000", TODAY)).as("moved to another school").isFalse();
        assertThat(SchoolFlags.isPupil(withCensus(), "9254000", TODAY)).as("no census").isFalse();
    }
}
