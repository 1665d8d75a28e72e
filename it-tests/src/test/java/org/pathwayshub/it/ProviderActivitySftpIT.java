package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.CurrentActivity;
import org.pathwayshub.testdata.ProviderActivityFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The careers provider's daily tracking extract, fetched from its SFTP server (a real one, Apache MINA SSHD): what
 * the hub stores and quarantines, and what it leaves on the partner's server.
 */
class ProviderActivitySftpIT extends HubIntegrationTest {

    private static final String FEED = "provider-activity";
    private static final String FOLDER = "outgoing/activity";
    private static final LocalDate AS_AT = YoungPersonCohort.AS_AT;

    @Autowired
    private JdbcTemplate hubDb;

    @Test
    void aFileOnTheServerIsStoredItsBrokenRowsQuarantinedAndItMovesToDoneOnlyAfterItsRunHasCompleted() throws Exception {
        long seed = 8001;
        List<YoungPerson> people = PartnerFeedData.youngPeople(1500, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        // broken rows: other young people's rows with the YoungPersonsID taken out or cut short
        Path donorFile = tempFile("donors.csv");
        new ProviderActivityFile(AS_AT, 8002).write(PartnerFeedData.youngPeople(4, 8002), p -> p, donorFile);
        List<String> donorRows = Files.readAllLines(donorFile).subList(1, 5);
        String[] badIds = {"", " ", "601008002000", "60100800200001"};
        String[] rules = {"required", "required", "ypid-format", "ypid-format"};
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            broken.add(badIds[i] + donorRows.get(i).substring(donorRows.get(i).indexOf(',')));
        }
        Path file = tempFile("activity-2026-10-31.csv");
        int rows = new ProviderActivityFile(AS_AT, seed).write(people, p -> p, file, broken);
        assertThat(rows).isEqualTo(1504);
        byte[] sent = Files.readAllBytes(file);

        long before = lastRunId();
        Path onServer = PartnerFeedData.putOnServer(FOLDER, "activity-2026-10-31.csv", file);
        NotifyBuilder finished = new NotifyBuilder(camel).fromRoute("feed-" + FEED).whenDone(1).create();
        pollNow(FEED);
        // watch the server while the run goes on: once the file has left the folder its run must be complete
        List<String> movedEarly = new CopyOnWriteArrayList<>();
        AtomicBoolean seenRunning = new AtomicBoolean();
        await("the file leaves " + FOLDER).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10)).until(() -> {
            boolean stillThere = Files.exists(onServer);
            String state = hubDb.query("select state from feed_run where feed_id = ? and id > ? order by id desc limit 1",
                    rs -> rs.next() ? rs.getString(1) : null, FEED, before);
            if (!stillThere && !"COMPLETED".equals(state)) {
                movedEarly.add("the file left " + FOLDER + " while its run was " + state);
            }
            if (stillThere && "RUNNING".equals(state)) {
                seenRunning.set(true);
            }
            return !stillThere;
        });
        assertThat(finished.matches(60, TimeUnit.SECONDS)).as("feed %s finished", FEED).isTrue();
        assertThat(movedEarly).isEmpty();
        assertThat(seenRunning).as("the file was watched while its run was RUNNING").isTrue();

        FeedController.RunView run = latestRun(FEED);
        assertThat(run.id()).isGreaterThan(before);
        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.file()).isEqualTo("activity-2026-10-31.csv");
        assertThat(run.received()).isEqualTo(1504);
        assertThat(run.stored()).isEqualTo(1500);
        assertThat(run.quarantined()).isEqualTo(4);
        assertThat(run.duplicates()).isZero();
        assertThat(hubDb.queryForObject("select kind from feed_run where id = ?", String.class, run.id())).isEqualTo("sftp");
        assertThat(api().getForEntity("/api/feeds/" + FEED, Map.class).getBody().get("kind")).isEqualTo("sftp");

        Path done = SFTP.folder(FOLDER + "/done").resolve("run-" + run.id() + "-activity-2026-10-31.csv");
        assertThat(done).exists();
        assertThat(Files.readAllBytes(done)).isEqualTo(sent);
        assertThat(onServer).doesNotExist();

        List<Map<String, Object>> rejects = rejects(FEED, run.id());
        assertThat(rejects).hasSize(4);
        for (int i = 0; i < 4; i++) {
            Map<String, Object> reject = rejects.get(i);
            // header on line 1, the young people on lines 2-1501, the broken rows after them
            assertThat(((Number) reject.get("line")).longValue()).isEqualTo(1502 + i);
            assertThat(reject.get("rule")).as("line %s", reject.get("line")).isEqualTo(rules[i]);
            assertThat(reject.get("column")).isEqualTo("YoungPersonsID");
            assertThat(reject.get("field")).isEqualTo("person.youngPersonsId");
            assertThat((String) reject.get("reason")).isNotBlank();
        }
        assertThat(rejects.get(2).get("value")).isEqualTo("601008002000");
        assertThat(rejects.get(3).get("value")).isEqualTo("60100800200001");

        for (int i = 0; i < people.size(); i += 25) {
            YoungPerson p = people.get(i);
            CurrentActivity expected = CurrentActivity.of(p, AS_AT, seed);
            Map<String, Object> person = person(p);
            assertThat(person.get("ypid")).isEqualTo(p.ypid());
            assertThat(person.get("familyName")).isEqualTo(p.familyName());
            assertThat(person.get("dob")).isEqualTo(p.dob().toString());
            Map<String, Object> activity = (Map<String, Object>) person.get("activity");
            assertThat(activity).as("current activity of %s", p.ypid()).isNotNull();
            assertThat(activity.get("code")).isEqualTo(expected.activityCode());
            assertThat(activity.get("startDate")).isEqualTo(expected.startDate().toString());
            assertThat(activity.get("sourceFeed")).isEqualTo(FEED);
            assertThat(characteristicsFrom(person, FEED)).extracting(c -> c.get("code"))
                    .containsExactlyInAnyOrderElementsOf(new ArrayList<Object>(expected.characteristics()));
        }
    }

    @Test
    void aLaterFileThatNoLongerListsACharacteristicEndsIt() throws Exception {
        long seed = 8003;
        List<YoungPerson> people = PartnerFeedData.youngPeople(6, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path first = tempFile("activity-2026-11-01.csv");
        new ProviderActivityFile(AS_AT, seed).write(people, p -> p, first);
        List<String> lines = new ArrayList<>(Files.readAllLines(first));
        // the first young person: looked after and supervised by the youth justice service
        lines.set(1, withCharacteristics(lines.get(1), "110;170"));
        // the second: a young carer
        lines.set(2, withCharacteristics(lines.get(2), "140"));
        writeLines(first, lines);
        PartnerFeedData.putOnServer(FOLDER, "activity-2026-11-01.csv", first);

        FeedController.RunView run = pollAndWait(FEED);
        assertThat(run.file()).isEqualTo("activity-2026-11-01.csv");
        assertThat(run.stored()).isEqualTo(6);

        YoungPerson looked = people.get(0);
        CurrentActivity expected = CurrentActivity.of(looked, AS_AT, seed);
        Map<String, Object> person = person(looked);
        assertThat(((Map<String, Object>) person.get("activity")).get("code")).isEqualTo(expected.activityCode());
        List<Map<String, Object>> held = characteristicsFrom(person, FEED);
        assertThat(held).extracting(c -> c.get("code")).containsExactlyInAnyOrder("110", "170");
        assertThat(held).allSatisfy(c -> assertThat(c.get("to")).isNull());
        assertThat(characteristicsFrom(person(people.get(1)), FEED)).extracting(c -> c.get("code")).containsExactly("140");

        // the next day's file no longer lists 170 for the first, nor anything for the second; the third's row is unchanged
        Path second = tempFile("activity-2026-11-02.csv");
        writeLines(second, List.of(lines.get(0), withCharacteristics(lines.get(1), "110"), withCharacteristics(lines.get(2), ""),
                lines.get(3)));
        PartnerFeedData.putOnServer(FOLDER, "activity-2026-11-02.csv", second);
        LocalDate dayBefore = LocalDate.now();
        FeedController.RunView next = pollAndWait(FEED);
        LocalDate dayAfter = LocalDate.now();

        assertThat(next.file()).isEqualTo("activity-2026-11-02.csv");
        assertThat(next.received()).isEqualTo(3);
        assertThat(next.stored()).isEqualTo(2);
        assertThat(next.duplicates()).isEqualTo(1);
        List<Map<String, Object>> after = characteristicsFrom(person(looked), FEED);
        assertThat(after).extracting(c -> c.get("code")).containsExactlyInAnyOrder("110", "170");
        Map<String, Object> ended = after.stream().filter(c -> c.get("code").equals("170")).findFirst().orElseThrow();
        Map<String, Object> still = after.stream().filter(c -> c.get("code").equals("110")).findFirst().orElseThrow();
        assertThat(ended.get("to")).as("170 ended when a file stopped listing it").isNotNull();
        assertThat(LocalDate.parse((String) ended.get("to"))).isBetween(dayBefore, dayAfter);
        assertThat(still.get("to")).isNull();
        List<Map<String, Object>> carer = characteristicsFrom(person(people.get(1)), FEED);
        assertThat(carer).singleElement().satisfies(c -> {
            assertThat(c.get("code")).isEqualTo("140");
            assertThat(c.get("to")).as("an empty list ends every characteristic").isNotNull();
        });
    }

    @Test
    void aFileTheHubCannotReadIsMovedToFailedOnTheServerAndTheFeedCarriesOn() throws Exception {
        long seed = 8004;
        Path csv = tempFile("activity.csv");
        new ProviderActivityFile(AS_AT, seed).write(PartnerFeedData.youngPeople(10, seed), p -> p, csv);
        Path onServer = PartnerFeedData.putOnServer(FOLDER, "activity-2026-11-03.zip", zipOf(csv));

        FeedController.RunView run = pollAndWait(FEED);

        assertThat(run.file()).isEqualTo("activity-2026-11-03.zip");
        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.received()).isZero();
        assertThat(run.failureReason()).contains("ZIP archive");
        assertThat(SFTP.folder(FOLDER + "/failed").resolve("run-" + run.id() + "-activity-2026-11-03.zip")).exists();
        assertThat(onServer).doesNotExist();

        PartnerFeedData.putOnServer(FOLDER, "activity-2026-11-03.csv", csv);
        FeedController.RunView after = pollAndWait(FEED);
        assertThat(after.file()).isEqualTo("activity-2026-11-03.csv");
        assertThat(after.state()).isEqualTo("COMPLETED");
        assertThat(after.stored()).isEqualTo(10);
        assertThat(SFTP.folder(FOLDER + "/done").resolve("run-" + after.id() + "-activity-2026-11-03.csv")).exists();
    }

    @Test
    void aServerFileThatFailsLeavesNothingInTheHubsWorkingDirectory() throws Exception {
        Path csv = tempFile("activity.csv");
        new ProviderActivityFile(AS_AT, 8005).write(PartnerFeedData.youngPeople(3, 8005), p -> p, csv);
        PartnerFeedData.putOnServer(FOLDER, "activity-2026-11-04.zip", zipOf(csv));

        FeedController.RunView run = pollAndWait(FEED);

        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(Path.of("").toAbsolutePath().resolve(FOLDER + "/failed/run-" + run.id() + "-activity-2026-11-04.zip.reason.txt"))
                .as("a reason file written beside the hub instead of on the partner's server or in HUB_HOME").doesNotExist();
    }

    /** A feed on a daily or weekly schedule has not polled yet for most of a fresh hub's first day. */
    @Test
    void theHubIsHealthyWhileAFeedWaitsForItsFirstScheduledPoll() {
        Map<String, Object> health = api().getForEntity("/actuator/health", Map.class).getBody();
        assertThat(health.get("status")).as("%s", health).isEqualTo("UP");
    }

    private long lastRunId() {
        return hubDb.queryForObject("select coalesce(max(id), 0) from feed_run where feed_id = ?", Long.class, FEED);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> person(YoungPerson p) {
        ResponseEntity<Map> r = api().getForEntity("/api/young-people?ypid=" + p.ypid(), Map.class);
        assertThat(r.getStatusCode().value()).as("young person %s", p.ypid()).isEqualTo(200);
        return r.getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> characteristicsFrom(Map<String, Object> person, String feed) {
        return ((List<Map<String, Object>>) person.get("characteristics")).stream().filter(c -> feed.equals(c.get("sourceFeed"))).toList();
    }

    private static Path zipOf(Path csv) throws IOException {
        Path zip = tempFile(csv.getFileName() + ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(csv.getFileName().toString()));
            z.write(Files.readAllBytes(csv));
            z.closeEntry();
        }
        return zip;
    }

    /** A provider-activity row with its last column, Characteristics, replaced. */
    private static String withCharacteristics(String row, String codes) {
        return row.substring(0, row.lastIndexOf(',') + 1) + codes;
    }

    /** Lines as MIS exports end them: CRLF. */
    private static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
    }
}
