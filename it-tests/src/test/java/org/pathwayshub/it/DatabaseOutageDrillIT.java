package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathwayshub.it.Drills.await;
import static org.pathwayshub.it.Drills.seconds;
import static org.pathwayshub.it.Drills.pupilsToAlert;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * Issue 17, drill 3, "Database down": the built jar on an external PostgreSQL server (Debian's {@code postgresql},
 * HUB_DB_URL), the way an LA runs it in production. A census big enough to take several batches is dropped; once
 * the run shows records stored, the server is stopped dead ({@code pg_ctl stop -m immediate}: no goodbye to the
 * clients, recovery from the WAL at the next start) and kept down, then started again on the same port and data.
 * The hub process is never restarted.
 *
 * <p>While the server is down the API says so (503 with Retry-After), readiness is not UP, and the file stays in
 * the inbox. Once it is back the hub carries on by itself: the file is read again, every record is stored once
 * (the part committed before the outage counts as duplicates; the rows are counted in the database itself), the
 * file moves to done/ only then, the runs tell the data team what happened, and each risk alert the census raised
 * goes to its service once.
 *
 * <p>{@code -Ddrill.scale=short} (the default: 12,000 pupils in batches of 200, 20 s down) or {@code long} (60,000 pupils in batches of 500, 60 s).
 * Pupils are generated (seeds 7501-7520, LA 908 (Cornwall's number, so UPNs check out), postcode districts NM6 and NM7 so that their risk alerts go to
 * careers-south's CSV outbox). It prints a one-line summary for the README's table of drills.
 */
class DatabaseOutageDrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEED = "school-census";
    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);
    private static final String SERVICE = "careers-south";

    /** How big a drill: pupils in the one census file, batch size, how long the server stays down. */
    private record Scale(String name, int pupils, int batchSize, Duration outage) {
        static Scale of(String name) {
            return switch (name) {
                case "short" -> new Scale(name, 12_000, 200, Duration.ofSeconds(20));
                case "long" -> new Scale(name, 60_000, 500, Duration.ofSeconds(60));
                default -> throw new IllegalArgumentException("drill.scale: expected short or long (got '" + name + "')");
            };
        }
    }

    @Test
    void aFeedCutOffByTheDatabaseResumesWhenItReturnsAndStoresEveryRecordOnce() throws Exception {
        Scale scale = Scale.of(System.getProperty("drill.scale", "short"));
        long began = System.nanoTime();
        Path home = Files.createTempDirectory("hub-db-drill-");
        Path census = Files.createTempDirectory("hub-db-drill-data-").resolve("census-db-drill.csv");
        SyntheticCohort pupils = GeneratedPeople.pupils(new SyntheticCohort(scale.pupils(), 7501, "908", CENSUS_DATE,
                List.of("NM6", "NM7")));
        CohortFiles.writeCensus(pupils, census, List.of());
        Path inbox = Files.createDirectories(home.resolve("inbox").resolve(FEED));
        Path inInbox = inbox.resolve(census.getFileName());

        try (ExternalPostgres postgres = ExternalPostgres.start(Files.createTempDirectory("hub-db-drill-postgres-"));
             HubProcess hub = HubProcess.start(home, "hub.log", Map.of(
                     "HUB_DB_URL", postgres.jdbcUrl(),
                     "HUB_DB_USER", postgres.user(),
                     "HUB_DB_PASSWORD", postgres.password(),
                     "HUB_INGEST_BATCH_SIZE", Integer.toString(scale.batchSize())))) {
            long hubPid = hub.process().pid();

            // the census; the server goes as soon as the run has committed a batch or two, mid-file
            drop(census, inbox);
            JsonNode cutOff = await("the run storing its first batches", Duration.ofSeconds(120),
                    () -> latestRun(hub), r -> r != null && r.path("stored").asInt() > 0);
            postgres.stop(ExternalPostgres.StopMode.IMMEDIATE);
            long stopped = System.nanoTime();
            long cutOffRun = cutOff.path("id").asLong();
            assertThat(cutOff.path("state").asText()).as("run %d when the server stopped", cutOffRun).isEqualTo("RUNNING");

            // while it is down: the API says 503 and when to try again, readiness is not UP, the file stays put
            List<String> outageSamples = new ArrayList<>();
            int apiAnswers = 0;
            double slowestAnswer = 0;
            while (System.nanoTime() - stopped < scale.outage().toNanos()) {
                long asked = System.nanoTime();
                HttpResponse<String> api = hub.get("/api/feeds/" + FEED + "/runs?limit=5");
                slowestAnswer = Math.max(slowestAnswer, seconds(System.nanoTime() - asked));
                assertThat(api.statusCode()).as("the API while the database is down: %s", api.body()).isEqualTo(503);
                assertThat(api.headers().firstValue("Retry-After")).as("Retry-After on the 503").isPresent();
                apiAnswers++;
                HttpResponse<String> ready = hub.probe("/actuator/health/readiness");
                String readiness = JSON.readTree(ready.body()).path("status").asText();
                assertThat(ready.statusCode()).as("readiness while the database is down: %s", ready.body()).isEqualTo(503);
                assertThat(readiness).as("readiness while the database is down").isIn("DOWN", "OUT_OF_SERVICE");
                assertThat(inInbox).as("the census while the database is down").exists();
                assertThat(archived(inbox)).as("done/ and failed/ while the database is down").isEmpty();
                outageSamples.add(readiness);
                Thread.sleep(1_000);
            }
            double downFor = seconds(System.nanoTime() - stopped);

            postgres.start();
            long restarted = System.nanoTime();

            // the hub carries on by itself: the file is read again and completes; it leaves the inbox only then
            JsonNode completed = null;
            long end = System.nanoTime() + Duration.ofSeconds(scale.name().equals("long") ? 600 : 180).toNanos();
            double readyAfter = -1;
            while (completed == null) {
                assertThat(System.nanoTime()).as("the census completed after the database returned (see %s)", home).isLessThan(end);
                assertThat(hub.process().isAlive()).as("the hub process still running").isTrue();
                if (readyAfter < 0 && hub.probe("/actuator/health/readiness").statusCode() == 200) {
                    readyAfter = seconds(System.nanoTime() - restarted);
                }
                boolean leftInbox = !Files.exists(inInbox);
                HttpResponse<String> answer = hub.get("/api/feeds/" + FEED + "/runs?limit=20");
                if (answer.statusCode() == 200) {
                    for (JsonNode run : JSON.readTree(answer.body())) {
                        if (run.path("state").asText().equals("COMPLETED") && run.path("received").asInt() == scale.pupils()) {
                            completed = run;
                        }
                    }
                }
                if (leftInbox) {
                    assertThat(completed).as("a completed run of the whole census once it left the inbox").isNotNull();
                }
                Thread.sleep(500);
            }
            double completedAfter = seconds(System.nanoTime() - restarted);
            long completedRun = completed.path("id").asLong();
            Path done = inbox.resolve("done").resolve("run-" + completedRun + "-" + census.getFileName());
            await("the census in done/ as " + done.getFileName(), Duration.ofSeconds(30), () -> Files.exists(done));
            assertThat(inInbox).as("the census left the inbox").doesNotExist();
            assertThat(hub.process().pid()).as("the same hub process throughout").isEqualTo(hubPid);
            assertThat(hub.process().isAlive()).as("the hub process alive").isTrue();

            // the run record tells what happened: the run cut off says the database stopped it; the next one completed
            List<JsonNode> runs = new ArrayList<>();
            HubProcess.json(hub.get("/api/feeds/" + FEED + "/runs?limit=100")).forEach(runs::add);
            JsonNode first = runs.stream().filter(r -> r.path("id").asLong() == cutOffRun).findFirst().orElseThrow();
            int storedBefore = first.path("stored").asInt();
            assertThat(first.path("state").asText()).as("the run cut off by the outage: %s", first).isIn("FAILED", "INTERRUPTED");
            assertThat(first.path("finished").isNull()).as("the run cut off has an end: %s", first).isFalse();
            assertThat(first.path("failureReason").asText()).as("why the run cut off stopped").containsIgnoringCase("database");
            assertThat(runs).as("every run of the census has ended: %s", runs)
                    .allSatisfy(r -> assertThat(r.path("state").asText()).isNotEqualTo("RUNNING"));
            assertThat(completed.path("stored").asInt() + completed.path("duplicates").asInt()).as("stored + duplicates")
                    .isEqualTo(scale.pupils());
            int storedInAll = runs.stream().mapToInt(r -> r.path("stored").asInt()).sum();
            assertThat(storedInAll).as("records stored by every run of the census, together").isEqualTo(scale.pupils());

            // risk and alerts caught up, and every alert out to its service
            settle(hub);
            int expectedAlerts = pupilsToAlert(hub, CENSUS_DATE);
            Outbox outbox = outbox(home);
            Database db = database(postgres);
            JsonNode feedView = HubProcess.json(hub.get("/api/feeds/" + FEED));

            System.out.printf("database-outage drill (%s): records in %d, batches of %d; PostgreSQL stopped (immediate) %.0f s"
                            + " with run %d at %d stored; API 503 with Retry-After on %d of %d asks (slowest %.1f s), readiness %s;"
                            + " ready %.1f s after the restart, census completed %.1f s after it as run %d (stored %d, duplicates %d);"
                            + " run %d %s: %s; in the database %d young people, %d census rows, %d UPNs; alerts expected %d,"
                            + " raised %d, delivered %d (%d rows in %s's files), duplicate deliveries %d, duplicate rows %d;"
                            + " feed state %s; drill %.0f s%n",
                    scale.name(), scale.pupils(), scale.batchSize(), downFor, cutOffRun, storedBefore, apiAnswers, apiAnswers,
                    slowestAnswer, new HashSet<>(outageSamples), readyAfter, completedAfter, completedRun,
                    completed.path("stored").asInt(), completed.path("duplicates").asInt(), cutOffRun,
                    first.path("state").asText(), first.path("failureReason").asText(), db.youngPeople, db.censusRows, db.upns,
                    expectedAlerts, db.alerts, db.delivered, outbox.rows, SERVICE, db.duplicateDeliveries,
                    outbox.rows - outbox.alertIds.size(), feedView.path("state").asText(), seconds(System.nanoTime() - began));

            // counted in the database itself, not through the hub: each pupil once
            assertThat(db.youngPeople).as("young people in the database").isEqualTo(scale.pupils());
            assertThat(db.upns).as("UPNs in the database").isEqualTo(scale.pupils());
            assertThat(db.censusRows).as("census rows in the database").isEqualTo(scale.pupils());
            assertThat(db.alerts).as("RISK_RAISED alerts: one for each pupil in Years 9-11 whose band is AMBER or RED")
                    .isEqualTo(expectedAlerts);
            assertThat(db.duplicateDeliveries).as("alerts with more than one delivery to a service").isZero();
            assertThat(db.delivered).as("deliveries made").isEqualTo(expectedAlerts);
            assertThat(outbox.alertIds).as("%s's files: each alert raised, once", SERVICE).hasSize(expectedAlerts);
            assertThat(outbox.rows).as("rows in %s's files", SERVICE).isEqualTo(expectedAlerts);
            assertThat(feedView.path("state").asText()).as("the feed after the drill: %s", feedView).isNotEqualTo("FAILED");
        }
    }

    // ---- the drill's data

    /** Into the census inbox as partners should: written aside, then renamed in. */
    private static void drop(Path file, Path inbox) throws IOException {
        Path tmp = inbox.resolve("." + file.getFileName() + ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** What is in done/ and failed/. */
    private static List<Path> archived(Path inbox) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String folder : List.of("done", "failed")) {
            Path dir = inbox.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.forEach(out::add);
                }
            }
        }
        return out;
    }

    // ---- what the hub says

    private static JsonNode latestRun(HubProcess hub) throws Exception {
        JsonNode runs = HubProcess.json(hub.get("/api/feeds/" + FEED + "/runs?limit=1"));
        return runs.isEmpty() ? null : runs.get(0);
    }

    /** Waits until every change is assessed and no alert waits to go; the file channel is asked to deliver meanwhile. */
    private static void settle(HubProcess hub) throws Exception {
        await("reassessment caught up and every alert delivered", Duration.ofSeconds(300), () -> {
            if (HubProcess.json(hub.get("/api/reassessment")).path("waiting").asLong() > 0) {
                return false;
            }
            hub.post("/api/jobs/file-drop/run");
            return HubProcess.json(hub.get("/api/alerts?state=PENDING&size=1")).isEmpty();
        });
    }

    // ---- what the service received, and what the database holds

    private record Outbox(int rows, Set<String> alertIds) {
    }

    /** Every row of the service's CSV files (written whole, then renamed in: names starting with a dot are not done). */
    private static Outbox outbox(Path home) throws IOException {
        Path dir = home.resolve("outbox").resolve(SERVICE);
        int rows = 0;
        Set<String> ids = new HashSet<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".csv") && !p.getFileName().toString().startsWith(".")).toList()) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    int alertId = List.of(lines.get(0).split(",")).indexOf("alertId");
                    for (String line : lines.subList(1, lines.size())) {
                        ids.add(line.split(",", -1)[alertId]);
                        rows++;
                    }
                }
            }
        }
        return new Outbox(rows, ids);
    }

    private record Database(long youngPeople, long censusRows, long upns, long alerts, long delivered, long duplicateDeliveries) {
    }

    private static Database database(ExternalPostgres postgres) throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            return new Database(
                    count(s, "select count(*) from young_person"),
                    count(s, "select count(*) from school_census where census_date = date '" + CENSUS_DATE + "'"),
                    count(s, "select count(distinct value) from person_identifier where scheme = 'UPN'"),
                    count(s, "select count(*) from alert where alert_type = 'RISK_RAISED'"),
                    count(s, "select count(*) from alert_delivery where service_id = '" + SERVICE + "' and state = 'DELIVERED'"),
                    count(s, "select count(*) from (select alert_id, service_id from alert_delivery"
                            + " group by alert_id, service_id having count(*) > 1) twice"));
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
