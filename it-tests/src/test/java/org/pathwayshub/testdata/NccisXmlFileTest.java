package org.pathwayshub.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayshub.record.UlnCheck;
import org.pathwayshub.record.UpnCheck;

/** The NCCIS XML: the shape of docs/nccis.md, read back with a StAX reader that refuses DTDs, and the NCCIS rules it keeps. */
class NccisXmlFileTest {

    private static final LocalDate PERIOD_END = YoungPersonCohort.AS_AT;
    private static final List<YoungPerson> PEOPLE = YoungPersonCohort.generate(500, 11);

    @TempDir
    Path dir;

    private Path file;
    private int written;

    @BeforeEach
    void write() {
        file = dir.resolve("nccis.xml");
        written = new NccisXmlFile(PERIOD_END, YoungPersonCohort.DATABASE_ID, YoungPersonCohort.LA_CODE, 11)
                .write(PEOPLE, NameVariants.unchanged(), file);
    }

    @Test
    void itParsesWithDtdSupportOffAndHasOneRecordPerPerson() throws Exception {
        Parsed parsed = parse(file);
        assertThat(written).isEqualTo(PEOPLE.size());
        assertThat(parsed.records).hasSize(PEOPLE.size());
        assertThat(parsed.header).containsEntry("Databases/DatabaseID", List.of("601"))
                .containsEntry("SourceLEAs/LEACode", List.of("925"))
                .containsEntry("FileHeader/PeriodEnd", List.of("2026-10-31"))
                .containsEntry("FileHeader/DateOfSend", List.of("2026-11-01"))
                .containsKeys("FileHeader/SupplierName", "FileHeader/SupplierXMLVersion", "FileHeader/XMLSchemaVersion");
        assertThat(Files.readString(file)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE NCCIS SYSTEM \"NCCIS.dtd\">\n<NCCIS>");
    }

    @Test
    void everyRecordHasValidIdentifiersAndPersonalDetails() throws Exception {
        UpnCheck upns = FeedFiles.upnCheck();
        Set<String> ids = new HashSet<>();
        for (Map<String, List<String>> r : parse(file).records) {
            String ypid = one(r, "PersonalDetails/YoungPersonsID");
            assertThat(ypid).matches("601\\d{10}");
            assertThat(ids.add(ypid)).as("YoungPersonsID %s once", ypid).isTrue();
            String upn = one(r, "PersonalDetails/UniquePupilNumber");
            assertThat(upn.isEmpty() || upns.check(upn).isValid()).as(upn).isTrue();
            String uln = one(r, "PersonalDetails/UniqueLearnerNo");
            assertThat(uln.isEmpty() || UlnCheck.check(uln).isValid()).as(uln).isTrue();
            assertThat(one(r, "PersonalDetails/CohortStatus")).isEqualTo("P");
            assertThat(one(r, "PersonalDetails/GivenName")).isNotEmpty();
            assertThat(one(r, "PersonalDetails/FamilyName")).isNotEmpty();
            assertThat(one(r, "PersonalDetails/AddressLine1")).isNotEmpty();
            assertThat(one(r, "PersonalDetails/Postcode")).matches("NM\\d \\d[A-Z]{2}");
            assertThat(one(r, "PersonalDetails/Gender")).isIn("F", "M", "U", "W");
            assertThat(one(r, "PersonalDetails/Ethnicity")).isIn((Object[]) NccisXmlFile.ETHNICITIES);
            assertThat(one(r, "PersonalDetails/LeadLEA")).isEqualTo("925");
            LocalDate.parse(one(r, "PersonalDetails/DOB"));
        }
    }

    @Test
    void activitiesKeepTheNccisRules() throws Exception {
        for (Map<String, List<String>> r : parse(file).records) {
            String code = one(r, "Cohort/ActivityCode");
            boolean year11 = r.containsKey("IntendedDestination/IntendedDestinationYr11");
            assertThat(code.startsWith("1")).as("1xx exactly for Year 11 (229, 230)").isEqualTo(year11);
            LocalDate start = date(r, "Cohort/StartDate");
            LocalDate ascertained = date(r, "Cohort/DateAscertained");
            LocalDate verified = date(r, "Cohort/DateVerified");
            assertThat(ascertained).isAfterOrEqualTo(start);
            assertThat(verified).isAfterOrEqualTo(ascertained).isBeforeOrEqualTo(PERIOD_END)
                    .as("verified in this academic year (909)").isAfterOrEqualTo(LocalDate.of(2026, 9, 1));
            LocalDate neetStart = date(r, "Cohort/NEETStartDate");
            assertThat(neetStart != null).as("NEETStartDate exactly on NEET codes (224, 226): %s", code)
                    .isEqualTo(CurrentActivity.NEET.contains(code));
            if (neetStart != null) {
                assertThat(neetStart).isBeforeOrEqualTo(start).isAfterOrEqualTo(date(r, "PersonalDetails/DOB").plusYears(15));
            }
            LocalDate predictedEnd = date(r, "Cohort/PredictedEndDate");
            if (CsvFeedFilesTest.isEducationOrTraining(code)) {
                assertThat(predictedEnd).as("PredictedEndDate for %s (259)", code).isNotNull();
            }
            LocalDate review = date(r, "Cohort/ReviewDate");
            if (Set.of("260", "290", "350", "616", "710").contains(code)) {
                assertThat(review).as("ReviewDate for %s (262)", code).isNotNull();
            }
            if (review != null && predictedEnd != null) {
                assertThat(review).isBeforeOrEqualTo(predictedEnd);
            }
            LocalDate due = date(r, "Cohort/DueToLapseDate");
            if (predictedEnd != null) {
                assertThat(due).isBeforeOrEqualTo(predictedEnd);
            }
            assertThat(one(r, "Cohort/CurrencyLapsed")).isEqualTo(due.isBefore(PERIOD_END) ? "Y" : "N");
            String estab = one(r, "Cohort/EstablishmentNumber");
            assertThat(estab).matches("(925\\d{4})?");
            assertThat(one(r, "Cohort/UKProviderReferenceNumber")).matches("(1\\d{7})?");

            assertThat(one(r, "LevelOfNeed/LevelOfNeedCode")).isIn("1", "2", "3");
            String send = one(r, "LevelOfNeed/SENDFlag");
            assertThat(send + one(r, "LevelOfNeed/SENSupportFlag")).isIn("NN", "YN", "NY");
            if (code.equals("280") || code.equals("460")) {
                assertThat(send).isEqualTo("Y");
            }
            List<String> characteristics = r.getOrDefault("YoungPersonsRecord/CharacteristicCode", List.of());
            assertThat(characteristics).hasSizeLessThanOrEqualTo(2);
            if (characteristics.contains("180")) {
                assertThat(one(r, "PersonalDetails/Gender")).isEqualTo("F");
            }
            if (year11) {
                assertThat(one(r, "IntendedDestination/IntendedDestinationYr11")).isIn((Object[]) CurrentActivity.INTENDED_DESTINATIONS);
                assertThat(one(r, "Year11/GuaranteeStatus")).isIn((Object[]) CurrentActivity.GUARANTEE_STATUSES_YEAR_11);
                assertThat(one(r, "Year11/LEACode")).isEqualTo("925");
            }
        }
    }

    @Test
    void theNeetStartDateIsSpelledNeetStartDateInTheShareAsked() throws Exception {
        NccisXmlFile nccis = new NccisXmlFile(PERIOD_END, "601", "925", 11);
        Path variant = dir.resolve("variant.xml");
        Path specified = dir.resolve("specified.xml");
        nccis.write(PEOPLE, NameVariants.unchanged(), variant, new NccisXmlFile.Options(false, 1.0), List.of());
        nccis.write(PEOPLE, NameVariants.unchanged(), specified, NccisXmlFile.Options.asSpecified(), List.of());

        assertThat(Files.readString(variant)).doesNotContain("NEETStartDate", "DOCTYPE").contains("<NeetStartDate>");
        assertThat(Files.readString(specified)).doesNotContain("NeetStartDate", "DOCTYPE").contains("<NEETStartDate>");
        String received = Files.readString(file);
        assertThat(received).contains("<NeetStartDate", "<NEETStartDate");
        assertThat(parse(variant).records).hasSize(PEOPLE.size());
    }

    @Test
    void extraRawRecordsAreAppendedAndCounted() throws Exception {
        Path withExtra = dir.resolve("extra.xml");
        String bad = "<YoungPersonsRecord><PersonalDetails><YoungPersonsID>601</YoungPersonsID>"
                + "<UniquePupilNumber>I391999914001</UniquePupilNumber></PersonalDetails></YoungPersonsRecord>";
        int n = new NccisXmlFile(PERIOD_END, "601", "925", 11)
                .write(PEOPLE.subList(0, 3), NameVariants.unchanged(), withExtra, NccisXmlFile.Options.asReceived(), List.of(bad));
        assertThat(n).isEqualTo(4);
        List<Map<String, List<String>>> records = parse(withExtra).records;
        assertThat(records).hasSize(4);
        assertThat(one(records.get(3), "PersonalDetails/UniquePupilNumber")).isEqualTo("I391999914001");
    }

    @Test
    void theSameSeedWritesTheSameBytesAndNamesFollowTheVariant() throws Exception {
        Path again = dir.resolve("again.xml");
        new NccisXmlFile(PERIOD_END, "601", "925", 11).write(PEOPLE, NameVariants.unchanged(), again);
        assertThat(Files.mismatch(file, again)).isEqualTo(-1);

        Path upper = dir.resolve("upper.xml");
        new NccisXmlFile(PERIOD_END, "601", "925", 11).write(PEOPLE, NameVariants.bothNames(NameVariants::upperCase), upper);
        Map<String, List<String>> first = parse(upper).records.get(0);
        assertThat(one(first, "PersonalDetails/FamilyName")).isEqualTo(PEOPLE.get(0).familyName().toUpperCase());
    }

    private static String one(Map<String, List<String>> record, String path) {
        List<String> values = record.get(path);
        assertThat(values).as(path).isNotNull().hasSize(1);
        return values.get(0);
    }

    private static LocalDate date(Map<String, List<String>> record, String path) {
        String value = one(record, path.equals("Cohort/NEETStartDate") && record.containsKey("Cohort/NeetStartDate")
                ? "Cohort/NeetStartDate" : path);
        return value.isEmpty() ? null : LocalDate.parse(value);
    }

    record Parsed(Map<String, List<String>> header, List<Map<String, List<String>>> records) {
    }

    /** Each leaf element (one without child elements) as parent/name to its values, per YoungPersonsRecord; the header likewise. */
    static Parsed parse(Path file) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Map<String, List<String>> header = new LinkedHashMap<>();
        List<Map<String, List<String>>> records = new ArrayList<>();
        Map<String, List<String>> current = header;
        Deque<String> path = new ArrayDeque<>();
        Deque<Boolean> hasChildren = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            while (xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (xml.getLocalName().equals("YoungPersonsRecord")) {
                            current = new LinkedHashMap<>();
                            records.add(current);
                        }
                        if (!hasChildren.isEmpty()) {
                            hasChildren.pop();
                            hasChildren.push(true);
                        }
                        path.push(xml.getLocalName());
                        hasChildren.push(false);
                        text.setLength(0);
                    }
                    case XMLStreamConstants.CHARACTERS -> text.append(xml.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        String name = path.pop();
                        if (!hasChildren.pop()) {
                            current.computeIfAbsent(path.peek() + "/" + name, k -> new ArrayList<>()).add(text.toString().trim());
                        }
                        text.setLength(0);
                    }
                    default -> {
                    }
                }
            }
            xml.close();
        }
        return new Parsed(header, records);
    }
}
