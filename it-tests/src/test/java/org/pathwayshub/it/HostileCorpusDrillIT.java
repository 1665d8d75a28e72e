package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pathwayshub.feed.FeedController.RunView;
import org.pathwayshub.testdata.HostileCorpus;
import org.pathwayshub.testdata.HostileCorpus.Case;
import org.pathwayshub.testdata.HostileCorpus.Expect;
import org.pathwayshub.testdata.HostileCorpus.Outcome;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;

/**
 * Issue 17, drill 5: every case of the {@link HostileCorpus} (every feed format and the referrals API) is refused or
 * quarantined with a reason a data team can act on, the good records beside it are kept, nothing is left in an inbox,
 * the hub answers healthy after each, and after the whole corpus the heap in use is bounded. Seeds 7301 to 7305, LAs
 * 893 and 894. {@code -Ddrill.scale=long} (the drills profile) adds the large variants.
 */
class HostileCorpusDrillIT extends HubIntegrationTest {

    private static final String SCALE = System.getProperty("drill.scale", "short");
    /** The heap a hub that has read the whole corpus may still hold after a collection. */
    private static final long HEAP_BOUND_BYTES = 768L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final AtomicInteger QUARANTINED = new AtomicInteger();
    private static final AtomicLong KEPT = new AtomicLong();
    private static final long STARTED = System.nanoTime();
    private static final List<Case> CORPUS = new ArrayList<>();

    @Value("${local.server.port}")
    private int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TestFactory
    Stream<DynamicTest> everyHostileDeliveryIsRefusedOrQuarantinedWithAReasonAndTheHubCarriesOn() {
        List<Case> corpus = HostileCorpus.cases(SCALE);
        CORPUS.addAll(corpus);
        assertThat(corpus).as("the drill asks for at least 100 cases").hasSizeGreaterThanOrEqualTo(100);
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : corpus) {
            tests.add(DynamicTest.dynamicTest(c.toString(), () -> run(c)));
        }
        tests.add(DynamicTest.dynamicTest("after the whole corpus the heap in use is bounded", this::heapIsBounded));
        return tests.stream();
    }

    private void run(Case c) throws Exception {
        CASES.incrementAndGet();
        for (String referral : c.before()) {
            HttpResponse<String> r = send("POST", "/api/referrals", "application/json", referral.getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as("referral posted before %s: %s", c.id(), r.body()).isEqualTo(202);
        }
        switch (c.expect().outcome()) {
            case HTTP -> request(c);
            case STEPS_DONE, STEPS_FAILED -> steps(c);
            default -> file(c);
        }
        assertThat(http.getForEntity("/actuator/health", Map.class).getBody()).as("health after %s", c.id())
                .containsEntry("status", "UP");
    }

    // ------------------------------------------------------------------ files

    private void file(Case c) throws Exception {
        String feed = c.target();
        Path inbox = Files.createDirectories(HUB_HOME.resolve("inbox").resolve(feed));
        long before = latestRunId(feed);
        deliver(c, inbox);
        RunView run = awaitRun(feed, inbox, before, c);
        Expect e = c.expect();
        List<Map<String, Object>> rejects = rejects(feed, run.id());
        List<Map<String, Object>> warnings = warnings(feed, run.id());
        String said = (run.failureReason() == null ? "" : run.failureReason()) + " | "
                + rejects.stream().map(r -> r.get("reason") + " " + r.get("column") + " " + r.get("field") + " " + r.get("rule"))
                .reduce("", String::concat) + " | "
                + (e.asWarning() ? warnings.stream().map(w -> w.get("reason") + " " + w.get("column") + " " + w.get("rule"))
                .reduce("", String::concat) : "");
        String describe = c.id() + ": " + run + " rejects " + rejects + (e.asWarning() ? " warnings " + warnings : "");
        assertThat(run.state()).as(describe).isEqualTo(e.outcome().name());
        if (e.stored() >= 0) {
            // kept: stored, or already held from an earlier case of the same format (the NCCIS cases share good records)
            assertThat(run.stored() + run.duplicates()).as("kept, " + describe).isEqualTo(e.stored());
        }
        if (e.quarantined() >= 0) {
            assertThat(run.quarantined()).as("quarantined, " + describe).isEqualTo(e.quarantined());
        }
        if (e.runFile() != null) {
            assertThat(run.file()).as("the name made safe, " + describe)
                    .satisfiesAnyOf(f -> assertThat(f).isEqualTo(e.runFile()), f -> assertThat(e.runFile()).isEqualTo("~"));
            if ("~".equals(e.runFile())) {
                assertThat(run.file()).contains("~").hasSizeLessThanOrEqualTo(200);
            }
        }
        if (e.rule() != null) {
            List<Map<String, Object>> told = e.asWarning() ? warnings : rejects;
            assertThat(told).as("a %s naming rule %s, %s", e.asWarning() ? "warning" : "reject", e.rule(), describe)
                    .anySatisfy(r -> assertThat(r.get("rule")).isEqualTo(e.rule()));
        }
        // every reject says where and why: its line, and a reason naming a column or the break
        for (Map<String, Object> r : rejects) {
            assertThat(((Number) r.get("line")).longValue()).as("line of a reject, " + describe).isPositive();
            assertThat((String) r.get("reason")).as("reason of a reject, " + describe).isNotBlank();
            assertThat(r.get("rule")).as("rule of a reject, " + describe).isNotNull();
        }
        if (run.state().equals("FAILED")) {
            assertThat(run.failureReason()).as(describe).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            REFUSED.incrementAndGet();
        }
        for (String part : e.reasonHas()) {
            assertThat(said.toLowerCase(Locale.ROOT)).as("what the run says, " + describe).contains(part.toLowerCase(Locale.ROOT));
        }
        QUARANTINED.addAndGet(run.quarantined());
        KEPT.addAndGet(run.stored() + run.duplicates());
        assertThat(inboxFiles(inbox)).as("left in the inbox after " + describe).isEmpty();
        String folder = run.state().equals("FAILED") ? "failed" : "done";
        assertThat(HUB_HOME.resolve("inbox").resolve(feed).resolve(folder).resolve("run-" + run.id() + "-" + run.file()))
                .as("archived in %s/, %s", folder, describe).exists();
    }

    private void deliver(Case c, Path inbox) throws Exception {
        byte[] bytes = c.body().get();
        Path target = inbox.resolve(c.fileName());
        switch (c.delivery()) {
            case EMPTY_AGED -> {
                Path tmp = inbox.resolve("." + c.id() + ".tmp");
                Files.write(tmp, bytes);
                Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(60)));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            case WRITTEN_SLOWLY -> {
                // written in place a tenth at a time over about 3 s while the feed is asked to look: never read half-written
                try (OutputStream out = Files.newOutputStream(target)) {
                    int part = bytes.length / 10 + 1;
                    for (int at = 0; at < bytes.length; at += part) {
                        out.write(bytes, at, Math.min(part, bytes.length - at));
                        out.flush();
                        pollNow(c.target());
                        Thread.sleep(300);
                    }
                }
            }
            default -> {
                Path tmp = inbox.resolve("." + c.id() + ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** Asks the feed to look until one new run has finished and the inbox is empty (a renamed file takes two looks). */
    private RunView awaitRun(String feed, Path inbox, long before, Case c) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long nextPoll = 0;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextPoll) {
                pollNow(feed);
                nextPoll = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
            }
            List<RunView> fresh = runs(feed).stream().filter(r -> r.id() > before).toList();
            if (!fresh.isEmpty() && fresh.stream().noneMatch(r -> r.state().equals("RUNNING")) && inboxFiles(inbox).isEmpty()) {
                assertThat(fresh).as("one run of %s, none read twice", c.id()).hasSize(1);
                return fresh.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(c.id() + ": no finished run within 90 s; runs " + runs(feed).stream()
                .filter(r -> r.id() > before).toList() + ", left in the inbox " + inboxFiles(inbox));
    }

    private long latestRunId(String feed) {
        return runs(feed).stream().mapToLong(RunView::id).max().orElse(0);
    }

    private List<RunView> runs(String feed) {
        return api().exchange("/api/feeds/" + feed + "/runs?limit=5", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<RunView>>() { }).getBody();
    }

    private List<Map<String, Object>> warnings(String feed, long runId) {
        return api().exchange("/api/feeds/" + feed + "/runs/" + runId + "/warnings", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    private static List<Path> inboxFiles(Path inbox) throws IOException {
        try (Stream<Path> entries = Files.list(inbox)) {
            return entries.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    // ------------------------------------------------------------------ referral steps

    private static boolean stepsDropped;

    /** The steps inbox is looked in every 30 s: every steps file goes in at once, and each case waits for its own. */
    private void steps(Case c) throws Exception {
        Path inbox = Files.createDirectories(HUB_HOME.resolve("inbox").resolve(HostileCorpus.STEPS));
        if (!stepsDropped) {
            stepsDropped = true;
            for (Case s : CORPUS) {
                if (s.target().equals(HostileCorpus.STEPS) && !s.id().equals(c.id())) {
                    for (String referral : s.before()) {
                        send("POST", "/api/referrals", "application/json", referral.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            for (Case s : CORPUS) {
                if (s.target().equals(HostileCorpus.STEPS)) {
                    Path tmp = inbox.resolve("." + s.id() + ".tmp");
                    Files.write(tmp, s.body().get());
                    Files.move(tmp, inbox.resolve(s.fileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        Path result = HUB_HOME.resolve("outbox/referral-steps").resolve(c.fileName() + ".result.csv");
        String folder = c.expect().outcome() == Outcome.STEPS_DONE ? "done" : "failed";
        long end = System.nanoTime() + Duration.ofSeconds(75).toNanos();
        while (System.nanoTime() < end && (Files.exists(inbox.resolve(c.fileName())) || archived(inbox, folder, c.fileName()) == null)) {
            Thread.sleep(200);
        }
        assertThat(inbox.resolve(c.fileName())).as("%s left in the inbox", c.id()).doesNotExist();
        Path archived = archived(inbox, folder, c.fileName());
        assertThat(archived).as("%s archived in %s/", c.id(), folder).isNotNull();
        // the result file is where a partner without a system reads what became of each row, and why a file was refused
        assertThat(result).as("the result file of " + c.id()).exists();
        String said = Files.readString(result);
        List<String> lines = said.lines().skip(1).toList();
        if (c.expect().stored() >= 0) {
            assertThat(lines.stream().filter(l -> l.contains(",recorded,"))).as(said).hasSize(c.expect().stored());
            assertThat(lines.stream().filter(l -> l.contains(",refused,"))).as(said).hasSize(c.expect().quarantined());
            QUARANTINED.addAndGet(c.expect().quarantined());
            KEPT.addAndGet(c.expect().stored());
        }
        if (c.expect().outcome() == Outcome.STEPS_FAILED) {
            assertThat(lines).as(said).last().asString().contains(",refused,");
            REFUSED.incrementAndGet();
        }
        for (String part : c.expect().reasonHas()) {
            assertThat(said.toLowerCase(Locale.ROOT)).as(c.id()).contains(part.toLowerCase(Locale.ROOT));
        }
    }

    private static Path archived(Path inbox, String folder, String name) throws IOException {
        Path dir = inbox.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith("-" + name)).findFirst().orElse(null);
        }
    }

    // ------------------------------------------------------------------ HTTP

    private void request(Case c) throws Exception {
        String[] target = c.target().split(" ", 2);
        int status;
        String body;
        switch (c.delivery()) {
            case DECLARED_OVERSIZE -> {
                String answer = raw(target[1], c.contentType(), "Content-Length: " + (51L * 1024 * 1024), new byte[] {'['});
                status = Integer.parseInt(answer.substring(9, 12));
                body = answer;
            }
            case CHUNKED_OVERSIZE -> {
                String answer = raw(target[1], c.contentType(), "Transfer-Encoding: chunked", c.body().get());
                status = Integer.parseInt(answer.substring(9, 12));
                body = answer;
            }
            default -> {
                HttpResponse<String> r = send(target[0], target[1], c.contentType(), c.body() == null ? null : c.body().get());
                status = r.statusCode();
                body = r.body();
            }
        }
        Expect e = c.expect();
        String describe = c.id() + ": HTTP " + status + " " + abbreviated(body);
        assertThat(status).as(describe).isEqualTo(e.status());
        assertThat(body).as("no stack trace, " + describe).doesNotContain("\tat ").doesNotContain("Exception:")
                .doesNotContain("org.springframework").doesNotContain("org.pathwayshub");
        for (String part : e.reasonHas()) {
            assertThat(body.toLowerCase(Locale.ROOT)).as(describe).contains(part.toLowerCase(Locale.ROOT));
        }
        if (status >= 400 && status != 422) {
            REFUSED.incrementAndGet();
        }
        if (e.stored() >= 0) {
            JsonNode intake = JSON.readTree(body);
            assertThat(intake.path("stored").asInt()).as(describe).isEqualTo(e.stored());
            QUARANTINED.addAndGet(intake.path("quarantined").asInt());
            KEPT.addAndGet(intake.path("stored").asInt());
            if (e.rule() != null) {
                assertThat(intake.path("rejects").findValuesAsText("rule")).as(describe).contains(e.rule());
            }
            for (JsonNode reject : intake.path("rejects")) {
                assertThat(reject.path("reason").asText()).as(describe).isNotBlank();
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A POST over a plain socket, for what an HTTP client will not send as asked: the body goes from another thread (the
     * server may answer and close before it has all been sent), and the answer is read until the server closes.
     */
    private String raw(String path, String contentType, String lengthHeader, byte[] body) throws Exception {
        String auth = Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth + "\r\nContent-Type: "
                    + contentType + "\r\n" + lengthHeader + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            boolean chunked = lengthHeader.startsWith("Transfer-Encoding");
            Thread sender = new Thread(() -> {
                try {
                    if (!chunked) {
                        out.write(body);
                    } else {
                        int chunk = 64 * 1024;
                        for (int at = 0; at < body.length; at += chunk) {
                            int n = Math.min(chunk, body.length - at);
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body, at, n);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // the answer came first: what is left of the body is not wanted
                }
            }, "hostile-sender");
            sender.setDaemon(true);
            sender.start();
            StringBuilder received = new StringBuilder();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) > 0 && !received.toString().contains("\"}")) {
                    received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException reset) {
                // a reset after the answer is a server refusing the rest of the body
            }
            sender.join(30_000);
            assertThat(received).as("an answer to the oversize request").isNotEmpty();
            return received.toString();
        }
    }

    private static String abbreviated(String s) {
        return s == null ? "" : s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    // ------------------------------------------------------------------ the hub after the corpus

    private void heapIsBounded() throws Exception {
        awaitReassessed();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3 && used > HEAP_BOUND_BYTES; i++) {
            System.gc();
            Thread.sleep(500);
            used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        JsonNode metric = JSON.readTree(api().getForObject("/actuator/metrics/jvm.memory.used?tag=area:heap", String.class));
        long reported = metric.path("measurements").path(0).path("value").asLong();
        assertThat(http.getForEntity("/actuator/health", Map.class).getBody()).containsEntry("status", "UP");
        System.out.printf("Hostile corpus (%s): %d cases, %d refused, %d quarantined, %d kept records, hub healthy (UP), "
                        + "heap in use after GC %d MB (actuator %d MB, bound %d MB), %d s%n", SCALE, CASES.get(), REFUSED.get(),
                QUARANTINED.get(), KEPT.get(), used >> 20, reported >> 20, HEAP_BOUND_BYTES >> 20,
                Duration.ofNanos(System.nanoTime() - STARTED).toSeconds());
        assertThat(used).as("heap in use after the corpus and a collection").isLessThan(HEAP_BOUND_BYTES);
    }

    @AfterAll
    static void summary() {
        System.out.printf("Hostile corpus summary: %d cases run, %d refused, %d quarantined, %d kept records%n", CASES.get(),
                REFUSED.get(), QUARANTINED.get(), KEPT.get());
    }
}
