package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * Schedules belong to the data team: a feed's schedule and delivery deadline live in its routes file, a change
 * is picked up without a rebuild or restart, and a feed with nothing delivered by its deadline shows OVERDUE.
 */
class FeedScheduleIT extends HubIntegrationTest {

    private static final String FEED = "census-weekly-check";

    private static String routesFile(String schedule, String expectBy) {
        return """
                - templatedRoute:
                    routeTemplateRef: file-feed
                    routeId: feed-%s
                    parameters:
                      - name: feedId
                        value: %s
                      - name: mapping
                        value: school-census
                      - name: schedule
                        value: "%s"
                      - name: expectBy
                        value: "%s"
                """.formatted(FEED, FEED, schedule, expectBy);
    }

    @Test
    void aChangedRoutesFileTakesEffectWithoutARestartAndALateFeedShowsOverdue() throws Exception {
        Path routes = CONFIG_DIR.resolve("routes").resolve(FEED + ".yaml");
        Files.writeString(routes, routesFile("1h", "*/3 * * * * *"));
        Map<?, ?> added = await().atMost(Duration.ofSeconds(60)).until(() -> feed(), f -> f != null);
        assertThat(added.get("schedule")).isEqualTo("1h");

        // nothing delivered by two successive deadlines (every 3 s here): overdue
        await().atMost(Duration.ofSeconds(30)).until(() -> feed().get("state"), "OVERDUE"::equals);
        assertThat((String) feed().get("problem")).contains("no delivery since");

        // the data team changes the schedule: no rebuild, no restart
        Files.writeString(routes, routesFile("2s", "0 0 9 * * MON-FRI"));
        await().atMost(Duration.ofSeconds(60)).until(() -> feed().get("schedule"), "2s"::equals);

        SyntheticCohort pupils = GeneratedPeople.pupils(new SyntheticCohort(10, 92, "941", LocalDate.of(2026, 10, 1), List.of("NM4")));
        Path file = tempFile("weekly.csv");
        CohortFiles.writeCensus(pupils, file, List.of());
        drop(FEED, "weekly.csv", file);
        // polled on the new 2 s schedule, without being asked
        await().atMost(Duration.ofSeconds(30)).until(() -> feed().get("lastRun") != null
                && "COMPLETED".equals(((Map<?, ?>) feed().get("lastRun")).get("state")));
        assertThat(((Map<?, ?>) feed().get("lastRun")).get("stored")).isEqualTo(10);
        assertThat(feed().get("state")).isEqualTo("IDLE");
    }

    private Map<?, ?> feed() {
        List<?> feeds = api().getForObject("/api/feeds", List.class);
        return feeds.stream().map(f -> (Map<?, ?>) f).filter(f -> FEED.equals(f.get("id"))).findFirst().orElse(null);
    }
}
