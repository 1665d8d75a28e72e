package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.CurrentActivity;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.http.ResponseEntity;

/**
 * The monthly NCCIS XML file (docs/nccis.md): records without a valid YoungPersonsID are quarantined as DfE error 1,
 * records breaking a record-level Appendix D rule are kept with a warning naming the DfE number, and what is
 * stored shows in the young person's record. Files carry a DOCTYPE line and spell NEETStartDate both ways, as
 * real files do; a file declaring an external entity is refused whole.
 */
class NccisXmlFeedIT extends HubIntegrationTest {

    private static final String FEED = "nccis-xml";
    private static final LocalDate PERIOD_END = YoungPersonCohort.AS_AT;
    private static final long SEED = 7001;
    /** Northmoor's CCIS for this class: LA 877, whose number is also the DatabaseID every YoungPersonsID starts with. */
    private static final String LA = "877";
    private static final List<YoungPerson> PEOPLE = SeparateCohort.of(500, SEED, LA);
    private static final Pattern RECORD = Pattern.compile("(?s)<YoungPersonsRecord>.*?</YoungPersonsRecord>");
    private static final Set<String> NEEDS_A_CHARACTERISTIC = Set.of("620", "630", "650");

    /** A record whose YoungPersonsID is missing or malformed, and the rule that must quarantine it. */
    private record BrokenId(String xml, String rule, String value) {
    }

    @Test
    void validRecordsAreStoredAndEveryRecordWithoutAValidYoungPersonsIdIsQuarantinedAsDfeError1() throws Exception {
        List<YoungPerson> valid = PEOPLE.subList(0, 200);
        List<YoungPerson> donors = PEOPLE.subList(200, 205);
        SeparateCohort.assertUnknownToTheHub(api(), PEOPLE.subList(0, 205));
        List<BrokenId> broken = brokenYoungPersonsIds(donors);
        Path file = tempFile("nccis-2026-10.xml");
        int written = monthly(PERIOD_END).write(valid, NameVariants.unchanged(), file, NccisXmlFile.Options.asReceived(),
                broken.stream().map(BrokenId::xml).toList());
        assertThat(written).isEqualTo(205);
        assertThat(Files.readString(file)).contains("<!DOCTYPE NCCIS SYSTEM \"NCCIS.dtd\">")
                .contains("<NeetStartDate>").contains("<NEETStartDate>");

        FeedController.RunView run = dropAndWait(FEED, "nccis-2026-10.xml", file);

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(205);
        assertThat(run.stored()).isEqualTo(200);
        assertThat(run.quarantined()).isEqualTo(5);
        assertThat(run.duplicates()).isZero();
        assertThat(run.warnings()).as("generated records keep every Appendix D rule").isZero();
        assertThat(HUB_HOME.resolve("inbox/nccis-xml/done/run-" + run.id() + "-nccis-2026-10.xml")).exists();

        List<Map<String, Object>> rejects = rejects(FEED, run.id());
        assertThat(rejects).hasSize(5);
        for (int i = 0; i < broken.size(); i++) {
            Map<String, Object> reject = rejects.get(i);
            // the 200 valid records come first, so the broken ones are records 201 to 205
            assertThat(reject.get("element")).isEqualTo("YoungPersonsRecord[" + (201 + i) + "]");
            assertThat(reject.get("field")).isEqualTo("person.youngPersonsId");
            assertThat(reject.get("column")).isEqualTo("PersonalDetails/YoungPersonsID");
            assertThat(reject.get("dfeError")).isEqualTo(1);
            assertThat(reject.get("rule")).as("record %d", 201 + i).isEqualTo(broken.get(i).rule());
            assertThat(reject.get("value")).isEqualTo(broken.get(i).value());
            assertThat(reject.get("recordKey")).as("named by what was sent as its YoungPersonsID")
                    .isEqualTo(broken.get(i).value());
            assertThat((String) reject.get("reason")).isNotBlank();
        }

        for (YoungPerson p : sample(valid, 25)) {
            ResponseEntity<Map> r = api().getForEntity("/api/young-people?ypid=" + p.ypid(), Map.class);
            assertThat(r.getStatusCode().value()).as("YoungPersonsID %s stored", p.ypid()).isEqualTo(200);
            assertThat(r.getBody().get("familyName")).isEqualTo(p.familyName());
        }
        for (YoungPerson p : donors) {
            if (p.uln() != null) {
                assertThat(api().getForEntity("/api/young-people?uln=" + p.uln(), Map.class).getStatusCode().value())
                        .as("nothing of a quarantined record is stored").isEqualTo(404);
            }
        }
    }

    @Test
    void aRecordBreakingAnAppendixDRuleIsStoredAndListedAsAWarningWithItsDfeNumber() throws Exception {
        List<YoungPerson> people = PEOPLE.subList(210, 240);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        // NEET 619 without its NEETStartDate (224): someone post-16 now recorded as seeking work, without the date it began
        YoungPerson noNeetStart = people.stream()
                .filter(p -> p.academicAge() >= 16 && !activity(p).isNeet() && !activity(p).activityCode().equals("810"))
                .findFirst().orElseThrow();
        // carer 620 without characteristic 140 (233): someone NEET whose record never says they are a carer
        YoungPerson carerWithout140 = people.stream()
                .filter(p -> activity(p).isNeet() && !NEEDS_A_CHARACTERISTIC.contains(activity(p).activityCode())
                        && !activity(p).characteristics().contains("140"))
                .findFirst().orElseThrow();
        Path file = tempFile("nccis-rules.xml");
        monthly(PERIOD_END).write(people, NameVariants.unchanged(), file, NccisXmlFile.Options.asSpecified(), List.of());
        String xml = Files.readString(file);
        xml = editRecord(xml, noNeetStart, r -> activityCode(r, "619"));
        xml = editRecord(xml, carerWithout140, r -> activityCode(r, "620"));
        Files.writeString(file, xml);

        FeedController.RunView run = dropAndWait(FEED, "nccis-rules.xml", file);

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(30);
        assertThat(run.stored()).as("Appendix D rules warn; the records are kept").isEqualTo(30);
        assertThat(run.quarantined()).isZero();
        assertThat(run.warnings()).isEqualTo(2);
        List<Map<String, Object>> warnings = SeparateCohort.warnings(api(), FEED, run);
        assertThat(warnings).extracting(w -> w.get("element"), w -> w.get("field"), w -> w.get("dfeError"), w -> w.get("rule"))
                .containsExactlyInAnyOrder(
                        tuple(element(people, noNeetStart), "activity.neetStartDate", 224, "dfe-224"),
                        tuple(element(people, carerWithout140), "activity.code", 233, "dfe-233"));
        assertThat(warnings).allSatisfy(w -> assertThat((String) w.get("reason")).isNotBlank());
        assertThat(warnings).extracting(w -> w.get("recordKey")).as("each names its record's YoungPersonsID")
                .containsExactlyInAnyOrder(noNeetStart.ypid(), carerWithout140.ypid());

        assertThat(currentActivity(noNeetStart).get("code")).isEqualTo("619");
        assertThat(currentActivity(noNeetStart).get("neetStartDate")).isNull();
        assertThat(currentActivity(carerWithout140).get("code")).isEqualTo("620");
    }

    @Test
    void anElementTheMappingDoesNotReadIsNamedOncePerFileEvenWhenEveryRecordIsADuplicate() throws Exception {
        List<YoungPerson> people = PEOPLE.subList(450, 460);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path file = tempFile("nccis-extra-element.xml");
        monthly(PERIOD_END).write(people, NameVariants.unchanged(), file, NccisXmlFile.Options.asSpecified(), List.of());
        Files.writeString(file, Files.readString(file).replace("</PersonalDetails>",
                "<YouthContractStartDate>2024-01-01</YouthContractStartDate></PersonalDetails>"));

        for (String name : List.of("nccis-extra-1.xml", "nccis-extra-2.xml")) {
            FeedController.RunView run = dropAndWait(FEED, name, file);
            assertThat(run.stored() + run.duplicates()).isEqualTo(10);
            assertThat(run.warnings()).as("%s: the element named once", name).isEqualTo(1);
            List<Map<String, Object>> warnings = SeparateCohort.warnings(api(), FEED, run);
            assertThat(warnings).extracting(w -> w.get("rule"), w -> w.get("column"))
                    .containsExactly(tuple("element-not-mapped", "PersonalDetails/YouthContractStartDate"));
        }
    }

    @Test
    void aStoredRecordShowsItsActivityCharacteristicsTrackingAndPersonalDetailsWhicheverWayNeetStartDateIsSpelled()
            throws Exception {
        List<YoungPerson> people = PEOPLE.subList(240, 340);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path file = tempFile("nccis-details.xml");
        monthly(PERIOD_END).write(people, NameVariants.unchanged(), file, new NccisXmlFile.Options(true, 0.5), List.of());
        String xml = Files.readString(file);
        Set<String> spellings = new HashSet<>();
        for (YoungPerson p : people) {
            if (activity(p).isNeet()) {
                spellings.add(recordOf(xml, p).contains("<NeetStartDate>") ? "NeetStartDate" : "NEETStartDate");
            }
        }
        assertThat(spellings).as("NEET records with each spelling in the file")
                .containsExactlyInAnyOrder("NeetStartDate", "NEETStartDate");

        FeedController.RunView run = dropAndWait(FEED, "nccis-details.xml", file);
        assertThat(run.stored()).isEqualTo(100);

        for (YoungPerson p : people) {
            CurrentActivity expected = activity(p);
            Map<?, ?> person = person(p);
            assertThat(person.get("ypid")).isEqualTo(p.ypid());
            assertThat(person.get("givenName")).isEqualTo(p.givenName());
            assertThat(person.get("familyName")).isEqualTo(p.familyName());
            assertThat(person.get("dob")).isEqualTo(p.dob().toString());
            assertThat(person.get("postcode")).isEqualTo(p.postcode());

            Map<?, ?> activity = (Map<?, ?>) person.get("activity");
            assertThat(activity.get("code")).as("activity of %s", p.ypid()).isEqualTo(expected.activityCode());
            assertThat(activity.get("startDate")).isEqualTo(expected.startDate().toString());
            assertThat(activity.get("sourceFeed")).isEqualTo(FEED);
            assertThat(activity.get("neetStartDate")).as("NEET start of %s (%s)", p.ypid(), expected.activityCode())
                    .isEqualTo(expected.neetStartDate() == null ? null : expected.neetStartDate().toString());

            assertThat(codes(person)).as("characteristics of %s", p.ypid())
                    .containsExactlyInAnyOrderElementsOf(expected.characteristics());

            Map<?, ?> tracking = (Map<?, ?>) person.get("tracking");
            assertThat(tracking.get("levelOfNeed")).isEqualTo(Integer.toString(expected.levelOfNeed()));
            assertThat(tracking.get("send")).isEqualTo(p.send());
            assertThat(tracking.get("cohortStatus")).isEqualTo("P");
            assertThat(tracking.get("leadLa")).isEqualTo(LA);
        }
    }

    @Test
    void aFileDeclaringAnExternalEntityGoesToFailedNamingTheEntityNothingOfItIsStoredAndTheHubStaysUp() throws Exception {
        List<YoungPerson> people = PEOPLE.subList(340, 345);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path file = externalEntityFile(people, "nccis-entity.xml");

        FeedController.RunView run = dropAndWait(FEED, "nccis-entity.xml", file);

        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.stored()).isZero();
        assertThat(run.failureReason()).contains("xxe");
        Path failed = HUB_HOME.resolve("inbox/nccis-xml/failed");
        assertThat(failed.resolve("run-" + run.id() + "-nccis-entity.xml")).exists();
        assertThat(Files.readString(failed.resolve("run-" + run.id() + "-nccis-entity.xml.reason.txt"))).contains("xxe");
        for (YoungPerson p : people) {
            assertThat(api().getForEntity("/api/young-people?ypid=" + p.ypid(), Map.class).getStatusCode().value())
                    .as("nothing of a refused file is stored").isEqualTo(404);
        }
        Map<?, ?> health = api().getForEntity("/actuator/health", Map.class).getBody();
        assertThat(health.get("status")).as("health %s", health).isEqualTo("UP");

        List<YoungPerson> next = PEOPLE.subList(440, 450);
        Path nextFile = tempFile("nccis-after-entity.xml");
        monthly(PERIOD_END).write(next, NameVariants.unchanged(), nextFile);
        FeedController.RunView after = dropAndWait(FEED, "nccis-after-entity.xml", nextFile);
        assertThat(after.state()).as("the feed carries on").isEqualTo("COMPLETED");
        assertThat(after.stored()).isEqualTo(10);
    }

    @Test
    void theSameFileAgainStoresNothingAndCountsEveryValidRecordAsADuplicate() throws Exception {
        List<YoungPerson> valid = PEOPLE.subList(345, 375);
        SeparateCohort.assertUnknownToTheHub(api(), PEOPLE.subList(345, 377));
        List<BrokenId> broken = brokenYoungPersonsIds(PEOPLE.subList(375, 377));
        Path file = tempFile("nccis-resent.xml");
        monthly(PERIOD_END).write(valid, NameVariants.unchanged(), file, NccisXmlFile.Options.asReceived(),
                broken.stream().map(BrokenId::xml).toList());

        FeedController.RunView first = dropAndWait(FEED, "nccis-2026-10-first.xml", file);
        FeedController.RunView again = dropAndWait(FEED, "nccis-2026-10-again.xml", file);

        assertThat(first.stored()).isEqualTo(30);
        assertThat(first.quarantined()).isEqualTo(2);
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(again.state()).isEqualTo("COMPLETED");
        assertThat(again.received()).isEqualTo(32);
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(30);
        assertThat(again.quarantined()).isEqualTo(2);
        assertThat(again.warnings()).isZero();
    }

    @Test
    void aCharacteristicNoLongerListedInTheNextMonthlyFileHasEnded() throws Exception {
        List<YoungPerson> people = PEOPLE.subList(380, 440);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path september = tempFile("nccis-2026-09.xml");
        Path october = tempFile("nccis-2026-10.xml");
        monthly(LocalDate.of(2026, 9, 30)).write(people, NameVariants.unchanged(), september);
        monthly(PERIOD_END).write(people, NameVariants.unchanged(), october);
        String septemberXml = Files.readString(september);
        String octoberXml = Files.readString(october);

        // three young people whose CCIS record stops listing a characteristic their activity does not depend on
        Map<YoungPerson, String> ended = new LinkedHashMap<>();
        for (YoungPerson p : people) {
            List<String> both = new ArrayList<>(characteristics(recordOf(septemberXml, p)));
            both.retainAll(characteristics(recordOf(octoberXml, p)));
            if (!both.isEmpty() && ended.size() < 3 && !NEEDS_A_CHARACTERISTIC.contains(activity(p).activityCode())) {
                String code = both.get(0);
                ended.put(p, code);
                octoberXml = editRecord(octoberXml, p,
                        r -> r.replaceFirst("\\s*<CharacteristicCode>" + code + "</CharacteristicCode>", ""));
            }
        }
        assertThat(ended).as("young people with a characteristic in both months").hasSize(3);
        Files.writeString(october, octoberXml);
        int changed = 0;
        for (YoungPerson p : people) {
            changed += recordOf(septemberXml, p).equals(recordOf(octoberXml, p)) ? 0 : 1;
        }

        FeedController.RunView septemberRun = dropAndWait(FEED, "nccis-2026-09.xml", september);
        FeedController.RunView octoberRun = dropAndWait(FEED, "nccis-2026-10-monthly.xml", october);

        assertThat(septemberRun.stored()).isEqualTo(60);
        assertThat(octoberRun.received()).isEqualTo(60);
        assertThat(octoberRun.stored()).as("records that changed since September").isEqualTo(changed);
        assertThat(octoberRun.duplicates()).isEqualTo(60 - changed);
        assertThat(octoberRun.quarantined()).isZero();
        assertThat(octoberRun.warnings()).isZero();

        ended.forEach((p, code) -> assertThat((List<?>) person(p).get("characteristics"))
                .filteredOn(c -> code.equals(((Map<?, ?>) c).get("code"))).singleElement()
                .satisfies(c -> assertThat(((Map<?, ?>) c).get("to")).as("%s ended for %s", code, p.ypid()).isNotNull()));
        // and for everyone: what October lists is current, what only September listed has ended
        for (YoungPerson p : people) {
            Set<String> listedInSeptember = characteristics(recordOf(septemberXml, p));
            Set<String> listedInOctober = characteristics(recordOf(octoberXml, p));
            Set<String> listedEither = new LinkedHashSet<>(listedInSeptember);
            listedEither.addAll(listedInOctober);
            Map<?, ?> person = person(p);
            assertThat(codes(person)).containsExactlyInAnyOrderElementsOf(listedEither);
            for (Object o : (List<?>) person.get("characteristics")) {
                Map<?, ?> c = (Map<?, ?>) o;
                String code = (String) c.get("code");
                if (listedInOctober.contains(code)) {
                    assertThat(c.get("to")).as("%s still listed for %s", code, p.ypid()).isNull();
                } else {
                    assertThat(c.get("to")).as("%s no longer listed for %s: it has ended", code, p.ypid()).isNotNull();
                }
            }
        }
    }

    // ---- the files ----

    private static NccisXmlFile monthly(LocalDate periodEnd) {
        return new NccisXmlFile(periodEnd, LA, LA, SEED);
    }

    private static CurrentActivity activity(YoungPerson p) {
        return CurrentActivity.of(p, PERIOD_END, SEED);
    }

    /** A monthly file with a DOCTYPE declaring an external entity, and the entity used in a GivenName. */
    private static Path externalEntityFile(List<YoungPerson> people, String name) throws IOException {
        Path file = tempFile(name);
        monthly(PERIOD_END).write(people, NameVariants.unchanged(), file, NccisXmlFile.Options.asSpecified(), List.of());
        String xml = Files.readString(file)
                .replaceFirst("\\?>", "?>\n<!DOCTYPE NCCIS [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>");
        xml = editRecord(xml, people.get(2), r -> r.replaceFirst("<GivenName>[^<]*</GivenName>", "<GivenName>&xxe;</GivenName>"));
        Files.writeString(file, xml);
        return file;
    }

    /** Records of real young people whose CCIS record lost or garbled the YoungPersonsID, in five ways by turn. */
    private static List<BrokenId> brokenYoungPersonsIds(List<YoungPerson> donors) throws IOException {
        Path file = tempFile("donors.xml");
        monthly(PERIOD_END).write(donors, NameVariants.unchanged(), file, NccisXmlFile.Options.asSpecified(), List.of());
        String xml = Files.readString(file);
        List<BrokenId> out = new ArrayList<>();
        for (int i = 0; i < donors.size(); i++) {
            String id = donors.get(i).ypid();
            String record = recordOf(xml, donors.get(i));
            String element = "<YoungPersonsID>" + id + "</YoungPersonsID>";
            out.add(switch (i % 5) {
                case 0 -> new BrokenId(record.replace(element, "<YoungPersonsID/>"), "required", null);
                case 1 -> new BrokenId(record.replaceFirst("\\s*" + element, ""), "required", null);
                case 2 -> new BrokenId(record.replace(element, "<YoungPersonsID>" + id.substring(0, 12) + "</YoungPersonsID>"),
                        "ypid-format", id.substring(0, 12));
                case 3 -> new BrokenId(record.replace(element, "<YoungPersonsID>" + id + "7</YoungPersonsID>"),
                        "ypid-format", id + "7");
                default -> {
                    String letterO = id.substring(0, 6) + "O" + id.substring(7);
                    yield new BrokenId(record.replace(element, "<YoungPersonsID>" + letterO + "</YoungPersonsID>"),
                            "ypid-format", letterO);
                }
            });
        }
        return out;
    }

    /** Every k-th young person, {@code size} in all: enough to see the records landed without a lookup for each. */
    private static List<YoungPerson> sample(List<YoungPerson> people, int size) {
        int step = Math.max(1, people.size() / size);
        List<YoungPerson> out = new ArrayList<>();
        for (int i = 0; i < people.size() && out.size() < size; i += step) {
            out.add(people.get(i));
        }
        return out;
    }

    /** The YoungPersonsRecord of one young person in a file's text. */
    private static String recordOf(String xml, YoungPerson p) {
        Matcher m = RECORD.matcher(xml);
        while (m.find()) {
            if (m.group().contains("<YoungPersonsID>" + p.ypid() + "</YoungPersonsID>")) {
                return m.group();
            }
        }
        throw new AssertionError("no record for " + p.ypid());
    }

    /** The file's text with one young person's record changed, as a CCIS user would have keyed it. */
    private static String editRecord(String xml, YoungPerson p, UnaryOperator<String> edit) {
        String record = recordOf(xml, p);
        String edited = edit.apply(record);
        assertThat(edited).as("the edit changes the record of %s", p.ypid()).isNotEqualTo(record);
        return xml.replace(record, edited);
    }

    private static String activityCode(String record, String code) {
        return record.replaceFirst("<ActivityCode>\\d+</ActivityCode>", "<ActivityCode>" + code + "</ActivityCode>");
    }

    private static Set<String> characteristics(String record) {
        Set<String> codes = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<CharacteristicCode>(\\d+)</CharacteristicCode>").matcher(record);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    /** How the hub names a record of a file: its position, counting from 1. */
    private static String element(List<YoungPerson> inFile, YoungPerson p) {
        return "YoungPersonsRecord[" + (inFile.indexOf(p) + 1) + "]";
    }

    // ---- the hub ----

    private Map<?, ?> person(YoungPerson p) {
        ResponseEntity<Map> r = api().getForEntity("/api/young-people?ypid=" + p.ypid(), Map.class);
        assertThat(r.getStatusCode().value()).as("YoungPersonsID %s", p.ypid()).isEqualTo(200);
        return r.getBody();
    }

    private static List<String> codes(Map<?, ?> person) {
        return ((List<?>) person.get("characteristics")).stream().map(c -> (String) ((Map<?, ?>) c).get("code")).toList();
    }

    private Map<?, ?> currentActivity(YoungPerson p) {
        return (Map<?, ?>) person(p).get("activity");
    }
}
