package org.pathwayshub.school;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;
import org.springframework.http.HttpStatus;

/**
 * A school flags its pupils with the codes of mappings/codes/school-flag.yaml only, each with an end date from today to
 * the code's maxDays ahead; anything else is refused naming the field, the value and what was expected.
 */
class SchoolFlagCodesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
    private static final SchoolFlagCodes CODES = new SchoolFlagCodes(shipped());

    private static CodeList shipped() {
        return new CodeLists(new HubConfigFiles(new HubProperties())).get(SchoolFlagCodes.LIST);
    }

    @Test
    void theShippedListHasTheFlagsSchoolsAskedForEachWithALabelAndAMaximumDuration() {
        assertThat(CODES.codes()).contains("YOUNG_CARER_UNKNOWN", "BEREAVEMENT", "DISENGAGING", "BEHAVIOUR", "MENTAL_HEALTH",
                "HOUSING");
        for (String code : CODES.codes()) {
            assertThat(CODES.label(code)).as(code).isNotBlank();
            assertThat(CODES.maxDays(code)).as(code).isBetween(1, 366);
        }
        assertThat(CODES.maxDays("DISENGAGING")).isEqualTo(120);
        assertThat(CODES.maxDays("BEREAVEMENT")).isEqualTo(365);
        // a code that sets none takes the list's default
        assertThat(CODES.maxDays("BEHAVIOUR")).isEqualTo(180);
    }

    @Test
    void aListedCodeEndingFromTodayToItsMaximumIsTaken() {
        assertThat(CODES.check("DISENGAGING", TODAY, TODAY)).isEqualTo("DISENGAGING");
        assertThat(CODES.check(" DISENGAGING ", TODAY.plusDays(120), TODAY)).isEqualTo("DISENGAGING");
    }

    @Test
    void aCodeNotInTheListIsRefusedNamingTheFieldTheValueAndTheList() {
        assertThatThrownBy(() -> CODES.check("Sad about his dad", TODAY.plusDays(10), TODAY))
                .isInstanceOfSatisfying(SchoolFlags.Refused.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .hasMessageStartingWith("code: a code of mappings/codes/school-flag.yaml (YOUNG_CARER_UNKNOWN, BEREAVEMENT,")
                .hasMessageEndingWith("(got 'Sad about his dad')");
        assertThatThrownBy(() -> CODES.check(null, TODAY, TODAY)).hasMessageEndingWith("(got nothing)");
    }

    @Test
    void anEndDateMissingInThePastOrBeyondTheCodesMaximumIsRefused() {
        assertThatThrownBy(() -> CODES.check("DISENGAGING", null, TODAY))
                .hasMessage("endDate: the day the flag ends, from 2026-12-05 to 2027-04-04 (DISENGAGING lasts at most 120 days)"
                        + " (got nothing)");
        assertThatThrownBy(() -> CODES.check("DISENGAGING", TODAY.minusDays(1), TODAY))
                .hasMessage("endDate: today (2026-12-05) or later, not in the past (got 2026-12-04)");
        assertThatThrownBy(() -> CODES.check("DISENGAGING", TODAY.plusDays(121), TODAY))
                .hasMessage("endDate: at most 120 days from today for DISENGAGING, so 2027-04-04 or before (got 2027-04-05)");
    }
}
