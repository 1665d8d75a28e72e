package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.GeneratedPeople;

class AttendanceFeedIT extends HubIntegrationTest {

    @Test
    void monthlyAttendanceIsStoredPerPupilAndPeriodAndBrokenRowsAreQuarantined() throws Exception {
        SyntheticCohort pupils = GeneratedPeople.pupils(new SyntheticCohort(200, 51, "933", LocalDate.of(2026, 10, 1), List.of("NM5")));
        Path file = tempFile("attendance.csv");
        long rows = CohortFiles.writeAttendance(pupils, file, 52);
        List<String> valid = Files.readAllLines(file);
        String first = valid.get(1);
        String[] f = first.split(",", -1);
        List<String> broken = new ArrayList<>();
        broken.add(String.join(",", f[0], f[1], f[2], f[3], "40", "41", "0", "0", ""));          // attended > possible
        broken.add(String.join(",", f[0], f[1], f[3], f[2], "40", "30", "0", "0", ""));          // period ends before it starts
        broken.add(String.join(",", "", f[1], f[2], f[3], "40", "30", "0", "0", ""));            // no UPN
        broken.add(String.join(",", f[0], f[1], f[2], f[3], "forty", "30", "0", "0", ""));       // not a number
        Files.write(file, broken, java.nio.file.StandardOpenOption.APPEND);

        FeedController.RunView run = dropAndWait("attendance", "attendance-oct.csv", file);

        assertThat(run.received()).isEqualTo(rows + 4);
        assertThat(run.stored()).isEqualTo(rows);
        assertThat(run.quarantined()).isEqualTo(4);
        assertThat(rejects("attendance", run.id())).extracting(r -> r.get("rule"))
                .containsExactly("sessions-attended", "period-order", "required", "count-format");

        // the pupil's latest period is what the record shows
        String upn = f[0];
        String latest = valid.stream().skip(1).filter(l -> l.startsWith(upn + ",")).reduce((a, b) -> b).orElseThrow();
        String[] l = latest.split(",", -1);
        Map<?, ?> person = api().getForEntity("/api/young-people?upn=" + upn, Map.class).getBody();
        Map<?, ?> attendance = (Map<?, ?>) person.get("attendance");
        assertThat(attendance.get("periodEnd")).isEqualTo(l[3]);
        assertThat(attendance.get("sessionsPossible")).isEqualTo(Integer.parseInt(l[4]));
        assertThat(attendance.get("sessionsAttended")).isEqualTo(Integer.parseInt(l[5]));
    }
}
