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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.system.EmbeddedPostgresServer;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * Issue 17, drill 4, "Two nodes": two hub processes (the built jar, {@code node-1} and {@code node-2}) sharing one
 * PostgreSQL server, one ActiveMQ broker (each in a process of its own) and one inbox and outbox folder, as
 * docker/compose.yaml runs them. A first census is read by the node that runs the schedules, once; its alerts leave
 * by queue, webhook, file and email, each once, the file-drop and email-digest jobs running every 5 s on that node only.
 * A second census is dropped and that node is killed (SIGKILL) part-way through it: the other node takes the
 * schedules over, reads the file again once its read lock has lapsed (committed batches count as duplicates), marks
 * the dead node's run INTERRUPTED, and delivers the rest. In the end every record is stored once, the file leaves the
 * inbox once, and every alert has reached its service exactly once.
 *
 * <p>{@code drill.scale=short} (every mvn verify: 300 + 1,500 pupils) or {@code long} (-Pdrills: 3,000 + 15,000).
 * Pupils are generated, seed 7601, the demo's authority 925 and districts NM1-NM9, one cohort split over the two files.
 */
class TwoNodesDrillIT {

    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);
    private static final String WEBHOOK_PATH = "/hooks/careers-south";
    /** The first key of the hub's job locks in PostgreSQL (HubJobs), the second being the job's name hashed. */
    private static final int JOB_LOCKS = 0x484A4F42;
    private static final Pattern EMAILED_ALERT = Pattern.compile("\\(alert (\\S+),");

    private record Scale(String name, int first, int second) {
        static Scale of(String name) {
            return switch (name) {
                case "short" -> new Scale(name, 300, 1_500);
                case "long" -> new Scale(name, 3_000, 15_000);
                default -> throw new IllegalArgumentException("drill.scale: expected short or long (got '" + name + "')");
            };
        }
    }

    @Test
    void twoNodesReadEachFileOnceDeliverEachAlertOnceAndRunEachScheduleOnOneNode() throws Exception {
        Scale scale = Scale.of(System.getProperty("drill.scale", "short"));
        long began = System.nanoTime();
        Path shared = Files.createTempDirectory("hub-two-nodes-shared-");
        Path config = Files.createTempDirectory("hub-two-nodes-config-");
        ConfigFolders.copyTree(Path.of("routes"), config.resolve("routes"));
        ConfigFolders.copyTree(Path.of("mappings"), config.resolve("mappings"));
        ConfigFolders.copyTree(Path.of("it-tests/src/test/resources/two-nodes"), config);
        List<Path> files = censusFiles(scale, Files.createTempDirectory("hub-two-nodes-data-"));

        WireMockServer webhooks = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        webhooks.start();
        webhooks.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).willReturn(ok()));
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try (EmbeddedPostgresServer database = EmbeddedPostgresServer.start(Files.createTempDirectory("hub-two-nodes-db-"), 0,
                Duration.ofSeconds(60));
             ExternalBroker broker = ExternalBroker.start(Files.createTempDirectory("hub-two-nodes-broker-"))) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "HUB_DB_URL", database.jdbcUrl(),
                    "HUB_DB_USER", database.user(),
                    "HUB_DB_PASSWORD", database.password(),
                    "HUB_BROKER_URL", broker.url(),
                    "HUB_CONFIG_DIR", config.toString(),
                    "HUB_SMTP_HOST", "127.0.0.1",
                    "HUB_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()),
                    "HUB_SMTP_STARTTLS", "false",
                    "HUB_DRILL_WEBHOOK_URL", webhooks.baseUrl() + WEBHOOK_PATH,
                    "HUB_DRILL_WEBHOOK_SECRET", "drill-webhook-secret-not-secret"));
            // batches of 100 so that the kill finds some committed and some not; a dead node's file lock lapses in 20 s
            env.putAll(Map.of("HUB_INGEST_BATCH_SIZE", "100", "HUB_FILE_LOCK_MAX_AGE", "20s",
                    "HUB_CLUSTER_TAKE_OVER_INTERVAL", "2s"));

            try (HubProcess first = node(shared, "node-1", env); HubProcess second = node(shared, "node-2", env)) {
                await("node-1, started first, running the schedules", Duration.ofSeconds(30),
                        () -> "runs them".equals(schedules(first)));
                assertThat(schedules(second)).as("node-2").isEqualTo("stands by");

                // the first census: read once, by the node that runs the schedules; its alerts delivered
                drop(shared, files.get(0));
                JsonNode firstRun = await("the first census read", Duration.ofSeconds(120),
                        () -> run(second, files.get(0)), r -> r != null && "COMPLETED".equals(r.path("state").asText()));
                assertThat(firstRun.path("node").asText()).isEqualTo("node-1");
                assertThat(firstRun.path("stored").asInt()).isEqualTo(scale.first());
                await("the first census's alerts delivered", Duration.ofSeconds(120), () -> settled(second));
                assertThat(jobsRun(first)).as("jobs node-1 has run").contains("file-drop", "email-digest");
                assertThat(jobsRun(second)).as("jobs node-2 has run while standing by").isEmpty();
                // a job asked for on one node while it runs on another (here: its lock held, as a run holds it) waits
                try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                     PreparedStatement lock = db.prepareStatement("select pg_advisory_lock(?, hashtext('email-digest'))")) {
                    lock.setInt(1, JOB_LOCKS);
                    lock.execute();
                    JsonNode asked = HubProcess.json(second.post("/api/jobs/email-digest/run"));
                    assertThat(asked.path("outcome").asText()).isEqualTo("not run: it is running on another node");
                }

                // the second census: node-1 killed part-way through it
                drop(shared, files.get(1));
                JsonNode cut = await("the second census part-read", Duration.ofSeconds(120), () -> run(second, files.get(1)),
                        r -> r != null && r.path("stored").asInt() >= 300);
                assertThat(cut.path("state").asText()).as("still being read when node-1 is killed").isEqualTo("RUNNING");
                long killed = System.nanoTime();
                first.kill();
                await("node-2 running the schedules", Duration.ofSeconds(30), () -> "runs them".equals(schedules(second)));
                double tookOverAfter = seconds(System.nanoTime() - killed);
                JsonNode secondRun = await("the second census read again by node-2", Duration.ofSeconds(180),
                        () -> run(second, files.get(1)), r -> r != null && "COMPLETED".equals(r.path("state").asText()));
                double readAgainAfter = seconds(System.nanoTime() - killed);
                await("everything delivered", Duration.ofSeconds(180), () -> settled(second));

                // each file read once to its end and archived once
                JsonNode interrupted = runs(second).stream().filter(r -> r.path("id").asLong() == cut.path("id").asLong())
                        .findFirst().orElseThrow();
                assertThat(interrupted.path("state").asText()).as("node-1's cut run").isEqualTo("INTERRUPTED");
                assertThat(interrupted.path("failureReason").asText()).contains("node node-1 stopped").contains("node-2");
                assertThat(secondRun.path("node").asText()).isEqualTo("node-2");
                assertThat(secondRun.path("received").asInt()).isEqualTo(scale.second());
                assertThat(secondRun.path("stored").asInt() + secondRun.path("duplicates").asInt()).isEqualTo(scale.second());
                assertThat(secondRun.path("duplicates").asInt()).as("what node-1 had committed, found stored")
                        .isEqualTo(interrupted.path("stored").asInt());
                assertThat(runs(second)).as("runs of the two files").hasSize(3);
                assertThat(archived(shared)).as("done/ holds each file once")
                        .containsExactlyInAnyOrder(files.get(0).getFileName().toString(), files.get(1).getFileName().toString());
                int stored = firstRun.path("stored").asInt() + secondRun.path("stored").asInt() + interrupted.path("stored").asInt();
                assertThat(stored).as("records stored").isEqualTo(scale.first() + scale.second());
                assertThat(jobsRun(second)).as("jobs node-2 ran once it had taken over").contains("file-drop", "email-digest");

                // each alert delivered once: what the hub says, then what each service received
                List<JsonNode> rows = allAlerts(second, null);
                Map<String, List<JsonNode>> byAlert = new HashMap<>();
                rows.forEach(r -> byAlert.computeIfAbsent(r.path("alertId").asText(), k -> new ArrayList<>()).add(r));
                int expected = pupilsToAlert(second, CENSUS_DATE);
                Map<String, List<String>> received = new HashMap<>();
                received.put("careers-north", readQueue(broker.url(), "hub.alerts.careers-north"));
                received.put("careers-south", webhooks.getAllServeEvents().stream()
                        .filter(e -> e.getRequest().getUrl().startsWith(WEBHOOK_PATH))
                        .map(ServeEvent::getRequest).map(r -> r.getHeader("Idempotency-Key")).toList());
                received.put("careers-east", filedAlerts(shared.resolve("outbox/careers-east")));
                received.put("careers-west", emailedAlerts(mail));
                int delivered = received.values().stream().mapToInt(ids -> new HashSet<>(ids).size()).sum();
                int duplicates = received.values().stream().mapToInt(List::size).sum() - delivered;

                System.out.printf("two-nodes drill (%s): records in %d, stored %d (node-1 killed with %d of the second"
                                + " file's committed), alerts expected %d, raised %d, delivered %d (queue %d, webhook %d,"
                                + " file %d, email %d), duplicates %d; node-2 ran the schedules %.1f s after the kill and"
                                + " had read the file again %.1f s after it; drill %.0f s%n",
                        scale.name(), scale.first() + scale.second(), stored, interrupted.path("stored").asInt(), expected,
                        byAlert.size(), delivered, received.get("careers-north").size(), received.get("careers-south").size(),
                        received.get("careers-east").size(), received.get("careers-west").size(), duplicates, tookOverAfter,
                        readAgainAfter, seconds(System.nanoTime() - began));

                assertThat(byAlert).as("one alert for each pupil in Years 9-11 whose band is AMBER or RED").hasSize(expected);
                assertThat(byAlert.values()).as("deliveries of each alert").allSatisfy(d -> {
                    assertThat(d).hasSize(1);
                    assertThat(d.get(0).path("delivery").path("state").asText()).as("alert %s", d.get(0).path("alertId"))
                            .isEqualTo("DELIVERED");
                });
                for (String service : received.keySet()) {
                    assertThat(new HashSet<>(received.get(service))).as("what %s received", service)
                            .isEqualTo(alertIdsOf(rows, service)).isNotEmpty();
                }
                assertThat(duplicates).as("alerts a service received twice").isZero();
            }
        } finally {
            webhooks.stop();
            mail.stop();
        }
    }

    // ---- the nodes

    /** A node: a home of its own, whose inbox and outbox are the shared folders (as the compose file mounts them). */
    private static HubProcess node(Path shared, String name, Map<String, String> env) throws Exception {
        Path home = Files.createTempDirectory("hub-two-nodes-" + name + "-");
        for (String folder : List.of("inbox", "outbox")) {
            Files.createSymbolicLink(home.resolve(folder), Files.createDirectories(shared.resolve(folder)));
        }
        Map<String, String> own = new HashMap<>(env);
        own.put("HUB_NODE_NAME", name);
        return HubProcess.start(home, name + ".log", own);
    }

    /** Whether the node runs the schedules or stands by ({@code /actuator/info}). */
    private static String schedules(HubProcess node) throws Exception {
        return HubProcess.json(node.get("/actuator/info")).path("node").path("schedules").asText();
    }

    /** The jobs this node has run since it started. */
    private static Set<String> jobsRun(HubProcess node) throws Exception {
        Set<String> ran = new HashSet<>();
        for (JsonNode job : HubProcess.json(node.get("/api/jobs"))) {
            if (!job.path("lastRun").isNull() && !job.path("lastRun").isMissingNode()) {
                ran.add(job.path("name").asText());
            }
        }
        return ran;
    }

    /** Nothing waiting: every change scored, every delivery made. */
    private static boolean settled(HubProcess node) throws Exception {
        return HubProcess.json(node.get("/api/reassessment")).path("waiting").asLong() == 0
                && HubProcess.json(node.get("/api/alerts?state=PENDING&size=1")).isEmpty()
                && HubProcess.json(node.get("/api/alerts?state=UNSENDABLE&size=1")).isEmpty()
                && !allAlerts(node, null).isEmpty();
    }

    // ---- the files

    /** One generated cohort over two census files: {@code first} pupils, then {@code second}. */
    private static List<Path> censusFiles(Scale scale, Path dir) throws IOException {
        SyntheticCohort cohort = GeneratedPeople.pupils(new SyntheticCohort(scale.first() + scale.second(), 7601, "925",
                CENSUS_DATE, List.of("NM1", "NM2", "NM3", "NM4", "NM5", "NM6", "NM7", "NM8", "NM9")));
        List<StringBuilder> rows = List.of(new StringBuilder(CohortFiles.CENSUS_HEADER + "\r\n"),
                new StringBuilder(CohortFiles.CENSUS_HEADER + "\r\n"));
        int n = 0;
        for (Pupil p : cohort) {
            rows.get(n++ < scale.first() ? 0 : 1).append(CohortFiles.censusRow(p, cohort.censusDate())).append("\r\n");
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path f = dir.resolve("census-node-drill-" + (i + 1) + ".csv");
            Files.writeString(f, rows.get(i), StandardCharsets.UTF_8);
            files.add(f);
        }
        return files;
    }

    /** Into the shared census inbox as partners should: written aside, then renamed in. */
    private static void drop(Path shared, Path file) throws IOException {
        Path inbox = Files.createDirectories(shared.resolve("inbox/school-census"));
        Path tmp = inbox.resolve("." + file.getFileName() + ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The files in the census feed's done/ folder, by their name as dropped ({@code run-<id>-} taken off). */
    private static List<String> archived(Path shared) throws IOException {
        try (Stream<Path> done = Files.list(shared.resolve("inbox/school-census/done"))) {
            return done.map(p -> p.getFileName().toString().replaceFirst("^run-\\d+-", "")).toList();
        }
    }

    // ---- what the hub says

    private static List<JsonNode> runs(HubProcess node) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        HubProcess.json(node.get("/api/feeds/school-census/runs?limit=100")).forEach(out::add);
        return out;
    }

    /** The latest run of a file, or null before it starts. */
    private static JsonNode run(HubProcess node, Path file) throws Exception {
        return runs(node).stream().filter(r -> r.path("file").asText().endsWith(file.getFileName().toString()))
                .findFirst().orElse(null);
    }

    // ---- what the services received

    /** The alert id of every row of every CSV file in a service's outbox folder. */
    private static List<String> filedAlerts(Path folder) throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv") && !p.getFileName().toString().startsWith(".")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                int column = List.of(lines.get(0).split(",")).indexOf("alertId");
                lines.subList(1, lines.size()).forEach(line -> ids.add(line.split(",", -1)[column]));
            }
        }
        return ids;
    }

    /** The alert id of every alert listed in every email received. */
    private static List<String> emailedAlerts(GreenMail mail) throws Exception {
        List<String> ids = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            Matcher alert = EMAILED_ALERT.matcher((String) m.getContent());
            while (alert.find()) {
                ids.add(alert.group(1));
            }
        }
        return ids;
    }
}
