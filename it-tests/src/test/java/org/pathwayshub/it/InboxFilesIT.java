package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController.RunView;
import org.pathwayshub.testdata.GeneratedPeople;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;

/**
 * Nothing stays in an inbox for ever, and nothing in it is read twice: an empty file, a named pipe and a symbolic
 * link (to a census outside the inbox, which is not read) each fail one run with the reason and go to failed/; names
 * with a backslash, a line break or 250 characters, or hidden behind a leading dot and left, are made safe and their files complete once, into done/. The
 * pupils are generated: seeds 7014 to 7020 (7018 for an empty cohort), authority 892.
 */
class InboxFilesIT extends HubIntegrationTest {

    private static final String FEED = "school-census";
    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);

    @Test
    void everyEntryCompletesOrFailsOnceWithItsReason() throws Exception {
        Path inbox = Files.createDirectories(HUB_HOME.resolve("inbox").resolve(FEED));
        List<Pupil> outsiders = census(0);
        Path outside = tempFile("outside.csv");
        write(outside, 0);
        long runsBefore = runs().size();

        Path empty = Files.createFile(inbox.resolve("empty.csv"));
        Files.setLastModifiedTime(empty, FileTime.from(Instant.now().minusSeconds(60)));
        Process mkfifo = new ProcessBuilder("mkfifo", inbox.resolve("pipe.csv").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.createSymbolicLink(inbox.resolve("link.csv"), outside);
        String longName = "L".repeat(246) + ".csv";
        List<Pupil> pupils = new ArrayList<>();
        pupils.addAll(dropCensus("back\\slash.csv", 1));
        pupils.addAll(dropCensus("new\nline.csv", 2));
        pupils.addAll(dropCensus(longName, 3));
        // hidden, as tools hide a file they are writing, and left untouched long enough to be taken as left behind
        pupils.addAll(dropCensus(".hidden.csv", 6));
        Files.setLastModifiedTime(inbox.resolve(".hidden.csv"), FileTime.from(Instant.now().minusSeconds(1_200)));

        long end = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < end && !filesIn(inbox).isEmpty()) {
            pollNow(FEED);
            Thread.sleep(1_000);
        }
        awaitReassessed();
        assertThat(filesIn(inbox)).as("what is left in the inbox").isEmpty();

        List<RunView> runs = runs().subList(0, runs().size() - (int) runsBefore);
        assertThat(runs).extracting(RunView::file).as("one run a file, none read twice")
                .containsExactlyInAnyOrder("empty.csv", "pipe.csv", "link.csv", "back_slash.csv", "new_line.csv", "_hidden.csv",
                        runs.stream().map(RunView::file).filter(f -> f.startsWith("LLLL")).findFirst().orElse("the long name"));
        assertThat(run(runs, "empty.csv").failureReason()).contains("empty (0 bytes)");
        assertThat(run(runs, "pipe.csv").failureReason()).contains("not a file");
        assertThat(run(runs, "link.csv").failureReason()).contains("symbolic link").contains("not followed");
        assertThat(run(runs, "link.csv").received()).as("nothing read through the link").isZero();
        for (String name : List.of("empty.csv", "pipe.csv", "link.csv")) {
            RunView r = run(runs, name);
            assertThat(r.state()).isEqualTo("FAILED");
            assertThat(inbox.resolve("failed/run-" + r.id() + "-" + name + ".reason.txt")).exists();
        }
        assertThat(Files.readString(outside)).as("the link's target is left alone").isNotEmpty();
        assertThat(api().getForEntity("/api/young-people?upn=" + outsiders.get(0).upn(), Map.class).getStatusCode().value())
                .as("a pupil only in the linked file").isEqualTo(404);

        RunView shortened = runs.stream().filter(r -> r.file().startsWith("LLLL")).findFirst().orElseThrow();
        assertThat(shortened.file().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
        assertThat(shortened.file()).matches("L+~[0-9a-f]{8}\\.csv");
        for (RunView r : List.of(run(runs, "back_slash.csv"), run(runs, "new_line.csv"), run(runs, "_hidden.csv"), shortened)) {
            assertThat(r.state()).as(r.file()).isEqualTo("COMPLETED");
            assertThat(r.stored()).as(r.file()).isEqualTo(4);
            assertThat(inbox.resolve("done/run-" + r.id() + "-" + r.file())).exists();
        }
        for (Pupil p : pupils) {
            assertThat(api().getForEntity("/api/young-people?upn=" + p.upn(), Map.class).getStatusCode().value())
                    .as("pupil %s", p.upn()).isEqualTo(200);
        }
    }

    @Test
    void aHeaderOnlyFileAndOneUpnGivenThreeBirthDatesAreNotSilent() throws Exception {
        Path headerOnly = tempFile("header-only.csv");
        CohortFiles.writeCensus(GeneratedPeople.pupils(new SyntheticCohort(0, 7018, "892", CENSUS_DATE, List.of("NM1"))), headerOnly, List.of());
        RunView empty = dropAndWait(FEED, "header-only.csv", headerOnly);
        assertThat(empty.state()).isEqualTo("COMPLETED");
        assertThat(empty.received()).isZero();
        assertThat(empty.warnings()).isEqualTo(1);
        assertThat(warnings(empty.id())).singleElement().satisfies(w -> {
            assertThat(w.get("rule")).isEqualTo("no-records");
            assertThat((String) w.get("reason")).contains("holds no records");
        });

        // one UPN on three rows, each with another name and date of birth: the last row's details are kept, and the
        // two rows that contradict the one before them are warned of
        Pupil p = census(5).get(0);
        Pupil other = census(5).get(1);
        // the same month of birth, so the same school year: nothing else about the rows is wrong
        int day = p.dob().getDayOfMonth();
        String second = CohortFiles.censusRow(p, CENSUS_DATE)
                .replace(p.dob().toString(), p.dob().withDayOfMonth(day == 1 ? 2 : 1).toString())
                .replace(p.surname(), other.surname());
        String third = CohortFiles.censusRow(p, CENSUS_DATE)
                .replace(p.dob().toString(), p.dob().withDayOfMonth(day == 28 ? 27 : 28).toString())
                .replace(p.forename(), other.forename());
        Path file = tempFile("census-repeats.csv");
        CohortFiles.writeCensus(GeneratedPeople.pupils(new SyntheticCohort(0, 7018, "892", CENSUS_DATE, List.of("NM1"))), file,
                List.of(CohortFiles.censusRow(p, CENSUS_DATE), second, third));
        RunView repeats = dropAndWait(FEED, "census-repeats.csv", file);
        assertThat(repeats.stored()).isEqualTo(3);
        List<Map<String, Object>> told = warnings(repeats.id());
        assertThat(told).filteredOn(w -> "identifier-dob-differs".equals(w.get("rule")))
                .extracting(w -> ((Number) w.get("line")).longValue()).containsExactly(3L, 4L);
        assertThat(told).filteredOn(w -> "identifier-dob-differs".equals(w.get("rule")))
                .allSatisfy(w -> assertThat(w.get("value")).isEqualTo(p.upn()));
    }

    private List<Map<String, Object>> warnings(long runId) {
        return api().exchange("/api/feeds/" + FEED + "/runs/" + runId + "/warnings", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    /** Four pupils a file, each file its own seed. */
    private static SyntheticCohort cohort(int part) {
        return GeneratedPeople.pupils(new SyntheticCohort(4, 7014 + part, "892", CENSUS_DATE, List.of("NM1")));
    }

    private static List<Pupil> census(int part) {
        List<Pupil> pupils = new ArrayList<>();
        cohort(part).forEach(pupils::add);
        return pupils;
    }

    private static void write(Path file, int part) {
        CohortFiles.writeCensus(cohort(part), file, List.of());
    }

    private static List<Pupil> dropCensus(String name, int part) {
        Path file = tempFile("census.csv");
        write(file, part);
        drop(FEED, name, file);
        return census(part);
    }

    private static List<Path> filesIn(Path inbox) throws Exception {
        try (Stream<Path> entries = Files.list(inbox)) {
            return entries.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    private List<RunView> runs() {
        return api().exchange("/api/feeds/" + FEED + "/runs?limit=200", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<RunView>>() { }).getBody();
    }

    private static RunView run(List<RunView> runs, String file) {
        return runs.stream().filter(r -> r.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no run of " + file + " in " + runs));
    }
}
