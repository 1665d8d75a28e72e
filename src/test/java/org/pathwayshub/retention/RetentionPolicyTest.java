package org.pathwayshub.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;

import org.junit.jupiter.api.Test;
import org.pathwayshub.system.MappingFileException;

class RetentionPolicyTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);

    private static RetentionPolicy shipped() throws Exception {
        try (var in = Files.newInputStream(Path.of(RetentionPolicy.FILE))) {
            return RetentionPolicy.read(in, RetentionPolicy.FILE);
        }
    }

    private static RetentionPolicy read(String yaml) {
        return RetentionPolicy.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "retention.yaml");
    }

    @Test
    void theShippedPolicyKeepsTheCohortToTwentyOrTwentyFiveWithSendThenAYear() throws Exception {
        assertThat(shipped()).isEqualTo(new RetentionPolicy("cohort-age-limit", 20, 25, Period.ofYears(1)));
    }

    @Test
    void withoutSendAYoungPersonIsErasedOnTheirTwentyFirstBirthdayAndNotADayBefore() throws Exception {
        RetentionPolicy policy = shipped();
        LocalDate dob = TODAY.minusYears(21);
        assertThat(policy.erasableFrom(dob, false)).isEqualTo(TODAY);
        assertThat(policy.due(dob, false, TODAY)).as("the 21st birthday is the day").isTrue();
        assertThat(policy.due(dob, false, TODAY.minusDays(1))).as("the day before it").isFalse();
        assertThat(policy.due(dob.plusDays(1), false, TODAY)).as("born a day later: turns 21 tomorrow").isFalse();
        assertThat(policy.due(dob.minusDays(1), false, TODAY)).as("born a day earlier: 21 since yesterday").isTrue();
    }

    @Test
    void withSendTheyAreKeptUntilTheirTwentySixthBirthday() throws Exception {
        RetentionPolicy policy = shipped();
        LocalDate dob = TODAY.minusYears(26);
        assertThat(policy.erasableFrom(dob, true)).isEqualTo(TODAY);
        assertThat(policy.due(dob, true, TODAY)).isTrue();
        assertThat(policy.due(dob, true, TODAY.minusDays(1))).isFalse();
        assertThat(policy.due(dob.plusDays(1), true, TODAY)).as("26 tomorrow").isFalse();
        assertThat(policy.due(TODAY.minusYears(22), true, TODAY)).as("22 with SEND").isFalse();
        assertThat(policy.due(TODAY.minusYears(22), false, TODAY)).as("22 without SEND").isTrue();
        assertThat(policy.due(TODAY.minusYears(25), true, TODAY)).as("25 with SEND: past the limit, within the year after it")
                .isFalse();
    }

    @Test
    void aLeapDayBirthdayFallsOnTheFirstOfMarchInACommonYear() throws Exception {
        RetentionPolicy policy = shipped();
        LocalDate leapling = LocalDate.of(2004, 2, 29);
        // 21 in 2025, a common year: the birthday is 1 March, so 28 February is still the day before
        assertThat(policy.erasableFrom(leapling, false)).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(policy.due(leapling, false, LocalDate.of(2025, 2, 28))).isFalse();
        assertThat(policy.due(leapling, false, LocalDate.of(2025, 3, 1))).isTrue();
        // 26 in 2030, a common year too; one born the day before is erased on their birthday, 28 February
        assertThat(policy.erasableFrom(leapling, true)).isEqualTo(LocalDate.of(2030, 3, 1));
        assertThat(policy.erasableFrom(LocalDate.of(2004, 2, 28), true)).isEqualTo(LocalDate.of(2030, 2, 28));
        // a limit and period that land in a leap year keep 29 February
        RetentionPolicy toALeapYear = new RetentionPolicy("leap", 20, 25, Period.ZERO);
        assertThat(toALeapYear.erasableFrom(leapling, false)).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void aPeriodInMonthsCountsFromTheBirthdayAndAShortMonthMovesToTheFirstOfTheNext() {
        RetentionPolicy sixMonths = new RetentionPolicy("six-months", 20, 25, Period.ofMonths(6));
        assertThat(sixMonths.erasableFrom(LocalDate.of(2005, 6, 15), false)).isEqualTo(LocalDate.of(2025, 12, 15));
        // 31 August + 20 years 6 months: there is no 31 February
        assertThat(sixMonths.erasableFrom(LocalDate.of(2004, 8, 31), false)).isEqualTo(LocalDate.of(2025, 3, 1));
    }

    @Test
    void everyoneDueIsBornOnOrBeforeTheCandidatesDay() throws Exception {
        RetentionPolicy policy = shipped();
        RetentionPolicy months = new RetentionPolicy("months", 18, 25, Period.of(0, 7, 3));
        for (RetentionPolicy p : new RetentionPolicy[] {policy, months}) {
            for (LocalDate today = LocalDate.of(2027, 1, 1); today.isBefore(LocalDate.of(2029, 1, 1)); today = today.plusDays(1)) {
                LocalDate bound = p.candidatesBornOnOrBefore(today);
                // the first days after the bound are never due; so none later is (due falls with the date of birth)
                for (int after = 1; after <= 4; after++) {
                    assertThat(p.due(bound.plusDays(after), false, today)).as("%s on %s, born %s", p.name(), today,
                            bound.plusDays(after)).isFalse();
                }
            }
        }
    }

    @Test
    void aMistakeInThePolicyFileIsRefusedNamingTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> read("policy: p\nageLimit: 20\nageLimitWithSend: 25\nkeepFor: a year\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("keepFor").hasMessageContaining("P1Y")
                .hasMessageContaining("'a year'");
        assertThatThrownBy(() -> read("policy: p\nageLimit: 20\nageLimitWithSend: 25\nkeepFor: P-1Y\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("keepFor");
        assertThatThrownBy(() -> read("policy: p\nageLimit: 25\nageLimitWithSend: 20\nkeepFor: P1Y\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("ageLimitWithSend").hasMessageContaining("no lower");
        assertThatThrownBy(() -> read("policy: p\nageLimit: twenty\nageLimitWithSend: 25\nkeepFor: P1Y\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("ageLimit").hasMessageContaining("'twenty'");
        assertThatThrownBy(() -> read("policy: p\nageLimit: 20\nageLimitWithSend: 25\nkeepFor: P1Y\nkeepfor: P2Y\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("keepfor is not part of the policy");
        assertThatThrownBy(() -> read("ageLimit: 20\nageLimitWithSend: 25\nkeepFor: P1Y\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("policy");
    }
}
