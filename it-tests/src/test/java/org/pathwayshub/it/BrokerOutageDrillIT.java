package org.pathwayshub.it;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pathwayshub.it.Drills.await;
import static org.pathwayshub.it.Drills.seconds;
import static org.pathwayshub.it.Drills.allAlerts;
import static org.pathwayshub.it.Drills.alertIdsOf;
import static org.pathwayshub.it.Drills.pupilsToAlert;
import static org.pathwayshub.it.Drills.readQueue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * Issue 17, drill 2, "Broker down": the built jar on its embedded PostgreSQL, with an external ActiveMQ broker in a
 * process of its own (HUB_BROKER_URL). A census is dropped; as its alerts start to reach the services, the broker is
 * stopped (SIGTERM) and stays down while more census files arrive, then is started again on the same port and store.
 * Every alert raised reaches its service once: careers-north reads its queue on the broker over TCP, careers-south is
 * a webhook (WireMock); and while the broker is down the hub's health says so, and readiness with it.
 *
 * <p>{@code -Ddrill.scale=short} (the default: 800 pupils, a 25 s outage) or {@code long} (8,000 pupils, 60 s).
 * Pupils are generated (seed 7201, the demo's authority 925 and districts NM1-NM9), one cohort split over the files
 * so no two files share a UPN. It prints a one-line summary of what went in and what came out, for the README's
 * table of drills.
 */
class BrokerOutageDrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK_PATH = "/hooks/careers-south";
    private static final String WEBHOOK_SECRET = "drill-webhook-secret-not-secret";
    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);

    /** How big a drill: pupils in all, census files (the first before the outage, the rest during it), outage. */
    private record Scale(String name, int pupils, int files, Duration outage) {
        static Scale of(String name) {
            return switch (name) {
                case "short" -> new Scale(name, 800, 5, Duration.ofSeconds(25));
                case "long" -> new Scale(name, 8_000, 9, Duration.ofSeconds(60));
                default -> throw new IllegalArgumentException("drill.scale: expected short or long (got '" + name + "')");
            };
        }
    }

    @Test
    void alertsRaisedWhileTheBrokerIsDownAreAllDeliveredOnceWhenItReturns() throws Exception {
        Scale scale = Scale.of(System.getProperty("drill.scale", "short"));
        long began = System.nanoTime();
        Path home = Files.createTempDirectory("hub-broker-drill-");
        Path config = Files.createTempDirectory("hub-broker-drill-config-");
        ConfigFolders.copyTree(Path.of("routes"), config.resolve("routes"));
        ConfigFolders.copyTree(Path.of("mappings"), config.resolve("mappings"));
        ConfigFolders.copyTree(Path.of("it-tests/src/test/resources/broker-drill"), config);
        List<Path> files = censusFiles(scale, Files.createTempDirectory("hub-broker-drill-data-"));

        WireMockServer webhooks = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        webhooks.start();
        webhooks.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).willReturn(ok()));
        try (ExternalBroker broker = ExternalBroker.start(Files.createTempDirectory("hub-broker-drill-broker-"));
             HubProcess hub = HubProcess.start(home, "hub.log", Map.of(
                     "HUB_BROKER_URL", broker.url(),
                     "HUB_CONFIG_DIR", config.toString(),
                     "HUB_DRILL_CAREERS_SOUTH_WEBHOOK_URL", webhooks.baseUrl() + WEBHOOK_PATH,
                     "HUB_DRILL_CAREERS_SOUTH_WEBHOOK_SECRET", WEBHOOK_SECRET))) {
            assertThat(health(hub)).as("health before the drill").isEqualTo(Health.UP);

            // the first census; the broker goes as soon as its alerts start to reach the services
            drop(home, files.get(0));
            await("a first delivery made", Duration.ofSeconds(90), () -> !alerts(hub, "DELIVERED", 1).isEmpty());
            long stopped = System.nanoTime();
            broker.stop();
            int waitingAtStop = allAlerts(hub, "PENDING").size();

            // while it is down: health and readiness say so, liveness does not (nothing to gain from a restart)
            await("health showing the broker DOWN", Duration.ofSeconds(20), () -> healthJson(hub, ""),
                    h -> Health.of(h).jms() == Status.DOWN);
            double noticedAfter = seconds(System.nanoTime() - stopped);
            List<Health> samples = new ArrayList<>();
            for (int i = 1; i < files.size(); i++) {
                drop(home, files.get(i));
                sleepUntil(stopped + scale.outage().toNanos() * i / files.size(), samples, hub);
            }
            sleepUntil(stopped + scale.outage().toNanos(), samples, hub);
            assertThat(samples).as("/actuator/health sampled during the outage").isNotEmpty()
                    .allSatisfy(h -> assertThat(h).isEqualTo(Health.DOWN));
            JsonNode readiness = healthJson(hub, "/readiness");
            assertThat(readiness.path("status").asText()).as("readiness while the broker is down: %s", readiness).isEqualTo("DOWN");
            assertThat(readiness.path("components").path("jms").path("status").asText()).isEqualTo("DOWN");
            assertThat(healthJson(hub, "/liveness").path("status").asText()).as("liveness").isEqualTo("UP");

            int waitingAtReturn = allAlerts(hub, "PENDING").size();
            broker.start();
            long restarted = System.nanoTime();
            await("health UP again", Duration.ofSeconds(60), () -> healthJson(hub, ""), h -> Health.of(h).equals(Health.UP));
            double upAfter = seconds(System.nanoTime() - restarted);
            assertThat(healthJson(hub, "/readiness").path("status").asText()).as("readiness after").isEqualTo("UP");

            // every file stored, risk and alerts caught up, nothing left waiting
            List<JsonNode> runs = await("every census run finished", Duration.ofSeconds(120), () -> runs(hub, files),
                    r -> r.size() == files.size() && r.stream().allMatch(run -> !run.path("finished").isNull()));
            await("reassessment caught up", Duration.ofSeconds(120),
                    () -> HubProcess.json(hub.get("/api/reassessment")).path("waiting").asLong() == 0);
            await("no delivery waiting", Duration.ofSeconds(120), () -> alerts(hub, "PENDING", 1).isEmpty());
            double drainedAfter = seconds(System.nanoTime() - restarted);

            int received = runs.stream().mapToInt(r -> r.path("received").asInt()).sum();
            int stored = runs.stream().mapToInt(r -> r.path("stored").asInt()).sum();
            int expected = pupilsToAlert(hub, CENSUS_DATE);
            // what the hub says it raised and delivered, a row per delivery
            List<JsonNode> rows = allAlerts(hub, null);
            Map<String, List<JsonNode>> byAlert = new HashMap<>();
            rows.forEach(r -> byAlert.computeIfAbsent(r.path("alertId").asText(), k -> new ArrayList<>()).add(r));
            // what the services received: the queue over TCP from the broker, the webhook's requests
            List<String> queued = readQueue(broker.url(), "hub.alerts.careers-north");
            List<String> posted = webhooks.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().startsWith(WEBHOOK_PATH))
                    .map(ServeEvent::getRequest).map(r -> r.getHeader("Idempotency-Key")).toList();
            int delivered = new HashSet<>(queued).size() + new HashSet<>(posted).size();
            int duplicates = queued.size() + posted.size() - delivered;

            System.out.printf("broker-outage drill (%s): records in %d, stored %d, alerts expected %d, raised %d,"
                            + " delivered %d (queue %d, webhook %d), duplicates %d; broker down %d s (SIGTERM) with %d"
                            + " deliveries waiting at the stop and %d at its return; health DOWN after %.1f s, UP %.1f s"
                            + " after the restart, all delivered %.1f s after it; drill %.0f s%n",
                    scale.name(), received, stored, expected, byAlert.size(), delivered, queued.size(), posted.size(),
                    duplicates, scale.outage().toSeconds(), waitingAtStop, waitingAtReturn, noticedAfter, upAfter,
                    drainedAfter, seconds(System.nanoTime() - began));

            assertThat(received).as("records in").isEqualTo(scale.pupils());
            assertThat(stored).as("records stored").isEqualTo(scale.pupils());
            assertThat(byAlert).as("one alert for each pupil in Years 9-11 whose band is AMBER or RED").hasSize(expected);
            assertThat(rows).as("the alerts raised").allSatisfy(r -> assertThat(r.path("type").asText()).isEqualTo("RISK_RAISED"));
            assertThat(byAlert.values()).as("deliveries of each alert").allSatisfy(d -> {
                assertThat(d).hasSize(1);
                assertThat(d.get(0).path("delivery").path("state").asText()).as("alert %s", d.get(0).path("alertId"))
                        .isEqualTo("DELIVERED");
            });
            assertThat(new HashSet<>(queued)).as("careers-north's queue: each alert routed to it")
                    .isEqualTo(alertIdsOf(rows, "careers-north"));
            assertThat(new HashSet<>(posted)).as("careers-south's webhook: each alert routed to it")
                    .isEqualTo(alertIdsOf(rows, "careers-south"));
            assertThat(duplicates).as("alerts a service received twice").isZero();
        } finally {
            webhooks.stop();
        }
    }

    // ---- the drill's data

    /** One generated cohort split over {@code scale.files()} census files, the first of them the largest. */
    private static List<Path> censusFiles(Scale scale, Path dir) throws IOException {
        SyntheticCohort cohort = GeneratedPeople.pupils(new SyntheticCohort(scale.pupils(), 7201, "925", CENSUS_DATE,
                List.of("NM1", "NM2", "NM3", "NM4", "NM5", "NM6", "NM7", "NM8", "NM9")));
        int first = scale.pupils() * 2 / 5;
        int rest = (scale.pupils() - first + scale.files() - 2) / (scale.files() - 1);
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (Pupil p : cohort) {
            int file = n < first ? 0 : 1 + (n - first) / rest;
            while (rows.size() <= file) {
                rows.add(new ArrayList<>(List.of(CohortFiles.CENSUS_HEADER)));
            }
            rows.get(file).add(CohortFiles.censusRow(p, cohort.censusDate()));
            n++;
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Path f = dir.resolve(String.format("census-%02d.csv", i + 1));
            Files.writeString(f, String.join("\r\n", rows.get(i)) + "\r\n", StandardCharsets.UTF_8);
            files.add(f);
        }
        assertThat(files).hasSize(scale.files());
        return files;
    }

    /** Into the census inbox as partners should: written aside, then renamed in. */
    private static void drop(Path home, Path file) throws IOException {
        Path inbox = Files.createDirectories(home.resolve("inbox/school-census"));
        Path tmp = inbox.resolve("." + file.getFileName() + ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    // ---- what the hub says

    private enum Status { UP, DOWN, OTHER }

    /** The hub's health and its broker component's. */
    private record Health(Status overall, Status jms) {
        static final Health UP = new Health(Status.UP, Status.UP);
        static final Health DOWN = new Health(Status.DOWN, Status.DOWN);

        static Health of(JsonNode health) {
            return new Health(status(health), status(health.path("components").path("jms")));
        }
    }

    /** {@code /actuator/health}{@code group}, whatever its HTTP status (503 when DOWN). */
    private static JsonNode healthJson(HubProcess hub, String group) throws Exception {
        HttpResponse<String> r = hub.get("/actuator/health" + group);
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.statusCode()).as("HTTP status of health%s: %s", group, r.body())
                .isEqualTo(body.path("status").asText().equals("UP") ? 200 : 503);
        return body;
    }

    private static Health health(HubProcess hub) throws Exception {
        return Health.of(healthJson(hub, ""));
    }

    private static Status status(JsonNode node) {
        return switch (node.path("status").asText()) {
            case "UP" -> Status.UP;
            case "DOWN" -> Status.DOWN;
            default -> Status.OTHER;
        };
    }

    /** Alerts (a row per delivery) in one delivery state, at most {@code size}. */
    private static List<JsonNode> alerts(HubProcess hub, String state, int size) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        HubProcess.json(hub.get("/api/alerts?state=" + state + "&size=" + size)).forEach(out::add);
        return out;
    }

    /** The census runs of the drill's files, by their file name. */
    private static List<JsonNode> runs(HubProcess hub, List<Path> files) throws Exception {
        Set<String> names = new HashSet<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode run : HubProcess.json(hub.get("/api/feeds/school-census/runs?limit=100"))) {
            if (names.stream().anyMatch(name -> run.path("file").asText().endsWith(name))) {
                out.add(run);
            }
        }
        return out;
    }

    // ---- waiting

    /** Samples the hub's health each second until {@code nanoTime} is reached. */
    private static void sleepUntil(long nanoTime, List<Health> samples, HubProcess hub) throws Exception {
        while (System.nanoTime() < nanoTime) {
            samples.add(health(hub));
            Thread.sleep(Math.max(0, Math.min(1_000, (nanoTime - System.nanoTime()) / 1_000_000)));
        }
    }
}
