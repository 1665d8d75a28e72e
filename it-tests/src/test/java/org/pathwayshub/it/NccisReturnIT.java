package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.CurrentActivity;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.SchoolCensusFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The monthly NCCIS return (docs/nccis.md): each young person the LA leads on, in the cohort by academic age, with
 * what the hub holds of them; read back by the hub's own nccis-xml feed it raises no Appendix D problem, and written
 * again it is the same. A young person leaving the cohort is reported once. The people are generated (seed 7004,
 * YoungPersonsIDs of database 880, sent by this LA's CCIS: LeadLEA 925).
 */
@SuppressWarnings("unchecked")
class NccisReturnIT extends HubIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.jdbc.core.JdbcTemplate hubDb;

    private static final String FEED = "nccis-xml";
    private static final LocalDate PERIOD_END = YoungPersonCohort.AS_AT;
    private static final String PERIOD = YearMonth.from(PERIOD_END).toString();
    private static final long SEED = 7004;
    private static final String OTHER_DATABASE = "880";
    /** The hub's own LA (mappings/local-authority.yaml): LEACode and DatabaseID of its returns. */
    private static final String HUB_LA = "925";
    private static final List<YoungPerson> PEOPLE = SeparateCohort.of(120, SEED, OTHER_DATABASE);
    private static final Pattern RECORD = ReturnXml.RECORD;

    @Test
    void theReturnReportsTheCohortAsTheHubHoldsItRaisesNoErrorReadBackAndIsStableOnARoundTrip() throws Exception {
        SeparateCohort.assertUnknownToTheHub(api(), PEOPLE);
        Path file = tempFile("nccis-from-ccis.xml");
        new NccisXmlFile(PERIOD_END, OTHER_DATABASE, HUB_LA, SEED).write(PEOPLE, NameVariants.unchanged(), file,
                NccisXmlFile.Options.asSpecified(), List.of());
        FeedController.RunView in = dropAndWait(FEED, "nccis-from-ccis.xml", file);
        assertThat(in.stored()).isEqualTo(PEOPLE.size());
        assertThat(in.warnings()).isZero();

        String first = nccisReturn(PERIOD);
        Document doc = parse(first);
        Element header = (Element) doc.getElementsByTagName("FileHeader").item(0);
        assertThat(text(header, "DatabaseID")).isEqualTo(HUB_LA);
        assertThat(text(header, "LEACode")).isEqualTo(HUB_LA);
        assertThat(text(header, "PeriodEnd")).isEqualTo(PERIOD_END.toString());
        assertThat(text(header, "SupplierName")).isEqualTo("Pathways Hub");

        // our young people, by the YoungPersonsID their CCIS gave them (another database's: so PreviousYPIDIdentifier)
        Map<String, Element> ours = new TreeMap<>();
        NodeList records = doc.getElementsByTagName("YoungPersonsRecord");
        for (int i = 0; i < records.getLength(); i++) {
            Element r = (Element) records.item(i);
            String previous = text(r, "PreviousYPIDIdentifier");
            if (previous != null && previous.startsWith(OTHER_DATABASE)) {
                ours.put(previous, r);
            }
        }
        Map<String, YoungPerson> cohort = new TreeMap<>();
        for (YoungPerson p : PEOPLE) {
            if (p.academicAge() >= 15 && (p.academicAge() <= 17 || (p.send() && p.academicAge() <= 25))) {
                cohort.put(p.ypid(), p);
            }
        }
        assertThat(cohort.values().stream().filter(p -> p.academicAge() >= 18).count())
                .as("young adults tracked because they have SEND").isPositive();
        assertThat(ours.keySet()).as("exactly the young people in the cohort by academic age").isEqualTo(cohort.keySet());

        for (YoungPerson p : cohort.values()) {
            Element r = ours.get(p.ypid());
            CurrentActivity a = CurrentActivity.of(p, PERIOD_END, SEED);
            assertThat(text(r, "YoungPersonsID")).as("a YoungPersonsID of this LA's database").matches(HUB_LA + "\\d{10}");
            assertThat(text(r, "GivenName")).isEqualTo(p.givenName());
            assertThat(text(r, "FamilyName")).isEqualTo(p.familyName());
            assertThat(text(r, "DOB")).isEqualTo(p.dob().toString());
            assertThat(text(r, "Gender")).isEqualTo(p.gender());
            assertThat(text(r, "LeadLEA")).isEqualTo(HUB_LA);
            assertThat(text(r, "UniqueLearnerNo")).isEqualTo(p.uln());
            assertThat(text(r, "SENDFlag")).isEqualTo(p.send() ? "Y" : "N");
            assertThat(text(r, "ActivityCode")).isEqualTo(a.activityCode());
            assertThat(text(r, "StartDate")).isEqualTo(String.valueOf(a.startDate()));
            assertThat(texts(r, "CharacteristicCode")).containsExactlyInAnyOrderElementsOf(a.characteristics());
            assertThat(r.getElementsByTagName("Characteristics").getLength())
                    .as("characteristics sent inside LevelOfNeed").isEqualTo(a.characteristics().isEmpty() ? 0 : 1);
        }

        // read back by the nccis-xml feed: the return of a clean cohort raises nothing, and changes nothing
        String ourReturn = onlyRecordsOf(first, ours);
        Path back = tempFile("nccis-return-back.xml");
        Files.writeString(back, ourReturn);
        FeedController.RunView read = dropAndWait(FEED, "nccis-return-back.xml", back);
        assertThat(read.received()).isEqualTo(ours.size());
        assertThat(read.quarantined()).as("no record of the hub's return is refused").isZero();
        assertThat(read.warnings()).as("no Appendix D problem in the hub's return").isZero();

        String second = onlyRecordsOf(nccisReturn(PERIOD), ours);
        assertThat(records(second)).as("exported, read back and exported again: the same records and values")
                .isEqualTo(records(ourReturn));
    }

    @Test
    void aYoungPersonLeavingTheCohortIsReportedInTheFirstReturnWrittenAfterAndNotAgain() throws Exception {
        // seed 7005, database 882: a few more young people of this LA, one of whom moved to LA 873 (status T)
        List<YoungPerson> people = SeparateCohort.of(40, 7005, "882");
        SeparateCohort.assertUnknownToTheHub(api(), people);
        YoungPerson mover = people.stream().filter(p -> p.academicAge() == 16).findFirst().orElseThrow();
        Path file = tempFile("nccis-with-a-mover.xml");
        new NccisXmlFile(PERIOD_END, "882", HUB_LA, 7005).write(people, NameVariants.unchanged(), file,
                NccisXmlFile.Options.asSpecified(), List.of());
        String xml = Files.readString(file);
        Matcher m = RECORD.matcher(xml);
        StringBuilder edited = new StringBuilder();
        while (m.find()) {
            String record = m.group();
            if (mover.ypid().equals(between(record, "YoungPersonsID"))) {
                record = record.replace("<CohortStatus>P</CohortStatus>",
                        "<CohortStatus>T</CohortStatus><TransferredToLACode>873</TransferredToLACode>");
            }
            m.appendReplacement(edited, Matcher.quoteReplacement(record));
        }
        m.appendTail(edited);
        Files.writeString(file, edited.toString());
        FeedController.RunView in = dropAndWait(FEED, "nccis-with-a-mover.xml", file);
        assertThat(in.stored()).isEqualTo(people.size());

        YearMonth lastMonth = YearMonth.now().minusMonths(1);
        Map<String, Object> job = api().postForObject("/api/jobs/nccis-return/run", null, Map.class);
        assertThat((String) job.get("outcome")).contains("nccis-" + HUB_LA + "-" + lastMonth + ".xml").contains("(1 leaving");
        Path written = HUB_HOME.resolve("outbox/nccis/nccis-" + HUB_LA + "-" + lastMonth + ".xml");
        String sent = Files.readString(written);
        assertThat(parse(sent).getElementsByTagName("PeriodEnd").item(0).getTextContent())
                .isEqualTo(lastMonth.atEndOfMonth().toString());
        String moverRecord = recordWithPrevious(sent, mover.ypid());
        assertThat(moverRecord).as("the mover is in the first return after they left").isNotNull();
        assertThat(between(moverRecord, "CohortStatus")).isEqualTo("T");
        assertThat(between(moverRecord, "TransferredToLACode")).isEqualTo("873");

        Map<String, Object> again = api().postForObject("/api/jobs/nccis-return/run", null, Map.class);
        assertThat((String) again.get("outcome")).as("a month is written once").contains("already written");
        assertThat(recordWithPrevious(nccisReturn(lastMonth.plusMonths(1).toString()), mover.ypid()))
                .as("and not in the next").isNull();
        YoungPerson stayer = people.stream().filter(p -> p != mover && p.academicAge() == 16).findFirst().orElseThrow();
        assertThat(recordWithPrevious(nccisReturn(lastMonth.plusMonths(1).toString()), stayer.ypid())).isNotNull();

        // a hub that was down when returns were due writes each month it missed, oldest first, at its next run
        hubDb.update("delete from nccis_return_leaver where period_end >= ?", lastMonth.minusMonths(1).atEndOfMonth());
        hubDb.update("delete from nccis_return where period_end >= ?", lastMonth.minusMonths(2).atEndOfMonth());
        hubDb.update("insert into nccis_return (period_end, file_name, records, sha256) values (?, 'written-earlier.xml', 0, '')",
                lastMonth.minusMonths(2).atEndOfMonth());
        String caughtUp = (String) api().postForObject("/api/jobs/nccis-return/run", null, Map.class).get("outcome");
        assertThat(caughtUp).containsSubsequence("nccis-" + HUB_LA + "-" + lastMonth.minusMonths(1) + ".xml",
                "nccis-" + HUB_LA + "-" + lastMonth + ".xml");
        assertThat(HUB_HOME.resolve("outbox/nccis/nccis-" + HUB_LA + "-" + lastMonth.minusMonths(1) + ".xml")).exists();
    }

    private static String recordWithPrevious(String xml, String previousYpid) {
        Matcher m = RECORD.matcher(xml);
        while (m.find()) {
            if (previousYpid.equals(between(m.group(), "PreviousYPIDIdentifier"))) {
                return m.group();
            }
        }
        return null;
    }

    @Test
    void checkingTheReturnFindsExactlyTheProblemsPlantedAndShowsThemOnEachYoungPerson() throws Exception {
        // seed 7006, database 883: three young people each with one problem a data team must fix before the return goes
        long seed = 7006;
        List<YoungPerson> people = SeparateCohort.of(40, seed, "883").stream()
                .filter(p -> p.academicAge() >= 16 && p.academicAge() <= 17).toList();
        SeparateCohort.assertUnknownToTheHub(api(), people);
        YoungPerson noAddress = people.get(0);
        YoungPerson neetWithoutStart = people.stream().filter(p -> p != noAddress
                && !CurrentActivity.of(p, PERIOD_END, seed).isNeet()).findFirst().orElseThrow();
        YoungPerson carerWithout140 = people.stream().filter(p -> p != noAddress && CurrentActivity.of(p, PERIOD_END, seed).isNeet()
                && !List.of("620", "630", "650").contains(CurrentActivity.of(p, PERIOD_END, seed).activityCode())
                && !CurrentActivity.of(p, PERIOD_END, seed).characteristics().contains("140")).findFirst().orElseThrow();
        Map<String, Integer> planted = Map.of(noAddress.ypid(), 31, neetWithoutStart.ypid(), 224, carerWithout140.ypid(), 233);

        Path file = tempFile("nccis-with-problems.xml");
        new NccisXmlFile(PERIOD_END, "883", HUB_LA, seed).write(people, NameVariants.unchanged(), file,
                NccisXmlFile.Options.asSpecified(), List.of());
        String xml = Files.readString(file);
        StringBuilder edited = new StringBuilder();
        Matcher m = RECORD.matcher(xml);
        while (m.find()) {
            String record = m.group();
            String id = between(record, "YoungPersonsID");
            if (id.equals(noAddress.ypid())) {
                record = record.replaceAll("<AddressLine1>[^<]*</AddressLine1>|<Town>[^<]*</Town>", "");
            } else if (id.equals(neetWithoutStart.ypid())) {
                record = record.replaceFirst("<ActivityCode>\\d+</ActivityCode>", "<ActivityCode>619</ActivityCode>");
            } else if (id.equals(carerWithout140.ypid())) {
                record = record.replaceFirst("<ActivityCode>\\d+</ActivityCode>", "<ActivityCode>620</ActivityCode>");
            }
            m.appendReplacement(edited, Matcher.quoteReplacement(record));
        }
        m.appendTail(edited);
        Files.writeString(file, edited.toString());
        FeedController.RunView in = dropAndWait(FEED, "nccis-with-problems.xml", file);
        assertThat(in.stored()).isEqualTo(people.size());

        // the hub's YoungPersonsID of each of ours, from the return (their CCIS id is the previous one)
        Map<String, String> ourIdByHubId = new TreeMap<>();
        Matcher r = RECORD.matcher(nccisReturn(PERIOD));
        while (r.find()) {
            String previous = between(r.group(), "PreviousYPIDIdentifier");
            if (previous != null && previous.startsWith("883")) {
                ourIdByHubId.put(between(r.group(), "YoungPersonsID"), previous);
            }
        }
        assertThat(ourIdByHubId).hasSize(people.size());

        Map<String, Object> errors = api().getForObject("/api/nccis/returns/" + PERIOD + "/errors?limit=10000", Map.class);
        Map<String, Object> summary = (Map<String, Object>) errors.get("summary");
        assertThat((Integer) summary.get("records")).isGreaterThanOrEqualTo(people.size());
        Map<String, List<Integer>> found = new TreeMap<>();
        for (Map<String, Object> problem : (List<Map<String, Object>>) errors.get("problems")) {
            String ours = ourIdByHubId.get((String) problem.get("youngPersonsId"));
            if (ours != null) {
                found.computeIfAbsent(ours, k -> new ArrayList<>()).add((Integer) problem.get("dfeError"));
                assertThat((String) problem.get("reason")).as("says what to correct").contains(":");
            }
        }
        Map<String, List<Integer>> expected = new TreeMap<>();
        planted.forEach((ypid, dfe) -> expected.put(ypid, List.of(dfe)));
        assertThat(found).as("exactly the planted problems, nothing else").isEqualTo(expected);

        Map<String, Object> person = api().getForObject("/api/young-people?ypid=" + carerWithout140.ypid(), Map.class);
        assertThat((List<Map<String, Object>>) person.get("nccisErrors")).extracting(e -> e.get("dfeError"))
                .containsExactly(233);
        Map<String, Object> clean = api().getForObject("/api/young-people?ypid=" + people.get(people.size() - 1).ypid(), Map.class);
        assertThat((List<?>) clean.get("nccisErrors")).isEmpty();
    }

    @Test
    void theAnnualActivitySurveyListsEachYear11LeaverWithTheirSituationOn1November() throws Exception {
        // seed 7007, database 884: this autumn's Year 12s (academic age 16) left Year 11 last summer
        long seed = 7007;
        List<YoungPerson> people = SeparateCohort.of(60, seed, "884");
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path file = tempFile("nccis-for-the-survey.xml");
        new NccisXmlFile(PERIOD_END, "884", HUB_LA, seed).write(people, NameVariants.unchanged(), file,
                NccisXmlFile.Options.asSpecified(), List.of());
        assertThat(dropAndWait(FEED, "nccis-for-the-survey.xml", file).stored()).isEqualTo(people.size());

        int year = PERIOD_END.getYear();
        ResponseEntity<String> r = api().getForEntity("/api/nccis/activity-survey/" + year, String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getHeaders().getContentType().toString()).startsWith("text/csv");
        Map<String, Map<String, String>> byUln = new TreeMap<>();
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> rows = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerForMapOf(String.class).with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                .readValues(r.getBody())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                assertThat(row.keySet()).startsWith("YoungPersonsID", "UPN", "ULN");
                byUln.put(row.get("ULN"), row);
            }
        }
        List<YoungPerson> leavers = people.stream().filter(p -> p.academicAge() == 16 && p.uln() != null).toList();
        assertThat(leavers).isNotEmpty();
        for (YoungPerson p : leavers) {
            Map<String, String> row = byUln.get(p.uln());
            assertThat(row).as("Year 11 leaver %s", p.personNo()).isNotNull();
            CurrentActivity a = CurrentActivity.of(p, PERIOD_END, seed);
            assertThat(row.get("ActivityCode")).isEqualTo(a.activityCode());
            assertThat(row.get("YoungPersonsID")).matches(HUB_LA + "\\d{10}");
            assertThat(row.get("ActivityGroup")).isNotBlank();
            assertThat(row.get("Participating")).isIn("Y", "N");
        }
        for (YoungPerson p : people) {
            if (p.academicAge() != 16 && p.uln() != null) {
                assertThat(byUln).as("not a Year 11 leaver: %s", p.personNo()).doesNotContainKey(p.uln());
            }
        }

        Map<String, Object> job = api().postForObject("/api/jobs/activity-survey/run", null, Map.class);
        String name = "activity-survey-" + HUB_LA + "-" + (java.time.LocalDate.now().isBefore(LocalDate.of(
                java.time.LocalDate.now().getYear(), 11, 1)) ? java.time.LocalDate.now().getYear() - 1
                : java.time.LocalDate.now().getYear()) + ".csv";
        assertThat((String) job.get("outcome")).contains(name);
        assertThat(HUB_HOME.resolve("outbox/nccis/" + name)).exists();
    }

    @Test
    void aYear11PupilKnownOnlyFromTheSchoolCensusHasTheSendFlagsItsSenProvisionGives() throws Exception {
        // seed 7011, LA 888: Year 11 pupils no CCIS has sent yet, on this autumn's census
        List<YoungPerson> pupils = SeparateCohort.of(80, 7011, "888").stream()
                .filter(p -> p.inYear11() && p.upn() != null).toList();
        SeparateCohort.assertUnknownToTheHub(api(), pupils);
        assertThat(pupils).anyMatch(YoungPerson::send).anyMatch(YoungPerson::senSupport)
                .anyMatch(p -> !p.send() && !p.senSupport());
        Path census = tempFile("census-year-11.csv");
        int rows = new SchoolCensusFile(LocalDate.of(2026, 10, 1), 7011).write(pupils, p -> p, census);
        assertThat(dropAndWait("school-census", "census-year-11.csv", census).stored()).isEqualTo(rows);

        String xml = nccisReturn(PERIOD);
        for (YoungPerson p : pupils) {
            String record = recordWith(xml, "UniquePupilNumber", p.upn());
            assertThat(record).as("Year 11 pupil %s is in the return", p.personNo()).isNotNull();
            assertThat(between(record, "SENDFlag")).as("EHC plan on the census").isEqualTo(p.send() ? "Y" : "N");
            assertThat(between(record, "SENSupportFlag")).as("SEN support on the census")
                    .isEqualTo(!p.send() && p.senSupport() ? "Y" : "N");
        }
    }

    private static String recordWith(String xml, String element, String value) {
        Matcher m = RECORD.matcher(xml);
        while (m.find()) {
            if (value.equals(between(m.group(), element))) {
                return m.group();
            }
        }
        return null;
    }

    @Test
    void aPeriodThatIsNotAMonthIsRefusedSayingWhatIsExpected() {
        ResponseEntity<String> r = api().getForEntity("/api/nccis/returns/2026-13", String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(400);
    }

    private String nccisReturn(String period) {
        ResponseEntity<String> r = api().getForEntity("/api/nccis/returns/" + period, String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_XML)).isTrue();
        return r.getBody();
    }

    /** The return with only the given young people's records (the hub holds other test classes' people too). */
    private static String onlyRecordsOf(String xml, Map<String, Element> ours) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        ours.values().forEach(r -> ids.add(text(r, "YoungPersonsID")));
        return ReturnXml.withOnly(xml, ids);
    }

    private static Map<String, String> records(String xml) {
        return ReturnXml.records(xml);
    }

    private static String between(String xml, String element) {
        return ReturnXml.between(xml, element);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static List<String> texts(Element parent, String name) {
        List<String> out = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            out.add(n.getTextContent());
        }
        return out;
    }
}
