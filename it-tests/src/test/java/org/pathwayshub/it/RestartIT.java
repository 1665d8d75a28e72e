package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;

/**
 * The built jar as a user starts it, on its embedded defaults: killed with SIGKILL after storing a file, it
 * leaves its PostgreSQL server running; the next start clears that server and finds everything stored.
 */
class RestartIT {

    private static final String USER = "restart-admin";
    private static final String PASSWORD = "restart-password-not-secret";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aHubKilledWithSigkillStartsAgainWithItsDataKept() throws Exception {
        Path home = Files.createTempDirectory("hub-restart-");
        SyntheticCohort pupils = new SyntheticCohort(50, 61, "935", LocalDate.of(2026, 10, 1), List.of("NM6"));
        Path file = home.resolve("census.csv");
        CohortFiles.writeCensus(pupils, file, List.of());
        Pupil someone = pupils.iterator().next();

        int port = freePort();
        Process first = start(home, port, "first.log");
        try {
            awaitUp(port, first);
            Files.createDirectories(home.resolve("inbox/school-census"));
            Files.move(file, home.resolve("inbox/school-census/census.csv"));
            JsonNode run = awaitRun(port, 50);
            assertThat(run.path("stored").asInt()).isEqualTo(50);
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        Path pid = home.resolve("data/postgres/postmaster.pid");
        assertThat(pid).as("the killed hub's PostgreSQL server is still running").exists();
        long orphan = Long.parseLong(Files.readAllLines(pid).get(0).trim());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        int port2 = freePort();
        Process second = start(home, port2, "second.log");
        try {
            awaitUp(port2, second);
            HttpResponse<String> person = get(port2, "/api/young-people?upn=" + someone.upn());
            assertThat(person.statusCode()).isEqualTo(200);
            assertThat(json.readTree(person.body()).path("familyName").asText()).isEqualTo(someone.surname());
            JsonNode feeds = json.readTree(get(port2, "/api/feeds").body());
            JsonNode census = null;
            for (JsonNode f : feeds) {
                if (f.path("id").asText().equals("school-census")) {
                    census = f;
                }
            }
            assertThat(census).isNotNull();
            assertThat(census.path("lastRun").path("stored").asInt()).isEqualTo(50);
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                    .as("the orphaned server was stopped").isFalse();
        } finally {
            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("a SIGTERM stops the hub").isTrue();
        }
        assertThat(pid).as("a clean stop stops PostgreSQL too").doesNotExist();
    }

    private Process start(Path home, int port, String log) throws IOException {
        String jar = System.getProperty("hub.jar", "target/pathways-hub.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar);
        pb.environment().put("HUB_HOME", home.toString());
        pb.environment().put("SERVER_PORT", Integer.toString(port));
        pb.environment().put("HUB_ADMIN_USER", USER);
        pb.environment().put("HUB_ADMIN_PASSWORD", PASSWORD);
        pb.redirectErrorStream(true);
        pb.redirectOutput(home.resolve(log).toFile());
        return pb.start();
    }

    private void awaitUp(int port, Process process) throws Exception {
        long end = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < end) {
            assertThat(process.isAlive()).as("hub process running").isTrue();
            try {
                HttpResponse<String> r = get(port, "/actuator/health");
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the hub did not report UP within 180 s");
    }

    private JsonNode awaitRun(int port, int received) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            JsonNode runs = json.readTree(get(port, "/api/feeds/school-census/runs?limit=1").body());
            if (runs.size() > 0 && !runs.get(0).path("finished").isNull() && runs.get(0).path("received").asInt() == received) {
                return runs.get(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no finished run of " + received + " records within 60 s");
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
