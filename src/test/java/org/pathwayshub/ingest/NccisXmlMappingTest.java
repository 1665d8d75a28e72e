package org.pathwayshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pathwayshub.mapping.FeedMapping;
import org.pathwayshub.mapping.FeedMappings;
import org.pathwayshub.mapping.RecordCheckSets;
import org.pathwayshub.mapping.RecordMapper;
import org.pathwayshub.mapping.SourceRecord;
import org.pathwayshub.mapping.ValueParser;
import org.pathwayshub.nccis.NccisAppendixDChecks;
import org.pathwayshub.record.CharacteristicFact;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;

/**
 * The shipped nccis-xml mapping reading NCCIS XML as CCIS exports write it, with the Appendix D checks: what it
 * reads, what it says about what it does not read, and how each problem names its record. The people are made up.
 */
class NccisXmlMappingTest {

    private final HubConfigFiles files = new HubConfigFiles(new HubProperties());
    private final CodeLists codeLists = new CodeLists(files);
    private final NccisAppendixDChecks appendixD = new NccisAppendixDChecks(codeLists, files);
    private final FeedMapping mapping = new FeedMappings(files, codeLists, new RecordCheckSets(List.of(appendixD)))
            .get("nccis-xml");

    private static final String HEADER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <NCCIS>
              <FileHeader>
                <Databases><DatabaseID>925</DatabaseID></Databases>
                <SourceLEAs><LEACode>925</LEACode></SourceLEAs>
                <DateOfSend>2025-02-03</DateOfSend>
                <PeriodEnd>2025-01-31</PeriodEnd>
                <SupplierName>Test supplier</SupplierName>
              </FileHeader>
            """;

    private static final List<String> GIVEN_NAMES = List.of("Zoe", "Amy", "Beth", "Cara", "Dana", "Emma", "Faye", "Gina",
            "Hana", "Ida");

    /** A Year 12 young person at college NCCIS has nothing to say about, with the given parts changed. */
    private static String person(String id, String personalExtra, String needExtra, String activityCode, String dueToLapse,
                                 String recordExtra) {
        return """
                  <YoungPersonsRecord>
                    <PersonalDetails>
                      <YoungPersonsID>%s</YoungPersonsID>
                      <CohortStatus>P</CohortStatus>
                      <GivenName>%s</GivenName>
                      <FamilyName>Testperson</FamilyName>
                      <AddressLine1></AddressLine1>
                      <AddressLine2>1 Test Street</AddressLine2>
                      <Town>Northmere</Town>
                      <Postcode>NM1 2AB</Postcode>
                      <Gender>F</Gender>
                      <DOB>2008-03-14</DOB>
                      <Ethnicity>WBRI</Ethnicity>
                      <LeadLEA>925</LeadLEA>
                      <LEACodeAtYear11>925</LEACodeAtYear11>
                      %s
                    </PersonalDetails>
                    <LevelOfNeed>
                      <LevelOfNeedCode>3</LevelOfNeedCode>
                      <SENDFlag>N</SENDFlag>
                      <SENSupportFlag>N</SENSupportFlag>
                      %s
                    </LevelOfNeed>
                    <Activities>
                      <Cohort>
                        <ActivityCode>%s</ActivityCode>
                        <StartDate>2024-09-04</StartDate>
                        <DateAscertained>2024-09-10</DateAscertained>
                        <DateVerified>2024-10-01</DateVerified>
                        <DueToLapseDate>%s</DueToLapseDate>
                        <CurrencyLapsed>N</CurrencyLapsed>
                        <PredictedEndDate>2025-07-18</PredictedEndDate>
                      </Cohort>
                    </Activities>
                    %s
                  </YoungPersonsRecord>
                """.formatted(id, GIVEN_NAMES.get(id.charAt(id.length() - 1) - '0'), personalExtra, needExtra, activityCode,
                dueToLapse, recordExtra);
    }

    private static String clean(String id) {
        return person(id, "", "", "230", "2025-06-30", "");
    }

    private record Read(List<RecordMapper.Outcome> outcomes) {
        RecordMapper.Outcome get(int i) {
            return outcomes.get(i);
        }

        List<RecordIssue> issues(int i) {
            RecordMapper.Outcome o = outcomes.get(i);
            return o.record() == null ? o.rejects() : o.record().warnings();
        }
    }

    private Read read(String... records) throws Exception {
        String xml = HEADER + String.join("", records) + "</NCCIS>\n";
        List<RecordMapper.Outcome> out = new ArrayList<>();
        try (NccisXmlSource source = NccisXmlSource.open("test.xml",
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), mapping.sourceColumns(), mapping.ignored(),
                65_536)) {
            RecordMapper mapper = RecordMapper.bind(mapping, source.layout(), new ValueParser(codeLists),
                    LocalDate.of(2025, 2, 3), List.of(appendixD.start(source.fileHeader())));
            for (SourceRecord r = source.next(); r != null; r = source.next()) {
                out.add(mapper.map(r));
            }
        }
        return new Read(out);
    }

    private static List<Integer> numbers(List<RecordIssue> issues) {
        return issues.stream().map(RecordIssue::dfeError).toList();
    }

    @Test
    void aCleanRecordWithAnAddressStartingOnItsSecondLineHasNoIssue() throws Exception {
        Read read = read(clean("9250000000001"));
        assertThat(read.issues(0)).isEmpty();
        assertThat((String) read.get(0).record().get(CommonField.TOWN)).isEqualTo("Northmere");
    }

    @Test
    void characteristicsAreReadInBothLayoutsCcisExportsUse() throws Exception {
        Read read = read(
                person("9250000000001", "", "<Characteristics><CharacteristicCode>120</CharacteristicCode>"
                        + "<CharacteristicCode>140</CharacteristicCode></Characteristics>", "230", "2025-06-30", ""),
                person("9250000000002", "", "", "230", "2025-06-30", "<CharacteristicCode>160</CharacteristicCode>"));
        assertThat(read.get(0).record().characteristics()).extracting(CharacteristicFact::code).containsExactly("120", "140");
        assertThat(read.get(0).record().reportsFullCharacteristicList()).isTrue();
        assertThat(read.get(1).record().characteristics()).extracting(CharacteristicFact::code).containsExactly("160");
        assertThat(read.issues(0)).isEmpty();
    }

    @Test
    void aNestedCharacteristicMeetsTheActivityRuleThatNeedsIt() throws Exception {
        // 620 (carer) needs characteristic 140: sent inside LevelOfNeed it must count (235/234/233 falsely fired before)
        String carer = person("9250000000001", "", "<Characteristics><CharacteristicCode>140</CharacteristicCode>"
                + "</Characteristics>", "620", "", "").replace("<PredictedEndDate>2025-07-18</PredictedEndDate>", "")
                .replace("<StartDate>2024-09-04</StartDate>", "<StartDate>2024-09-04</StartDate><NEETStartDate>2024-09-04</NEETStartDate>");
        assertThat(numbers(read(carer).issues(0))).doesNotContain(233);
    }

    @Test
    void anElementTheMappingDoesNotReadIsNamedOncePerFile() throws Exception {
        Read read = read(
                person("9250000000001", "<YouthContractStartDate>2024-01-01</YouthContractStartDate>", "", "230",
                        "2025-06-30", "<Extras><Note>x</Note></Extras>"),
                person("9250000000002", "<YouthContractStartDate>2024-01-01</YouthContractStartDate>", "", "230",
                        "2025-06-30", "<Extras><Note>y</Note></Extras>"));
        List<RecordIssue> first = read.issues(0);
        assertThat(first).extracting(RecordIssue::rule).containsOnly("element-not-mapped");
        assertThat(first).extracting(RecordIssue::column)
                .containsExactly("PersonalDetails/YouthContractStartDate", "Extras");
        assertThat(first.get(0).reason()).contains("mappings/feeds/nccis-xml.yaml").contains("ignore");
        assertThat(read.issues(1)).as("named once per file").isEmpty();
    }

    @Test
    void anElementListedUnderIgnoreIsNotNamed() throws Exception {
        FeedMapping ignoring = new FeedMapping(mapping.feedId(), mapping.file(), mapping.description(), mapping.format(),
                mapping.encoding(), mapping.delimiter(), mapping.primaryIdentifiers(), mapping.fields(),
                mapping.characteristics(), mapping.checks(), List.of("PersonalDetails/YouthContractStartDate"),
                mapping.optionalSections());
        String xml = HEADER + person("9250000000001", "<YouthContractStartDate>2024-01-01</YouthContractStartDate>", "",
                "230", "2025-06-30", "") + "</NCCIS>\n";
        try (NccisXmlSource source = NccisXmlSource.open("test.xml",
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), ignoring.sourceColumns(), ignoring.ignored(),
                65_536)) {
            assertThat(source.next().unmapped()).isEmpty();
        }
    }

    @Test
    void aControlCharacterInTheDoctypeRefusesTheFileRatherThanFailingEveryPoll() {
        byte[] xml = "<!DOCTYPE NCCIS [\u0001]><NCCIS/>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> NccisXmlSource.open("doctype.xml", new ByteArrayInputStream(xml), mapping.sourceColumns(),
                mapping.ignored(), 65_536).next()).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("not readable as NCCIS XML");
    }

    @Test
    @Timeout(60)
    void elementsNestedAHundredThousandDeepInARecordBreakTheFileThereAndKeepTheRecordsBefore() throws Exception {
        String deep = person("9250000000002", "", "", "230", "2025-06-30", "<Extras>" + "<x>".repeat(100_000) + "v"
                + "</x>".repeat(100_000) + "</Extras>");
        String xml = HEADER + clean("9250000000001") + deep + clean("9250000000003") + "</NCCIS>\n";
        try (NccisXmlSource source = NccisXmlSource.open("deep.xml",
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), mapping.sourceColumns(), mapping.ignored(),
                65_536)) {
            assertThat(source.next().element()).isEqualTo("YoungPersonsRecord[1]");
            assertThatThrownBy(source::next).isInstanceOf(FileBreaksException.class)
                    .satisfies(e -> assertThat(((FileBreaksException) e).rule()).isEqualTo("nested-too-deep"))
                    .hasMessageContaining("nested more than " + NccisXmlSource.MAX_DEPTH + " deep");
        }
    }

    @Test
    @Timeout(60)
    void aFileNestedDeepBeforeItsRecordsIsRefusedWhole() throws Exception {
        String xml = HEADER.replace("</FileHeader>", "</FileHeader>" + "<a>".repeat(100_000)) + "</NCCIS>";
        try (NccisXmlSource source = NccisXmlSource.open("deep.xml",
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), mapping.sourceColumns(), mapping.ignored(),
                65_536)) {
            assertThatThrownBy(source::next).isInstanceOf(FileBreaksException.class).hasMessageContaining("nested more than");
        } catch (UnreadableFileException refusedAtOpen) {
            assertThat(refusedAtOpen).hasMessageContaining("nested more than");
        }
    }

    @Test
    void aRecordWithNoActivitiesIsReportedOnceNotOncePerActivityElement() throws Exception {
        String noActivity = person("9250000000001", "", "", "230", "2025-06-30", "").replaceAll("(?s)<Activities>.*</Activities>", "");
        assertThat(numbers(read(noActivity).issues(0))).as("240, not 200, 202, 203 and 220 too").containsExactly(240);
        String emptyActivity = person("9250000000001", "", "", "230", "2025-06-30", "")
                .replaceAll("(?s)<Cohort>.*</Cohort>", "<Cohort><StartDate>2024-09-04</StartDate></Cohort>");
        assertThat(numbers(read(emptyActivity).issues(0))).as("an activity that is there is checked element by element")
                .contains(200, 203, 220).doesNotContain(240);
    }

    @Test
    void datesThatAreNotIsoAreNotDatesInAnNccisFile() throws Exception {
        Read read = read(person("9250000000001", "", "", "230", "30/06/2025", ""));
        RecordIssue invalid = read.issues(0).get(0);
        assertThat(invalid.dfeError()).isEqualTo(244);
        assertThat(invalid.value()).isEqualTo("30/06/2025");
        assertThat(read.get(0).record().has(CommonField.DUE_TO_LAPSE_DATE)).isFalse();
        assertThat(numbers(read.issues(0))).as("an invalid date is not also a missing one").doesNotContain(243);
    }

    @Test
    void activity720IsNotInTheCurrentListWhichNamesItsEdition() throws Exception {
        Read read = read(person("9250000000001", "", "", "720", "2025-06-30", ""));
        RecordIssue issue = read.issues(0).stream().filter(i -> Integer.valueOf(201).equals(i.dfeError())).findFirst().orElseThrow();
        assertThat(issue.reason()).contains(codeLists.get("activity").edition());
    }

    @Test
    void aGuaranteeStatusOutsideTheListIs27() throws Exception {
        Read read = read(person("9250000000001", "", "", "230", "2025-06-30",
                "<SeptemberGuarantee><Year11><GuaranteeStatus>999</GuaranteeStatus><LEACode>925</LEACode></Year11>"
                        + "</SeptemberGuarantee>"));
        assertThat(numbers(read.issues(0))).containsExactly(27);
    }

    @Test
    void everyProblemNamesTheRecordsOwnKey() throws Exception {
        Read read = read(
                person("9250000000001", "<Gender>Q</Gender>", "", "230", "", ""),
                person("8730000000002", "", "", "230", "2025-06-30", ""));
        assertThat(read.issues(0)).isNotEmpty().extracting(RecordIssue::recordKey).containsOnly("9250000000001");
        assertThat(read.get(1).record()).as("903 quarantines").isNull();
        assertThat(read.issues(1)).isNotEmpty().extracting(RecordIssue::recordKey).containsOnly("8730000000002");
    }

    @Test
    void theFileHeaderIsReadForTheChecks() throws Exception {
        try (NccisXmlSource source = NccisXmlSource.open("test.xml", new ByteArrayInputStream((HEADER + "</NCCIS>")
                .getBytes(StandardCharsets.UTF_8)), mapping.sourceColumns(), mapping.ignored(), 65_536)) {
            Map<String, String> header = source.fileHeader();
            assertThat(header).containsEntry("DatabaseID", "925").containsEntry("PeriodEnd", "2025-01-31");
            assertThat(source.next()).isNull();
        }
    }
}
