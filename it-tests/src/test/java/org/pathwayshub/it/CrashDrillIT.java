package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * Drill 1: the built jar halted dead (as {@code kill -9} or a power cut would) at each of five points — while parsing,
 * inside a batch's transaction, between two batches, inside a reassessment, between sending an alert and marking it
 * sent — then started again. A clean hub takes the same five census files with no crash. Afterwards the two hold the
 * same young people with the same details and risk, the same alerts, and the same rows in the services' outbox files,
 * with no alert delivered twice.
 *
 * <p>Pupils are generated, seeds 7020 to 7024 in the demo directory's authority (925), in careers-south's postcode
 * district so its risk alerts go to its CSV outbox. {@code drill.scale=long} (mvn verify -Pdrills) sends 20,000 pupils a
 * file instead of 800 (in batches of 250).
 */
class CrashDrillIT {

    private static final String FEED = "school-census";
    private static final boolean LONG = "long".equals(System.getProperty("drill.scale", "short"));
    private static final int PUPILS = LONG ? 20_000 : 800;
    /** Batches of 250, so that even the short drill's files have several. */
    private static final Map<String, String> SMALL_BATCHES = Map.of("HUB_INGEST_BATCH_SIZE", "250");
    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);
    /** Each point with the time it is reached that halts the hub: within the file, not at its edges. */
    private static final List<String> CRASHES = List.of(
            "parsing:" + (PUPILS / 2 + 17),
            "mid-batch:" + (LONG ? 7 : 3),
            "between-batches:1",
            "reassessment:2",
            "delivery:1");

    @Test
    void haltedAtEachPointTheHubEndsAsIfNothingHadHappened() throws Exception {
        Path files = Files.createTempDirectory("hub-crash-files-");
        List<Path> census = new ArrayList<>();
        for (int i = 0; i < CRASHES.size(); i++) {
            Path f = files.resolve("census-" + i + ".csv");
            CohortFiles.writeCensus(cohort(i), f, List.of());
            census.add(f);
        }

        Path cleanHome = Files.createTempDirectory("hub-crash-clean-");
        Path home = Files.createTempDirectory("hub-crash-");
        HubProcess clean = HubProcess.start(cleanHome, "clean.log", SMALL_BATCHES);
        HubProcess last = null;
        try {
            for (int i = 0; i < census.size(); i++) {
                drop(cleanHome, census.get(i));
                awaitCompletedRuns(clean, i + 1);
            }
            State expected = settle(clean);

            List<String> summary = new ArrayList<>();
            for (int i = 0; i < CRASHES.size(); i++) {
                String crash = CRASHES.get(i);
                Map<String, String> environment = new HashMap<>(SMALL_BATCHES);
                environment.put("HUB_DRILL_CRASH_AT", crash);
                HubProcess doomed = HubProcess.start(home, "crash-" + i + ".log", environment);
                drop(home, census.get(i));
                assertThat(awaitHalt(doomed, crash)).as("the hub halted at %s (see %s)", crash, home).isTrue();
                if (last != null) {
                    last.close();
                }
                last = HubProcess.start(home, "after-crash-" + i + ".log", SMALL_BATCHES);
                JsonNode run = awaitCompletedRuns(last, i + 1);
                assertThat(run.path("stored").asInt() + run.path("duplicates").asInt()).as("after %s", crash).isEqualTo(PUPILS);
                settle(last);
                summary.add(crash + " then run " + run.path("id").asInt() + " stored " + run.path("stored").asInt()
                        + " and found " + run.path("duplicates").asInt() + " already stored");
                if (i < CRASHES.size() - 1) {
                    last.close();
                    last = null;
                }
            }

            State crashed = settle(last);
            assertThat(crashed.alerts).as("the same alerts, each once").isEqualTo(expected.alerts);
            assertThat(crashed.outboxRows).as("the same rows in the services' files, none twice").isEqualTo(expected.outboxRows);
            assertThat(crashed.duplicateAlertIds).as("alerts written twice to an outbox file").isEmpty();
            int compared = 0;
            for (int i = 0; i < CRASHES.size(); i++) {
                int n = 0;
                for (Pupil p : cohort(i)) {
                    if (n++ % (LONG ? 50 : 3) == 0) {
                        assertThat(person(last, p)).as("pupil %s after %s", p.upn(), CRASHES.get(i)).isEqualTo(person(clean, p));
                        compared++;
                    }
                }
            }
            long alerts = expected.alerts.values().stream().mapToLong(Integer::longValue).sum();
            System.out.printf("Crash drill: %d records in (%d files); %s; alerts expected %d, delivered or shown unsendable"
                            + " %d, duplicates %d; %d pupils compared field by field with the clean run%n",
                    PUPILS * CRASHES.size(), CRASHES.size(), String.join("; ", summary), alerts,
                    crashed.alerts.values().stream().mapToLong(Integer::longValue).sum(), crashed.duplicateAlertIds.size(),
                    compared);
        } finally {
            clean.close();
            if (last != null) {
                last.close();
            }
        }
    }

    private static SyntheticCohort cohort(int i) {
        return GeneratedPeople.pupils(new SyntheticCohort(PUPILS, 7020 + i, "925", CENSUS_DATE, List.of("NM6")));
    }

    private static void drop(Path home, Path file) throws IOException {
        Path inbox = Files.createDirectories(home.resolve("inbox").resolve(FEED));
        Path tmp = inbox.resolve("." + file.getFileName() + ".tmp");
        Files.copy(file, tmp);
        Files.move(tmp, inbox.resolve(file.getFileName()));
    }

    /** Waits until {@code n} files have completed whole; returns the latest run. */
    private static JsonNode awaitCompletedRuns(HubProcess hub, int n) throws Exception {
        long end = System.currentTimeMillis() + (LONG ? 900_000 : 240_000);
        while (true) {
            JsonNode runs = HubProcess.json(hub.get("/api/feeds/" + FEED + "/runs?limit=100"));
            int completed = 0;
            for (JsonNode r : runs) {
                if ("COMPLETED".equals(r.path("state").asText()) && r.path("received").asInt() == PUPILS) {
                    completed++;
                }
            }
            if (completed >= n) {
                return runs.get(0);
            }
            assertThat(System.currentTimeMillis()).as("%d files completed in time (see %s)", n, hub.home()).isLessThan(end);
            Thread.sleep(1_000);
        }
    }

    /**
     * Waits for the hub to halt at its point. A delivery waits for the file channel's next cycle, so it is asked for
     * once the run is in.
     */
    private static boolean awaitHalt(HubProcess hub, String crash) throws Exception {
        long end = System.currentTimeMillis() + (LONG ? 900_000 : 240_000);
        while (System.currentTimeMillis() < end) {
            if (hub.process().waitFor(2, TimeUnit.SECONDS)) {
                return hub.process().exitValue() == 137;
            }
            if (crash.startsWith("delivery")) {
                try {
                    hub.post("/api/jobs/file-drop/run");
                } catch (IOException halted) {
                    // it halted while answering
                }
            }
        }
        hub.kill();
        return false;
    }

    /** Waits until every change is assessed and every alert is out of PENDING; then reads what the hub holds. */
    private static State settle(HubProcess hub) throws Exception {
        long end = System.currentTimeMillis() + (LONG ? 900_000 : 240_000);
        while (true) {
            JsonNode backlog = HubProcess.json(hub.get("/api/reassessment"));
            if (backlog.path("waiting").asLong() == 0) {
                hub.post("/api/jobs/file-drop/run");
                if (HubProcess.json(hub.get("/api/alerts?state=PENDING&size=1")).isEmpty()) {
                    break;
                }
            }
            assertThat(System.currentTimeMillis()).as("settled in time (see %s)", hub.home()).isLessThan(end);
            Thread.sleep(1_000);
        }
        State state = new State();
        for (int page = 0; ; page++) {
            JsonNode rows = HubProcess.json(hub.get("/api/alerts?size=1000&page=" + page));
            for (JsonNode a : rows) {
                String key = String.join(" | ", a.path("type").asText(), a.path("service").asText(), a.path("school").asText(),
                        a.path("reason").asText(), a.path("delivery").path("state").asText());
                state.alerts.merge(key, 1, Integer::sum);
            }
            if (rows.size() < 1000) {
                break;
            }
        }
        try (Stream<Path> outbox = Files.walk(hub.home().resolve("outbox"))) {
            for (Path f : outbox.filter(p -> p.toString().endsWith(".csv") && !p.getFileName().toString().startsWith(".")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                List<String> header = List.of(lines.get(0).split(","));
                Map<String, Integer> ids = new HashMap<>();
                for (String line : lines.subList(1, lines.size())) {
                    List<String> cells = List.of(line.split(",", -1));
                    String alertId = cells.get(header.indexOf("alertId"));
                    if (ids.merge(alertId, 1, Integer::sum) > 1) {
                        state.duplicateAlertIds.add(alertId);
                    }
                    StringBuilder row = new StringBuilder(f.getParent().getFileName().toString());
                    for (int c = 0; c < header.size(); c++) {
                        // ids and times are the hub's own and differ between the two hubs
                        if (!List.of("alertId", "hubId", "createdAt").contains(header.get(c))) {
                            row.append(',').append(c < cells.size() ? cells.get(c) : "");
                        }
                    }
                    state.outboxRows.merge(row.toString(), 1, Integer::sum);
                }
            }
        }
        return state;
    }

    /** What the two hubs must agree on about a pupil: details, school, risk, identifiers. */
    private static Map<String, String> person(HubProcess hub, Pupil p) throws Exception {
        JsonNode r = HubProcess.json(hub.get("/api/young-people?upn=" + p.upn()));
        Map<String, String> out = new TreeMap<>();
        for (String field : List.of("upn", "givenName", "middleNames", "familyName", "dob", "gender", "postcode", "laEstab",
                "ncYear", "fsm", "senProvision", "eal", "firstLanguage")) {
            out.put(field, r.path(field).asText());
        }
        out.put("risk", r.path("risk").path("score").asText() + " " + r.path("risk").path("band").asText());
        out.put("identifiers", String.valueOf(r.path("identifiers").size()));
        out.put("mergedRecords", String.valueOf(r.path("mergedRecords").size()));
        return out;
    }

    private static final class State {
        final Map<String, Integer> alerts = new TreeMap<>();
        final Map<String, Integer> outboxRows = new TreeMap<>();
        final List<String> duplicateAlertIds = new ArrayList<>();
    }
}
