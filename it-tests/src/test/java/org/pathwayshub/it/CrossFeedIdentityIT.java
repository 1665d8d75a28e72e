package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.pathwayshub.PathwaysHub;
import org.pathwayshub.system.ScheduleLeadership;
import org.pathwayshub.testdata.CrossFeedCohort;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One cohort through four feeds (school census, NCCIS XML, post-16 enrolments over SFTP, DWP claimants) with
 * deliberately varied name spellings, in a hub of its own so that the count of young people is exactly this
 * cohort's: identifiers join what they can, exact names (after tidying case, accents, apostrophes and hyphens)
 * with the same date of birth join the rest, one-letter typos go to review, and twins are never joined.
 */
@SpringBootTest(classes = PathwaysHub.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrossFeedIdentityIT {

    private static final String ADMIN = "identity-admin";
    private static final String PASSWORD = "identity-password-not-secret";
    private static final Path HOME;
    private static final SftpPeer SFTP;

    static {
        try {
            HOME = Files.createTempDirectory("hub-identity-it-");
            SFTP = new SftpPeer(HOME.resolveSibling(HOME.getFileName() + "-sftp"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.home", HOME::toString);
        registry.add("hub.admin.user", () -> ADMIN);
        registry.add("hub.admin.password", () -> PASSWORD);
        registry.add("HUB_COLLEGES_SFTP_ENABLED", () -> "true");
        registry.add("HUB_COLLEGES_SFTP_HOST", () -> "127.0.0.1");
        registry.add("HUB_COLLEGES_SFTP_PORT", () -> Integer.toString(SFTP.port()));
        registry.add("HUB_COLLEGES_SFTP_USER", () -> SftpPeer.USER);
        registry.add("HUB_COLLEGES_SFTP_PASSWORD", () -> SftpPeer.PASSWORD);
        registry.add("HUB_COLLEGES_SFTP_STRICT_HOST_KEY", () -> "no");
    }

    @Autowired
    private ScheduleLeadership leadership;


    @Autowired
    TestRestTemplate http;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void oneCohortThroughFourFeedsGivesExactlyTheExpectedYoungPeopleAndReviewList() throws Exception {
        CrossFeedCohort cohort = CrossFeedCohort.build(200, 4242);
        Map<String, Path> files = cohort.writeFiles(Files.createTempDirectory("cross-feed-"));

        deliver(CrossFeedCohort.CENSUS, files.get(CrossFeedCohort.CENSUS));
        deliver(CrossFeedCohort.NCCIS, files.get(CrossFeedCohort.NCCIS));
        deliver(CrossFeedCohort.ENROLMENTS, files.get(CrossFeedCohort.ENROLMENTS));
        deliver(CrossFeedCohort.DWP, files.get(CrossFeedCohort.DWP));

        Map<String, UUID> clusters = clusters(cohort);
        assertThat(clusters).hasSize(cohort.recordKeys().size());
        assertThat(new HashSet<>(clusters.values())).as("young people after automatic matching")
                .hasSize(cohort.expectedAfterAutomaticMatching());
        assertThat(jdbc.queryForObject("select count(*) from young_person where merged_into is null", Integer.class))
                .isEqualTo(cohort.expectedAfterAutomaticMatching());

        CrossFeedCohort.MatchScore automatic = cohort.score(clusters);
        System.out.printf("identity matching, automatic: %d pairs predicted, %d true, %d correct: precision %.3f, recall %.3f%n",
                automatic.predictedPairs(), automatic.truePairs(), automatic.correctPairs(), automatic.precision(), automatic.recall());
        assertThat(automatic.precision()).as("no wrong merges").isEqualTo(1.0);

        twinsAreNeverJoined(cohort, clusters);

        List<Map<String, Object>> reviews = reviews();
        Set<CrossFeedCohort.RecordPair> reviewed = new HashSet<>();
        Map<UUID, String> recordOf = new HashMap<>();
        clusters.forEach((record, hubId) -> recordOf.merge(hubId, record, (a, b) -> a + "," + b));
        for (Map<String, Object> r : reviews) {
            String one = recordOf.get(UUID.fromString((String) ((Map<?, ?>) r.get("record")).get("hubId")));
            String other = recordOf.get(UUID.fromString((String) ((Map<?, ?>) r.get("candidate")).get("hubId")));
            assertThat(one).as("review %s names one record", r.get("id")).doesNotContain(",");
            assertThat(other).doesNotContain(",");
            reviewed.add(CrossFeedCohort.RecordPair.of(one, other));
        }
        assertThat(reviewed).as("the review list is exactly the typo pairs").isEqualTo(cohort.reviewPairs());

        for (Map<String, Object> r : reviews) {
            Map<?, ?> decided = api().postForObject("/api/identity/reviews/" + r.get("id"),
                    Map.of("decision", "SAME_PERSON", "note", "same DOB and postcode; checked with the school"), Map.class);
            assertThat(decided.get("state")).isEqualTo("SAME_PERSON");
        }
        Map<String, UUID> afterReview = clusters(cohort);
        assertThat(new HashSet<>(afterReview.values())).hasSize(cohort.distinctPeople());
        CrossFeedCohort.MatchScore reviewedScore = cohort.score(afterReview);
        System.out.printf("identity matching, after review: precision %.3f, recall %.3f%n", reviewedScore.precision(),
                reviewedScore.recall());
        assertThat(reviewedScore.precision()).isEqualTo(1.0);
        assertThat(reviewedScore.recall()).isEqualTo(1.0);
        assertThat(reviews()).as("nothing left to review").isEmpty();

        // every merge can be undone: the last one comes apart again, and can be merged again from the review
        List<Map<String, Object>> merges = api().exchange("/api/identity/merges", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        Map<String, Object> last = merges.get(merges.size() - 1);
        assertThat(last.get("method")).isEqualTo("REVIEW");
        api().postForObject("/api/identity/merges/" + last.get("id") + "/undo", null, Map.class);
        assertThat(new HashSet<>(clusters(cohort).values())).hasSize(cohort.distinctPeople() + 1);
        assertThat(reviews()).as("the undone decision is open again").hasSize(1);
    }

    private void twinsAreNeverJoined(CrossFeedCohort cohort, Map<String, UUID> clusters) {
        Map<String, UUID> twinClusters = new HashMap<>();
        for (CrossFeedCohort.Member m : cohort.members()) {
            if (m.category() == CrossFeedCohort.Category.TWIN) {
                YoungPerson p = m.person();
                UUID hubId = clusters.get(m.appearances().get(0).recordKey());
                String family = p.familyName() + "|" + p.dob() + "|" + p.postcode();
                UUID sibling = twinClusters.putIfAbsent(family + "|" + hubId, hubId);
                assertThat(sibling).as("twin %s has a young person of their own", m.appearances().get(0).recordKey()).isNull();
            }
        }
    }

    /** Each of the cohort's records, and the young person the hub filed it under. */
    private Map<String, UUID> clusters(CrossFeedCohort cohort) {
        Map<String, UUID> out = new HashMap<>();
        for (String key : cohort.recordKeys()) {
            String feed = key.substring(0, key.indexOf(':'));
            String id = key.substring(key.indexOf(':') + 1);
            String query = switch (feed) {
                case CrossFeedCohort.CENSUS -> "upn=" + id;
                case CrossFeedCohort.NCCIS -> "ypid=" + id;
                case CrossFeedCohort.ENROLMENTS -> (id.length() == 10 ? "uln=" : "upn=") + id;
                default -> "nino=" + id;
            };
            Map<?, ?> person = api().getForObject("/api/young-people?" + query, Map.class);
            assertThat(person).as("record %s", key).isNotNull();
            out.put(key, UUID.fromString((String) person.get("hubId")));
        }
        return out;
    }

    private List<Map<String, Object>> reviews() {
        return api().exchange("/api/identity/reviews", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    /** The file the way its partner sends it: a drop in the inbox, or a file on the colleges' SFTP server. */
    private void deliver(String feed, Path file) throws IOException {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-" + feed).whenDone(1).create();
        Path folder = feed.equals(CrossFeedCohort.ENROLMENTS) ? SFTP.folder("enrolments")
                : Files.createDirectories(HOME.resolve("inbox").resolve(feed));
        Path tmp = folder.resolve("." + file.getFileName() + ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, folder.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        HubIntegrationTest.awaitFeedRunning(camel, leadership, feed);
        assertThat(api().postForEntity("/api/feeds/" + feed + "/poll", null, Map.class).getStatusCode().value()).isEqualTo(202);
        assertThat(done.matches(90, TimeUnit.SECONDS)).as("feed %s finished", feed).isTrue();
        Map<?, ?> run = api().exchange("/api/feeds/" + feed + "/runs?limit=1", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody().get(0);
        assertThat(run.get("state")).as("run of %s: %s", feed, run).isEqualTo("COMPLETED");
        assertThat(run.get("quarantined")).as("run of %s: %s", feed, run).isEqualTo(0);
    }

    private TestRestTemplate api() {
        return http.withBasicAuth(ADMIN, PASSWORD);
    }
}
