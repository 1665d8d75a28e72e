package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.GeneratedPeople;
import org.springframework.http.ResponseEntity;

class SchoolCensusFeedIT extends HubIntegrationTest {

    private static final LocalDate CENSUS = LocalDate.of(2026, 10, 1);
    private static final List<String> DISTRICTS = List.of("NM1", "NM2");

    @Test
    void everyRecordIsStoredOrQuarantinedWithItsReasonAndTheSameFileAgainStoresNothing() throws Exception {
        SyntheticCohort pupils = GeneratedPeople.pupils(new SyntheticCohort(600, 41, "926", CENSUS, DISTRICTS));
        List<InvalidRecords.Invalid> invalid = InvalidRecords.census(GeneratedPeople.pupils(new SyntheticCohort(40, 42, "928", CENSUS, DISTRICTS)), 27);
        Path file = tempFile("census-autumn.csv");
        CohortFiles.writeCensus(pupils, file, invalid.stream().map(InvalidRecords.Invalid::row).toList());

        FeedController.RunView run;
        Set<UUID> changed;
        try (PersonChangedListener listener = new PersonChangedListener(BROKER_URL, "census-it")) {
            run = dropAndWait("school-census", "census-autumn.csv", file);
            changed = listener.hubIdsOfRun(run.id(), 600, 30_000);
        }

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(627);
        assertThat(run.stored()).isEqualTo(600);
        assertThat(run.quarantined()).isEqualTo(27);
        assertThat(run.duplicates()).isZero();
        assertThat(Files.exists(HUB_HOME.resolve("inbox/school-census/done/run-" + run.id() + "-census-autumn.csv"))).isTrue();

        List<Map<String, Object>> rejects = rejects("school-census", run.id());
        assertThat(rejects).hasSize(27);
        for (int i = 0; i < invalid.size(); i++) {
            Map<String, Object> reject = rejects.get(i);
            // header on line 1, the 600 pupils on lines 2-601, the broken rows after them
            assertThat(((Number) reject.get("line")).longValue()).isEqualTo(602 + i);
            assertThat(reject.get("rule")).as("line %s", reject.get("line")).isEqualTo(invalid.get(i).rule());
            assertThat(reject.get("column")).isEqualTo(invalid.get(i).column());
            assertThat((String) reject.get("reason")).isNotBlank();
        }

        assertThat(changed).as("person-changed events received over TCP for run %d", run.id()).hasSize(600);

        List<Pupil> sample = new ArrayList<>();
        pupils.forEach(p -> {
            if (sample.size() < 25) {
                sample.add(p);
            }
        });
        for (Pupil p : sample) {
            ResponseEntity<Map> r = api().getForEntity("/api/young-people?upn=" + p.upn(), Map.class);
            assertThat(r.getStatusCode().value()).isEqualTo(200);
            Map<?, ?> person = r.getBody();
            assertThat(person.get("upn")).isEqualTo(p.upn());
            assertThat(person.get("familyName")).isEqualTo(p.surname());
            assertThat(person.get("dob")).isEqualTo(p.dob().toString());
            assertThat(person.get("fsm")).isEqualTo(p.fsm());
            assertThat(person.get("senProvision")).isEqualTo(String.valueOf(p.senProvision()));
            assertThat(person.get("eal")).isEqualTo(!p.firstLanguage().equals("ENG"));
            assertThat(person.get("ncYear")).isEqualTo(p.ncYear());
            assertThat(changed).contains(UUID.fromString((String) person.get("hubId")));
        }

        FeedController.RunView again = dropAndWait("school-census", "census-autumn-resent.csv", file);
        assertThat(again.id()).isNotEqualTo(run.id());
        assertThat(again.received()).isEqualTo(627);
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(600);
        assertThat(again.quarantined()).isEqualTo(27);
    }

    @Test
    void aBinaryFileGoesToFailedWithAReasonAndTheFeedCarriesOn() throws Exception {
        Path workbook = tempFile("pupils.xlsx");
        Files.write(workbook, new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0});
        FeedController.RunView run = dropAndWait("school-census", "pupils.csv", workbook);

        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.failureReason()).contains("Excel workbook");
        Path failed = HUB_HOME.resolve("inbox/school-census/failed");
        assertThat(failed.resolve("run-" + run.id() + "-pupils.csv")).exists();
        assertThat(Files.readString(failed.resolve("run-" + run.id() + "-pupils.csv.reason.txt"))).contains("Excel workbook");
        assertThat(api().getForEntity("/actuator/health", Map.class).getBody().get("status")).isEqualTo("UP");

        SyntheticCohort next = GeneratedPeople.pupils(new SyntheticCohort(20, 43, "929", CENSUS, DISTRICTS));
        Path file = tempFile("census-next.csv");
        CohortFiles.writeCensus(next, file, List.of());
        FeedController.RunView after = dropAndWait("school-census", "census-next.csv", file);
        assertThat(after.state()).isEqualTo("COMPLETED");
        assertThat(after.stored()).isEqualTo(20);
    }

    @Test
    void aFileWithoutAHeaderRowGoesToFailedNamingTheColumnsExpected() throws Exception {
        SyntheticCohort pupils = GeneratedPeople.pupils(new SyntheticCohort(5, 44, "931", CENSUS, DISTRICTS));
        Path file = tempFile("no-header.csv");
        StringBuilder rows = new StringBuilder();
        pupils.forEach(p -> rows.append(CohortFiles.censusRow(p, CENSUS)).append("\r\n"));
        Files.writeString(file, rows);

        FeedController.RunView run = dropAndWait("school-census", "no-header.csv", file);

        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.received()).isZero();
        assertThat(run.failureReason()).contains("not a header row").contains("UPN").contains("CensusDate");
        assertThat(HUB_HOME.resolve("inbox/school-census/failed/run-" + run.id() + "-no-header.csv")).exists();
        for (Pupil p : pupils) {
            assertThat(api().getForEntity("/api/young-people?upn=" + p.upn(), Map.class).getStatusCode().value())
                    .as("nothing of a header-less file is stored").isEqualTo(404);
        }
    }

    @Test
    void theFeedListShowsEachFeedWithItsScheduleStateAndLastRun() {
        ResponseEntity<List> r = api().getForEntity("/api/feeds", List.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        List<Map<String, Object>> feeds = r.getBody();
        assertThat(feeds).extracting(f -> f.get("id")).contains("school-census", "attendance", "school-destinations",
                "nccis-xml", "childrens-services", "provider-activity", "post16-enrolments", "dwp-claimants", "referrals");
        for (Map<String, Object> f : feeds) {
            assertThat(f).containsKeys("id", "kind", "schedule", "state", "lastRun", "nextRun");
            assertThat((String) f.get("kind")).isIn("file", "sftp", "sql");
            assertThat((String) f.get("state")).isIn("IDLE", "RUNNING", "FAILED", "OVERDUE");
        }
        Map<String, Object> census = feeds.stream().filter(f -> f.get("id").equals("school-census")).findFirst().orElseThrow();
        assertThat(census.get("kind")).isEqualTo("file");
        assertThat(census.get("schedule")).isEqualTo("5s");
        assertThat(http.getForEntity("/api/feeds", String.class).getStatusCode().value())
                .as("the API needs credentials").isEqualTo(401);
    }
}
