package org.pathwayshub.it;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.pathwayshub.PathwaysHub;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.system.ScheduleLeadership;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub as it runs for a user: embedded PostgreSQL 16 server, the checkout's routes/*.yaml and mappings/
 * (copied, with the onboarding example of it-tests/src/test/resources/onboarding added, and the service directory
 * of it-tests/src/test/resources/test-services in place of the demo's), HTTP on a random port. Its peers are real:
 * an ActiveMQ broker reached over TCP (with the hub's dead letter policy for its delivery queues), a partner SFTP
 * server (Apache MINA SSHD), the LA's social care database (a second PostgreSQL server), a mail server (GreenMail)
 * the email digests go to, and a careers provider's webhook endpoint (WireMock). One hub is shared by every
 * integration test class, so each test works with its own generated young people.
 */
@SpringBootTest(classes = PathwaysHub.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability  // Prometheus as a user's hub has it (Spring Boot leaves it out of tests otherwise)
public abstract class HubIntegrationTest {

    protected static final String ADMIN = "it-admin";
    protected static final String PASSWORD = "it-password-not-secret";
    protected static final Path HUB_HOME;
    protected static final Path CONFIG_DIR;
    protected static final BrokerService BROKER;
    protected static final String BROKER_URL;
    protected static final SftpPeer SFTP;
    protected static final PartnerDatabase PARTNER_DB;
    /** The mail server email digests are sent to (SMTP, no TLS). */
    protected static final GreenMail SMTP;
    /** The careers provider's HTTP server: {@link #WEBHOOK_PATH} answers 200 unless a test takes it down. */
    protected static final WireMockServer WEBHOOKS;
    /** Where the test service directory's webhook service (careers-north) posts its alerts. */
    protected static final String WEBHOOK_PATH = "/hooks/careers-north";
    /** The secret careers-north's webhook bodies are signed with (HMAC-SHA256). */
    protected static final String WEBHOOK_SECRET = "it-webhook-secret-not-secret";

    static {
        try {
            HUB_HOME = Files.createTempDirectory("hub-it-");
            CONFIG_DIR = Files.createTempDirectory("hub-it-config-");
            ConfigFolders.copyTree(Path.of("routes"), CONFIG_DIR.resolve("routes"));
            // the test classes share this hub: a nightly erasure would take their people (RetentionIT has its own hub)
            Files.delete(CONFIG_DIR.resolve("routes/retention-erasure.yaml"));
            ConfigFolders.copyTree(Path.of("mappings"), CONFIG_DIR.resolve("mappings"));
            ConfigFolders.copyTree(Path.of("it-tests/src/test/resources/onboarding"), CONFIG_DIR);
            // a service per channel (queue, webhook, CSV and JSON files, email) in place of the demo's directory
            ConfigFolders.copyTree(Path.of("it-tests/src/test/resources/test-services"), CONFIG_DIR);
            // read while the environment is prepared, before @DynamicPropertySource values exist
            System.setProperty("hub.config-dir", CONFIG_DIR.toString());
            SFTP = new SftpPeer(HUB_HOME.resolveSibling(HUB_HOME.getFileName() + "-sftp"));
            PARTNER_DB = new PartnerDatabase(HUB_HOME.resolveSibling(HUB_HOME.getFileName() + "-partner-db"));
            BROKER = new BrokerService();
            BROKER.setBrokerName("it-peer");
            BROKER.setUseJmx(false);
            BROKER.setPersistent(true);
            BROKER.setDataDirectoryFile(HUB_HOME.resolve("peer-broker").toFile());
            BROKER.setDestinationPolicy(deliveryDeadLetters());
            BROKER.addConnector("tcp://127.0.0.1:0");
            BROKER.start();
            BROKER.waitUntilStarted();
            BROKER_URL = BROKER.getTransportConnectors().get(0).getPublishableConnectString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker", e);
        }
        SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        SMTP.start();
        WEBHOOKS = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        WEBHOOKS.start();
        WEBHOOKS.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).willReturn(ok()));
    }

    /** As the hub's embedded broker has it (BrokerConfiguration): a delivery given up on goes to DLQ.&lt;its queue&gt;. */
    private static PolicyMap deliveryDeadLetters() {
        IndividualDeadLetterStrategy deadLetters = new IndividualDeadLetterStrategy();
        deadLetters.setQueuePrefix("DLQ.");
        deadLetters.setUseQueueForQueueMessages(true);
        PolicyEntry deliveries = new PolicyEntry();
        deliveries.setQueue("hub.deliver.>");
        deliveries.setDeadLetterStrategy(deadLetters);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(deliveries));
        return policies;
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("hub.home", HUB_HOME::toString);
        registry.add("hub.broker.url", () -> BROKER_URL);
        registry.add("hub.admin.user", () -> ADMIN);
        registry.add("hub.admin.password", () -> PASSWORD);
        // the partner connections the routes files read from the environment
        for (String partner : List.of("HUB_PROVIDER_SFTP", "HUB_COLLEGES_SFTP")) {
            registry.add(partner + "_ENABLED", () -> "true");
            registry.add(partner + "_HOST", () -> "127.0.0.1");
            registry.add(partner + "_PORT", () -> Integer.toString(SFTP.port()));
            registry.add(partner + "_USER", () -> SftpPeer.USER);
            registry.add(partner + "_PASSWORD", () -> SftpPeer.PASSWORD);
            registry.add(partner + "_STRICT_HOST_KEY", () -> "no");
        }
        registry.add("HUB_CHILDRENS_SERVICES_DB_ENABLED", () -> "true");
        registry.add("HUB_CHILDRENS_SERVICES_DB_URL", PARTNER_DB::jdbcUrl);
        registry.add("HUB_CHILDRENS_SERVICES_DB_USER", () -> "postgres");
        registry.add("HUB_CHILDRENS_SERVICES_VIEW", () -> PartnerDatabase.VIEW);
        registry.add("HUB_CHILDRENS_SERVICES_LAG", () -> "0s");
        // email digests go to the test mail server; the careers-north webhook to the test HTTP server
        registry.add("hub.smtp.host", () -> "127.0.0.1");
        registry.add("hub.smtp.port", () -> Integer.toString(SMTP.getSmtp().getPort()));
        registry.add("hub.smtp.start-tls", () -> "false");
        registry.add("HUB_IT_CAREERS_NORTH_WEBHOOK_URL", () -> WEBHOOKS.baseUrl() + WEBHOOK_PATH);
        registry.add("HUB_IT_CAREERS_NORTH_WEBHOOK_SECRET", () -> WEBHOOK_SECRET);
        // a failed delivery is tried again within a second or two, for long enough to outlast an outage of some
        // seconds (0.3 + 0.6 + 1.2 s, then every 2 s, 20 times: about 38 s) before it goes to the dead letter queue
        registry.add("hub.delivery.initial-redelivery-delay", () -> "300");
        registry.add("hub.delivery.maximum-redelivery-delay", () -> "2000");
        registry.add("hub.delivery.maximum-redeliveries", () -> "20");
    }

    /** Asks the feed to look for work now rather than at its next scheduled time. */
    protected void pollNow(String feedId) {
        awaitFeedRunning(camel, leadership, feedId);
        assertThat(api().postForEntity("/api/feeds/" + feedId + "/poll", null, Map.class).getStatusCode().value())
                .as("poll %s", feedId).isEqualTo(202);
    }

    /**
     * A hub just started takes the schedules within a take-over interval, then starts its feed routes; until then it
     * refuses to poll a feed on request (409).
     */
    static void awaitFeedRunning(CamelContext camel, ScheduleLeadership leadership, String feedId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> leadership.leads()
                && camel.getRouteController().getRouteStatus("feed-" + feedId).isStarted());
    }

    /**
     * Runs a feed now and waits until it has finished with what it found, and risk and alerts have caught up with
     * it.
     */
    protected FeedController.RunView pollAndWait(String feedId) {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-" + feedId).whenDone(1).create();
        pollNow(feedId);
        assertThat(done.matches(60, TimeUnit.SECONDS)).as("feed %s finished", feedId).isTrue();
        awaitReassessed();
        return latestRun(feedId);
    }

    /**
     * Waits until the reassessment service has caught up: nobody waits on the change feed, so every risk score and
     * alert that the changes so far call for is committed.
     */
    protected void awaitReassessed() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<?, ?> backlog = api().getForObject("/api/reassessment", Map.class);
            return backlog != null && ((Number) backlog.get("waiting")).longValue() == 0;
        });
    }

    @Autowired
    private ScheduleLeadership leadership;


    @Autowired
    protected TestRestTemplate http;

    @Autowired
    protected CamelContext camel;

    protected TestRestTemplate api() {
        return http.withBasicAuth(ADMIN, PASSWORD);
    }

    /** Runs a job now, and waits for the reassessment it asks for (a re-score, the sweep) to be done. */
    @SuppressWarnings("rawtypes")
    protected String runJob(String name) {
        ResponseEntity<Map> r = api().postForEntity("/api/jobs/" + name + "/run", null, Map.class);
        assertThat(r.getStatusCode().value()).as("job %s: %s", name, r.getBody()).isEqualTo(200);
        awaitReassessed();
        return (String) r.getBody().get("outcome");
    }

    /** Drops a file into a feed's inbox the way partners should: written aside, then renamed in. */
    protected static Path drop(String feedId, String name, Path source) {
        try {
            Path inbox = HUB_HOME.resolve("inbox").resolve(feedId);
            Files.createDirectories(inbox);
            Path tmp = inbox.resolve("." + name + ".tmp");
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops a file and waits until its feed route has finished with it, and risk and alerts have caught up. */
    protected FeedController.RunView dropAndWait(String feedId, String name, Path source) {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-" + feedId).whenDone(1).create();
        drop(feedId, name, source);
        pollNow(feedId);
        assertThat(done.matches(60, TimeUnit.SECONDS)).as("feed %s finished with %s", feedId, name).isTrue();
        awaitReassessed();
        return latestRun(feedId);
    }

    protected FeedController.RunView latestRun(String feedId) {
        List<FeedController.RunView> runs = api().exchange("/api/feeds/" + feedId + "/runs?limit=1", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<FeedController.RunView>>() { }).getBody();
        assertThat(runs).isNotEmpty();
        return runs.get(0);
    }

    protected List<Map<String, Object>> rejects(String feedId, long runId) {
        ResponseEntity<List<Map<String, Object>>> r = api().exchange("/api/feeds/" + feedId + "/runs/" + runId + "/rejects",
                HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
        assertThat(r.getStatusCode().is2xxSuccessful()).isTrue();
        return r.getBody();
    }

    protected static Path tempFile(String name) {
        try {
            return Files.createTempDirectory("hub-it-data-").resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
