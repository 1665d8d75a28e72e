package org.pathwayshub.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.risk.RiskInputs.Activity;
import org.pathwayshub.risk.RiskInputs.Census;
import org.pathwayshub.risk.RiskInputs.Source;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;

/**
 * A rule set measured on a cohort: precision and recall of RED/AMBER against who became NEET in the outcome window,
 * and no figures at all while that window has not begun (every pupil would otherwise count as "did not become NEET").
 */
class CohortEvaluationTest {

    private static final RoniRuleSet RULES = RoniRuleSet.defaults();
    private static final CodeLists CODES = new CodeLists(new HubConfigFiles(new HubProperties()));
    private static final LocalDate AS_AT = LocalDate.of(2024, 11, 1);
    private static final LocalDate FROM = LocalDate.of(2025, 9, 1);
    private static final LocalDate TO = LocalDate.of(2026, 8, 31);
    private static final Source SOURCE = new Source("school-census", 1, 2L);

    /** A Year 11 pupil: FSM and EAL (3 points, AMBER) or no factor at all, NEET in the outcome window or not. */
    private static RiskInputs pupil(boolean flagged, boolean becameNeet) {
        List<Census> census = List.of(new Census(LocalDate.of(2024, 10, 3), "9254000", 11, flagged, "N", flagged, SOURCE));
        List<Activity> activities = new ArrayList<>();
        if (becameNeet) {
            activities.add(new Activity("619", LocalDate.of(2025, 10, 1), null, SOURCE));
        }
        return new RiskInputs(UUID.randomUUID(), census, List.of(), List.of(), activities, List.of());
    }

    private static CohortEvaluation cohort(LocalDate today) {
        CohortEvaluation e = new CohortEvaluation(RULES, AS_AT, 11, FROM, TO, today, CODES.get("activity"));
        // 7 flagged who became NEET, 3 flagged who did not, 1 not flagged who did, 9 neither
        for (int i = 0; i < 7; i++) {
            e.add(pupil(true, true));
        }
        for (int i = 0; i < 3; i++) {
            e.add(pupil(true, false));
        }
        e.add(pupil(false, true));
        for (int i = 0; i < 9; i++) {
            e.add(pupil(false, false));
        }
        return e;
    }

    @Test
    void aPastOutcomeWindowGivesPrecisionAndRecallExactly() {
        CohortEvaluation.Evaluation e = cohort(LocalDate.of(2026, 12, 4)).result();
        assertThat(e.outcomes()).isEqualTo(CohortEvaluation.Outcomes.KNOWN);
        assertThat(e.note()).isNull();
        assertThat(e.cohort()).isEqualTo(20);
        assertThat(e.flagged()).isEqualTo(10);
        assertThat(e.becameNeet()).isEqualTo(8);
        assertThat(List.of(e.truePositives(), e.falsePositives(), e.falseNegatives(), e.trueNegatives()))
                .containsExactly(7, 3, 1, 9);
        assertThat(e.precision()).isEqualTo(0.7);
        assertThat(e.recall()).isEqualTo(0.875);
    }

    @Test
    void anOutcomeWindowStillToComeSaysThereAreNoOutcomesYetInsteadOfAPrecisionOfZero() {
        CohortEvaluation.Evaluation e = cohort(LocalDate.of(2025, 6, 1)).result();
        assertThat(e.outcomes()).isEqualTo(CohortEvaluation.Outcomes.NOT_YET_KNOWN);
        assertThat(e.note()).contains("no outcomes yet").contains("2025-09-01");
        assertThat(e.cohort()).isEqualTo(20);
        assertThat(e.flagged()).isEqualTo(10);
        assertThat(e.precision()).isNull();
        assertThat(e.recall()).isNull();
        assertThat(e.becameNeet()).isNull();
        assertThat(e.truePositives()).isNull();
        assertThat(e.byBand().get("AMBER")).containsEntry("pupils", 10).doesNotContainKey("becameNeet");
    }

    @Test
    void anOutcomeWindowUnderWaySaysTheFiguresMayStillChange() {
        CohortEvaluation.Evaluation e = cohort(LocalDate.of(2026, 1, 15)).result();
        assertThat(e.outcomes()).isEqualTo(CohortEvaluation.Outcomes.PARTLY_KNOWN);
        assertThat(e.note()).contains("may still change").contains("2026-08-31");
        assertThat(e.precision()).isEqualTo(0.7);
    }
}
