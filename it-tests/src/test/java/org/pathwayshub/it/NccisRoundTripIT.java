package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathwayshub.it.ReturnXml.between;
import static org.pathwayshub.it.ReturnXml.records;
import static org.pathwayshub.it.ReturnXml.withOnly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.EnrolmentsFile;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;

/**
 * The monthly return of a clean cohort (docs/nccis.md): young people this LA's CCIS sent, most of whom a college has
 * since reported enrolled (an activity with no currency of its own), raises no Appendix D problem; and read by the
 * nccis-xml feed of a second, empty hub (the built jar on its embedded defaults) and written again there, it is the
 * same records with the same values. The return checked is kept as target/nccis-round-trip/return.xml, for trying
 * other NCCIS validators on. Seed 7009, YoungPersonsIDs of database 886 (SeparateCohort).
 */
class NccisRoundTripIT extends HubIntegrationTest {

    private static final long SEED = 7009;
    private static final String OTHER_DATABASE = "886";
    private static final String HUB_LA = "925";
    private static final String PERIOD = YearMonth.from(YoungPersonCohort.AS_AT).toString();

    @Test
    void theReturnOfACleanCohortRaisesNoProblemAndAnEmptyHubWritesItBackTheSame() throws Exception {
        List<YoungPerson> people = SeparateCohort.of(80, SEED, OTHER_DATABASE);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path tracking = tempFile("nccis-clean.xml");
        new NccisXmlFile(YoungPersonCohort.AS_AT, OTHER_DATABASE, HUB_LA, SEED).write(people, NameVariants.unchanged(),
                tracking, NccisXmlFile.Options.asSpecified(), List.of());
        FeedController.RunView in = dropAndWait("nccis-xml", "nccis-clean.xml", tracking);
        assertThat(in.stored()).isEqualTo(people.size());
        assertThat(in.warnings()).isZero();
        Path enrolments = tempFile("enrolments-clean.csv");
        int enrolled = new EnrolmentsFile(YoungPersonCohort.AS_AT, SEED).write(people, p -> p, enrolments);
        assertThat(enrolled).isPositive();
        PartnerFeedData.putOnServer("enrolments", "enrolments-clean.csv", enrolments);
        FeedController.RunView college = pollAndWait("post16-enrolments");
        assertThat(college.file()).isEqualTo("enrolments-clean.csv");
        assertThat(college.stored()).isEqualTo(enrolled);

        // ours: the young people of this class, by the YoungPersonsID their CCIS gave them (another database's)
        String whole = api().getForObject("/api/nccis/returns/" + PERIOD, String.class);
        Map<String, String> ours = new TreeMap<>();
        Matcher m = ReturnXml.RECORD.matcher(whole);
        while (m.find()) {
            String previous = between(m.group(), "PreviousYPIDIdentifier");
            if (previous != null && previous.startsWith(OTHER_DATABASE)) {
                ours.put(between(m.group(), "YoungPersonsID"), m.group().strip());
            }
        }
        assertThat(ours).isNotEmpty();
        assertThat(ours.values()).as("some activities came from the college, which sends no currency")
                .anyMatch(r -> r.contains("<UKProviderReferenceNumber>") && r.contains("<DueToLapseDate>"));

        String ourReturn = withOnly(whole, ours.keySet());
        Path kept = Path.of("target", "nccis-round-trip", "return.xml");
        Files.createDirectories(kept.getParent());
        Files.writeString(kept, ourReturn);

        Map<?, ?> errors = api().getForObject("/api/nccis/returns/" + PERIOD + "/errors?limit=100000", Map.class);
        Set<String> problems = new TreeSet<>();
        for (Object p : (List<?>) errors.get("problems")) {
            Map<?, ?> problem = (Map<?, ?>) p;
            if (ours.containsKey((String) problem.get("youngPersonsId"))) {
                problems.add(problem.get("youngPersonsId") + " " + problem.get("dfeError") + " " + problem.get("reason"));
            }
        }
        assertThat(problems).as("the return of a clean cohort raises no Appendix D problem").isEmpty();

        try (HubProcess empty = HubProcess.start(Files.createTempDirectory("hub-round-trip-"), "hub.log")) {
            assertThat(HubProcess.json(empty.get("/api/feeds/nccis-xml/runs?limit=1")).size()).as("an empty hub").isZero();
            Path inbox = empty.home().resolve("inbox/nccis-xml");
            Files.createDirectories(inbox);
            Path staged = inbox.resolve(".return.xml.tmp");
            Files.copy(kept, staged);
            Files.move(staged, inbox.resolve("nccis-" + HUB_LA + "-" + PERIOD + ".xml"), StandardCopyOption.ATOMIC_MOVE);
            JsonNode run = empty.awaitRun("nccis-xml", ours.size(), 120);
            assertThat(run.path("state").asText()).isEqualTo("COMPLETED");
            assertThat(run.path("stored").asInt()).as("every record of the return stored").isEqualTo(ours.size());
            assertThat(run.path("quarantined").asInt()).isZero();
            assertThat(run.path("warnings").asInt()).as("no problem read in the hub's return").isZero();

            String again = empty.get("/api/nccis/returns/" + PERIOD).body();
            assertThat(records(again)).as("exported, read into an empty hub and exported again: the same records and values")
                    .isEqualTo(records(ourReturn));
            // the same header but for the day it was sent and the build that wrote it (the jar's version; a test
            // run's classes have none)
            assertThat(header(again)).isEqualTo(header(ourReturn));
        }
    }

    private static String header(String xml) {
        return between(xml, "FileHeader").replaceAll("<DateOfSend>[^<]*</DateOfSend>|<SupplierXMLVersion>[^<]*</SupplierXMLVersion>", "");
    }
}
