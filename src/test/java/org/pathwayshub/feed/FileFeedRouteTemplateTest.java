package org.pathwayshub.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.spring.pollingconsumer.SpringScheduledPollConsumerScheduler;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.pathwayshub.PathwaysHub;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.SyntheticCohort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The file-feed route template as routes/*.yaml instantiates it, on the real Camel context. */
@CamelSpringBootTest
@SpringBootTest(classes = PathwaysHub.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class FileFeedRouteTemplateTest {

    private static final Path HOME = tempHome();

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("hub-route-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.home", HOME::toString);
    }

    @Autowired
    CamelContext camel;

    @Autowired
    FeedCatalog catalog;

    @Test
    void eachRoutesFileBecomesAStartedFeedRouteOnItsInbox() {
        for (String feed : List.of("school-census", "attendance")) {
            Route route = camel.getRoute("feed-" + feed);
            assertThat(route).as(feed).isNotNull();
            assertThat(camel.getRouteController().getRouteStatus("feed-" + feed).isStarted()).isTrue();
            assertThat(route.getEndpoint().getEndpointUri()).contains(HOME.resolve("inbox").resolve(feed).toString());
            FeedDefinition definition = catalog.find(feed).orElseThrow();
            assertThat(definition.kind()).isEqualTo("file");
            assertThat(definition.mapping()).isEqualTo(feed);
            assertThat(catalog.configProblem(feed)).isEmpty();
        }
    }

    @Test
    void anIntervalPollsOnAFixedDelayAndACronOnSpringsCronScheduler() throws Exception {
        TemplatedRouteBuilder.builder(camel, FileFeedRouteTemplate.TEMPLATE).routeId("feed-weekday-census")
                .parameter("feedId", "weekday-census").parameter("schedule", "0 0 6 * * MON-FRI")
                .parameter("mapping", "school-census").add();
        FileConsumer cron = (FileConsumer) camel.getRoute("feed-weekday-census").getConsumer();
        assertThat(cron.getScheduler()).isInstanceOf(SpringScheduledPollConsumerScheduler.class);
        assertThat(((SpringScheduledPollConsumerScheduler) cron.getScheduler()).getCron()).isEqualTo("0 0 6 * * MON-FRI");
        assertThat(catalog.find("weekday-census").orElseThrow().schedule().isCron()).isTrue();

        FileConsumer interval = (FileConsumer) camel.getRoute("feed-school-census").getConsumer();
        assertThat(interval.getScheduler()).isInstanceOf(DefaultScheduledPollConsumerScheduler.class);
        assertThat(((DefaultScheduledPollConsumerScheduler) interval.getScheduler()).getDelay()).isEqualTo(5_000);
        camel.getRouteController().stopRoute("feed-weekday-census");
        camel.removeRoute("feed-weekday-census");
    }

    @Test
    void aFeedWhoseMappingFileIsMissingIsMisconfiguredAndItsFilesWaitInTheInbox() throws Exception {
        TemplatedRouteBuilder.builder(camel, FileFeedRouteTemplate.TEMPLATE).routeId("feed-unmapped")
                .parameter("feedId", "unmapped").parameter("schedule", "1s").add();
        assertThat(catalog.configProblem("unmapped")).get().asString()
                .contains("mappings/feeds/unmapped.yaml").contains("a mapping file for feed unmapped");

        NotifyBuilder attempt = new NotifyBuilder(camel).fromRoute("feed-unmapped").whenFailed(1).create();
        Path file = HOME.resolve("inbox/unmapped/pupils.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, CohortFiles.CENSUS_HEADER + "\r\n");
        assertThat(attempt.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(file).as("a configuration problem is not the partner's: the file stays").exists();
        assertThat(HOME.resolve("inbox/unmapped/failed")).doesNotExist();
        camel.getRouteController().stopRoute("feed-unmapped");
        camel.removeRoute("feed-unmapped");
    }

    @Test
    void aDroppedFileIsStoredAndMovedToDoneUnderItsRunId() throws Exception {
        SyntheticCohort pupils = new SyntheticCohort(40, 3, "938", java.time.LocalDate.of(2026, 10, 1), List.of("NM9"));
        Path source = Files.createTempDirectory("hub-route-test-data-").resolve("c.csv");
        CohortFiles.writeCensus(pupils, source, List.of());
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-school-census").whenCompleted(1).create();
        Files.createDirectories(HOME.resolve("inbox/school-census"));
        Files.move(source, HOME.resolve("inbox/school-census/c.csv"));
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        try (var files = Files.list(HOME.resolve("inbox/school-census/done"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("run-\\d+-c\\.csv"));
        }
        assertThat(HOME.resolve("inbox/school-census/c.csv")).doesNotExist();
    }
}
