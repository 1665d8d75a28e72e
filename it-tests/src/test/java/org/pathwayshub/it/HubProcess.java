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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The built jar started as a user starts it ({@code java -jar target/pathways-hub.jar}), on its embedded defaults
 * (its own PostgreSQL and broker under {@code HUB_HOME}), with the checkout's routes/ and mappings/, on a free port;
 * read through its HTTP API as the built-in admin.
 */
final class HubProcess implements AutoCloseable {

    static final String USER = "process-admin";
    static final String PASSWORD = "process-password-not-secret";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String LOGS_PROPERTY = "hub.process.logs";

    private final Path home;
    private final int port;
    private final Path log;
    private final Process process;

    private HubProcess(Path home, int port, Path log, Process process) {
        this.home = home;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Where the process's output goes: the folder {@value #LOGS_PROPERTY} names (target/hub-process-logs in a Maven
     * build), named after its home, so that a killed hub's log outlives it and LogPrivacyScanIT reads every one;
     * without the property, in the home.
     */
    private static Path logFile(Path home, String log) throws IOException {
        String dir = System.getProperty(LOGS_PROPERTY, "");
        if (dir.isBlank()) {
            return home.resolve(log);
        }
        Files.createDirectories(Path.of(dir));
        return Path.of(dir).resolve(home.getFileName() + "-" + log);
    }

    /** Starts the jar with {@code HUB_HOME} {@code home}, its output in {@link #logFile}, and waits until it is UP. */
    static HubProcess start(Path home, String log) throws Exception {
        return start(home, log, Map.of());
    }

    /**
     * As {@link #start(Path, String)}, with more of the environment: what a user would set (HUB_BROKER_URL, say) or a
     * drill (HUB_DRILL_CRASH_AT).
     */
    static HubProcess start(Path home, String log, Map<String, String> env) throws Exception {
        int port = freePort();
        String jar = System.getProperty("hub.jar", "target/pathways-hub.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar);
        pb.environment().put("HUB_HOME", home.toString());
        pb.environment().put("SERVER_PORT", Integer.toString(port));
        pb.environment().put("HUB_ADMIN_USER", USER);
        pb.environment().put("HUB_ADMIN_PASSWORD", PASSWORD);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Path logFile = logFile(home, log);
        pb.redirectOutput(logFile.toFile());
        HubProcess hub = new HubProcess(home, port, logFile, pb.start());
        hub.awaitUp();
        return hub;
    }

    Path home() {
        return home;
    }

    Process process() {
        return process;
    }

    private void awaitUp() throws Exception {
        long end = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < end) {
            assertThat(process.isAlive()).as("hub process running (see %s)", log).isTrue();
            try {
                HttpResponse<String> r = get("/actuator/health");
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

    /** The feed's latest run once it has finished with {@code received} records; fails after {@code seconds}. */
    JsonNode awaitRun(String feedId, int received, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            HttpResponse<String> answer = get("/api/feeds/" + feedId + "/runs?limit=1");
            if (answer.statusCode() == 503) {
                // the database is restarting: the API says so, and the run goes on once it is back
                Thread.sleep(500);
                continue;
            }
            JsonNode runs = json(answer);
            if (runs.size() > 0 && !runs.get(0).path("finished").isNull() && runs.get(0).path("received").asInt() == received) {
                return runs.get(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no finished run of " + feedId + " with " + received + " records within " + seconds + " s");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A GET with no credentials, as a load balancer's health probe asks. */
    HttpResponse<String> probe(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A POST of {@code body} as JSON. */
    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** A GET as another user of the hub (one the admin added), as that user's browser or script would. */
    HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), user, password);
    }

    /** A POST of {@code body} as JSON, as another user of the hub. */
    HttpResponse<String> post(String path, Object body, String user, String password) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), user, password);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as("HTTP status of %s", response.uri()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request, USER, PASSWORD);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String user, String password)
            throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return CLIENT.send(request.header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Kills the process at once (SIGKILL), as a crash or {@code kill -9} would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the hub as a service manager would (SIGTERM); true if it stopped within a minute. */
    boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && !stop()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
