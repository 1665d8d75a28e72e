package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController.RunView;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.ReferralsJson;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * A file that breaks part-way is accounted for, whatever its format: every complete record before the break is kept
 * (stored across batch boundaries, not only the batches already committed), the break is quarantined at its line with
 * what went wrong, the run says exactly what happened and fails so that the file goes to failed/ with its reason, and
 * the whole file sent again completes it with no duplicates stored.
 */
class BrokenFilesIT extends HubIntegrationTest {

    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);

    @Test
    void anNccisFileCutShortKeepsItsCompleteRecordsAndTheResentFileCompletesIt() throws Exception {
        List<YoungPerson> people = PartnerFeedData.youngPeople(1_500, 8037);
        String la = people.get(0).ypid().substring(0, 3);
        Path whole = tempFile("nccis-whole.xml");
        new NccisXmlFile(YoungPersonCohort.AS_AT, la, la, 8037).write(people, NameVariants.unchanged(), whole,
                NccisXmlFile.Options.asSpecified(), List.of());
        String xml = Files.readString(whole);
        int lastRecord = xml.lastIndexOf("<YoungPersonsRecord>");
        long lastRecordLine = xml.substring(0, lastRecord).chars().filter(c -> c == '\n').count() + 1;
        Path cut = tempFile("nccis-cut.xml");
        Files.writeString(cut, xml.substring(0, lastRecord + 300), StandardCharsets.UTF_8);

        RunView broken = dropAndWait("nccis-xml", "nccis-cut.xml", cut);

        assertThat(broken.state()).isEqualTo("FAILED");
        assertThat(broken.received()).as("1,499 complete records and the break").isEqualTo(1_500);
        assertThat(broken.stored()).as("every complete record, across the batch boundary at 1,000").isEqualTo(1_499);
        assertThat(broken.quarantined()).isEqualTo(1);
        assertThat(broken.duplicates()).isZero();
        assertThat(broken.failureReason()).contains("line " + lastRecordLine).contains("1,499 complete records")
                .contains("send the whole file again");
        Map<String, Object> fault = onlyReject("nccis-xml", broken.id());
        assertThat(((Number) fault.get("line")).longValue()).isEqualTo(lastRecordLine);
        assertThat(fault.get("rule")).isEqualTo("file-cut-short");
        assertThat((String) fault.get("reason")).contains("YoungPersonsRecord 1500");
        assertThat(HUB_HOME.resolve("inbox/nccis-xml/failed/run-" + broken.id() + "-nccis-cut.xml")).exists();
        assertThat(Files.readString(HUB_HOME.resolve("inbox/nccis-xml/failed/run-" + broken.id() + "-nccis-cut.xml.reason.txt")))
                .contains("1,499 complete records");
        assertThat(api().getForEntity("/api/young-people?ypid=" + people.get(1_498).ypid(), Map.class).getStatusCode().value())
                .as("the last complete record, after the first batch").isEqualTo(200);

        RunView resent = dropAndWait("nccis-xml", "nccis-whole.xml", whole);
        assertThat(resent.state()).isEqualTo("COMPLETED");
        assertThat(resent.stored()).isEqualTo(1);
        assertThat(resent.duplicates()).isEqualTo(1_499);
        assertThat(resent.quarantined()).isZero();
        assertThat(api().getForEntity("/api/young-people?ypid=" + people.get(1_499).ypid(), Map.class).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void aCensusWithAQuoteNeverClosedKeepsTheRowsBeforeItAndTheResentFileCompletesIt() throws Exception {
        SyntheticCohort pupils = GeneratedPeople.pupils(new SyntheticCohort(1_500, 8039, "865", CENSUS_DATE, List.of("NM5")));
        Path whole = tempFile("census-whole.csv");
        CohortFiles.writeCensus(pupils, whole, List.of());
        List<String> lines = new ArrayList<>(Files.readAllLines(whole));
        // line 1 is the header: line 1,201 holds the 1,200th pupil, whose forename opens a quote it never closes
        String row = lines.get(1_200);
        int comma = row.indexOf(',');
        lines.set(1_200, row.substring(0, comma + 1) + "\"" + row.substring(comma + 1));
        Path broken = tempFile("census-broken.csv");
        Files.write(broken, lines, StandardCharsets.UTF_8);

        RunView run = dropAndWait("school-census", "census-broken.csv", broken);

        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.received()).isEqualTo(1_200);
        assertThat(run.stored()).as("the 1,199 rows before the broken one").isEqualTo(1_199);
        assertThat(run.quarantined()).isEqualTo(1);
        assertThat(run.failureReason()).contains("line 1201").contains("1,199 complete records");
        Map<String, Object> fault = onlyReject("school-census", run.id());
        assertThat(((Number) fault.get("line")).longValue()).isEqualTo(1_201);
        assertThat(fault.get("rule")).isEqualTo("unterminated-quote");
        assertThat((String) fault.get("reason")).contains("never closed");

        RunView resent = dropAndWait("school-census", "census-whole.csv", whole);
        assertThat(resent.state()).isEqualTo("COMPLETED");
        assertThat(resent.stored()).isEqualTo(301);
        assertThat(resent.duplicates()).isEqualTo(1_199);
    }

    @Test
    void aReferralsFileCutShortKeepsTheReferralsBeforeTheBreak() throws Exception {
        List<YoungPerson> people = PartnerFeedData.youngPeople(30, 8038);
        Path whole = tempFile("referrals-whole.json");
        assertThat(new ReferralsJson(YoungPersonCohort.AS_AT, 8038).write(people, p -> p, whole)).isEqualTo(30);
        String json = Files.readString(whole);
        int last = json.lastIndexOf("{\"referralId\"");
        long lastLine = json.substring(0, last).chars().filter(c -> c == '\n').count() + 1;
        Path cut = tempFile("referrals-cut.json");
        Files.writeString(cut, json.substring(0, last + 40), StandardCharsets.UTF_8);

        RunView run = dropAndWait("referrals", "referrals-cut.json", cut);

        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.received()).isEqualTo(30);
        assertThat(run.stored()).isEqualTo(29);
        assertThat(run.quarantined()).isEqualTo(1);
        Map<String, Object> fault = onlyReject("referrals", run.id());
        assertThat(((Number) fault.get("line")).longValue()).isEqualTo(lastLine);
        assertThat(fault.get("rule")).isEqualTo("file-cut-short");

        RunView resent = dropAndWait("referrals", "referrals-whole.json", whole);
        assertThat(resent.state()).isEqualTo("COMPLETED");
        assertThat(resent.stored()).isEqualTo(1);
        assertThat(resent.duplicates()).isEqualTo(29);
    }

    private Map<String, Object> onlyReject(String feedId, long runId) {
        List<Map<String, Object>> rejects = rejects(feedId, runId);
        assertThat(rejects).as("the break is the one quarantined record").hasSize(1);
        return rejects.get(0);
    }
}
