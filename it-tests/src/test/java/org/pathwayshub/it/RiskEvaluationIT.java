package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * A rule set is only worth shipping with its numbers: a past Year 11 cohort (autumn 2024) with known outcomes a
 * year later, scored as things stood on 1 November 2024, gives exactly the precision and recall computed by
 * hand from how the cohort was built.
 */
class RiskEvaluationIT extends HubIntegrationTest {

    private static final LocalDate CENSUS = LocalDate.of(2024, 10, 3);
    private static final String HEADER = "YoungPersonsID,UPN,ULN,Forename,Surname,DOB,Postcode,ActivityCode,StartDate,"
            + "DateAscertained,EstablishmentNumber,UKPRN,NEETStartDate,ReviewDate,PredictedEndDate,LevelOfNeed,Characteristics";

    private enum Group {
        /** FSM 2 + EAL 1 = 3: AMBER */ FSM_AND_EAL,
        /** FSM 2 + attendance below 85% 2 = 4: RED */ FSM_AND_LOW_ATTENDANCE,
        /** nothing: NONE */ NONE
    }

    @Test
    void precisionAndRecallOfRedAndAmberOnAPastCohortAreExactlyAsBuilt() throws Exception {
        // 40 Year 11 pupils of autumn 2024 (born September 2008 to August 2009), LA 919 kept for this test
        List<Pupil> pupils = new ArrayList<>();
        for (Pupil p : GeneratedPeople.pupils(new SyntheticCohort(400, 919, "919", CENSUS, List.of("NM8")))) {
            if (p.ncYear() == 11 && pupils.size() < 40) {
                pupils.add(p);
            }
        }
        assertThat(pupils).hasSize(40);
        int[][] plan = {{10, 6}, {10, 8}, {20, 2}};   // per group: pupils, of whom became NEET
        StringBuilder census = new StringBuilder(CohortFiles.CENSUS_HEADER + "\r\n");
        StringBuilder attendance = new StringBuilder(CohortFiles.ATTENDANCE_HEADER + "\r\n");
        StringBuilder outcomes = new StringBuilder(HEADER + "\r\n");
        int i = 0;
        for (Group g : Group.values()) {
            int[] counts = plan[g.ordinal()];
            for (int n = 0; n < counts[0]; n++, i++) {
                Pupil p = pupils.get(i);
                boolean fsm = g != Group.NONE;
                String language = g == Group.FSM_AND_EAL ? "POL" : "ENG";
                int attended = g == Group.FSM_AND_LOW_ATTENDANCE ? 60 : 78;
                Pupil asBuilt = new Pupil(p.upn(), p.forename(), p.middleNames(), p.surname(), p.dob(), p.gender(), p.postcode(),
                        p.laEstab(), 11, fsm, 'N', language, 0, 0);
                census.append(CohortFiles.censusRow(asBuilt, CENSUS)).append("\r\n");
                attendance.append(String.join(",", p.upn(), p.laEstab(), "2024-09-01", "2024-10-31", "80",
                        Integer.toString(attended), "0", "0", "")).append("\r\n");
                boolean neet = n < counts[1];
                String ypid = String.format("919%010d", i + 1);
                outcomes.append(String.join(",", ypid, p.upn(), "", p.forename(), p.surname(), p.dob().toString(), p.postcode(),
                        neet ? "619" : "230", "2025-10-01", "2025-10-05", "", neet ? "" : "10012345", neet ? "2025-10-01" : "",
                        "", neet ? "" : "2027-07-01", "2", "")).append("\r\n");
            }
        }
        Path censusFile = tempFile("census-2024.csv");
        Files.writeString(censusFile, census);
        assertThat(dropAndWait("school-census", "census-2024-autumn-919.csv", censusFile).stored()).isEqualTo(40);
        Path attendanceFile = tempFile("attendance-2024.csv");
        Files.writeString(attendanceFile, attendance);
        assertThat(dropAndWait("attendance", "attendance-2024-919.csv", attendanceFile).stored()).isEqualTo(40);
        Path folder = SFTP.folder("outgoing/activity");
        Path tmp = folder.resolve(".outcomes-919.csv.tmp");
        Files.writeString(tmp, outcomes);
        Files.move(tmp, folder.resolve("outcomes-919.csv"), StandardCopyOption.ATOMIC_MOVE);
        FeedController.RunView activity = pollAndWait("provider-activity");
        assertThat(activity.stored()).isEqualTo(40);

        Map<?, ?> evaluation = api().getForObject("/api/risk/evaluation?ruleSet=roni-default&asAt=2024-11-01&ncYear=11", Map.class);
        // other tests' pupils are not in Year 11 in autumn 2024: the cohort is exactly these 40
        assertThat(evaluation.get("cohort")).isEqualTo(40);
        assertThat(evaluation.get("outcomeFrom")).isEqualTo("2025-09-01");
        assertThat(evaluation.get("flagged")).as("AMBER and RED").isEqualTo(20);
        assertThat(evaluation.get("becameNeet")).isEqualTo(16);
        assertThat(evaluation.get("truePositives")).isEqualTo(14);
        assertThat(evaluation.get("falsePositives")).isEqualTo(6);
        assertThat(evaluation.get("falseNegatives")).isEqualTo(2);
        assertThat(evaluation.get("trueNegatives")).isEqualTo(18);
        assertThat(evaluation.get("precision")).isEqualTo(0.7);
        assertThat(evaluation.get("recall")).isEqualTo(0.875);
        Map<?, ?> byBand = (Map<?, ?>) evaluation.get("byBand");
        assertThat(byBand.get("AMBER")).isEqualTo(Map.of("pupils", 10, "becameNeet", 6));
        assertThat(byBand.get("RED")).isEqualTo(Map.of("pupils", 10, "becameNeet", 8));
        assertThat(byBand.get("NONE")).isEqualTo(Map.of("pupils", 20, "becameNeet", 2));

        Map<?, ?> extended = api().getForObject("/api/risk/evaluation?ruleSet=roni-extended&asAt=2024-11-01&ncYear=11", Map.class);
        assertThat(extended.get("ruleSet")).isEqualTo("roni-extended");
        assertThat(extended.get("cohort")).isEqualTo(40);
    }
}
