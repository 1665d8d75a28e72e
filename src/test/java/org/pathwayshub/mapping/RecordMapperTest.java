package org.pathwayshub.mapping;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.MappedRecord;
import org.pathwayshub.record.RecordIssue.Severity;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.record.Section;
import org.pathwayshub.record.UpnCheck;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Mapping partner records onto the common record with the shipped school-census mapping and code lists. */
class RecordMapperTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 1, 15);
    private static final String UPN = upn("925400012001");

    private final HubConfigFiles files = new HubConfigFiles(new HubProperties());
    private final CodeLists codeLists = new CodeLists(files);
    private final FeedMappings mappings = new FeedMappings(files, codeLists);
    private final FeedMapping census = mappings.get("school-census");
    private final ValueParser parser = new ValueParser(codeLists);

    /** A fictional pupil as the standard census extract has it, column by column in header order. */
    private static Map<String, String> pupil() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("UPN", UPN);
        p.put("Forename", "Amy");
        p.put("MiddleNames", "");
        p.put("Surname", "Testpupil");
        p.put("DOB", "2009-03-14");
        p.put("Gender", "F");
        p.put("Postcode", "NM1 2AB");
        p.put("LAEstab", "9254000");
        p.put("NCYearActual", "10");
        p.put("FSMEligible", "true");
        p.put("SENProvision", "K");
        p.put("FirstLanguage", "ENG");
        p.put("CensusDate", "2024-10-03");
        return p;
    }

    private static String upn(String body) {
        return UpnCheck.checkLetter(body) + body;
    }

    private static SourceLayout layout(Map<String, String> row) {
        return new SourceLayout(new ArrayList<>(row.keySet()));
    }

    private static SourceRecord record(long line, Map<String, String> row) {
        return new SourceRecord(line, null, row.values().toArray(String[]::new), null);
    }

    private RecordMapper.Outcome map(Map<String, String> row) throws LayoutMismatchException {
        return RecordMapper.bind(census, layout(row), parser, TODAY).map(record(2, row));
    }

    private static Map<String, String> with(String column, String value) {
        Map<String, String> row = pupil();
        row.put(column, value);
        return row;
    }

    private static Map<CommonField, Object> recorded(MappedRecord r) {
        Map<CommonField, Object> present = new LinkedHashMap<>();
        r.values().forEach((f, v) -> {
            if (v != null) {
                present.put(f, v);
            }
        });
        return present;
    }

    private static String key(RecordMapper.Outcome outcome) {
        return HexFormat.of().formatHex(outcome.record().key());
    }

    @Test
    void mapsAValidRecordToTypedValues() throws Exception {
        RecordMapper.Outcome outcome = map(pupil());
        assertThat(outcome.rejected()).isFalse();
        MappedRecord r = outcome.record();
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.<String>get(CommonField.UPN)).isEqualTo(UPN);
        assertThat(r.<LocalDate>get(CommonField.DOB)).isEqualTo(LocalDate.of(2009, 3, 14));
        assertThat(r.<Boolean>get(CommonField.FSM)).isTrue();
        assertThat(r.<Integer>get(CommonField.NC_YEAR)).isEqualTo(10);
        assertThat(r.<String>get(CommonField.LA_ESTAB)).isEqualTo("9254000");
        assertThat(r.<LocalDate>get(CommonField.CENSUS_DATE)).isEqualTo(LocalDate.of(2024, 10, 3));
        assertThat(r.has(CommonField.MIDDLE_NAMES)).isFalse();
        assertThat(r.sections()).containsExactlyInAnyOrder(Section.PERSON, Section.SCHOOL, Section.CENSUS);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void matchesHeaderNamesIgnoringCaseAndSurroundingSpacesInAnyOrder() throws Exception {
        Map<String, String> standard = pupil();
        List<String> columns = new ArrayList<>(standard.keySet());
        Collections.reverse(columns);
        Map<String, String> shuffled = new LinkedHashMap<>();
        for (String c : columns) {
            String header = switch (c) {
                case "UPN" -> "  upn ";
                case "DOB" -> "dob";
                case "FSMEligible" -> " FSMELIGIBLE";
                default -> c.toLowerCase();
            };
            shuffled.put(header, standard.get(c));
        }
        RecordMapper.Outcome outcome = map(shuffled);
        assertThat(outcome.rejected()).isFalse();
        assertThat(recorded(outcome.record())).isEqualTo(recorded(map(standard).record()));
    }

    @Test
    void optionalColumnsMayBeAbsentFromTheFile() throws Exception {
        Map<String, String> row = pupil();
        row.remove("Gender");
        row.remove("FirstLanguage");
        RecordMapper.Outcome outcome = map(row);
        assertThat(outcome.rejected()).isFalse();
        assertThat(outcome.record().has(CommonField.GENDER)).isFalse();
    }

    @Test
    void aMissingRequiredColumnIsALayoutMismatchNamingTheColumn() {
        Map<String, String> row = pupil();
        row.remove("DOB");
        row.remove("LAEstab");
        assertThatThrownBy(() -> RecordMapper.bind(census, layout(row), parser, TODAY))
                .isInstanceOf(LayoutMismatchException.class)
                .hasMessageContaining("no column DOB, LAEstab")
                .hasMessageContaining("mappings/feeds/school-census.yaml");
    }

    @Test
    void aFileWithoutAHeaderRowIsALayoutMismatchSayingSo() {
        SourceLayout dataAsHeader = new SourceLayout(new ArrayList<>(pupil().values()));
        assertThatThrownBy(() -> RecordMapper.bind(census, dataAsHeader, parser, TODAY))
                .isInstanceOf(LayoutMismatchException.class)
                .hasMessageContaining("the first line is not a header row");
    }

    @Test
    void aColumnNamedTwiceIsALayoutMismatch() {
        List<String> header = new ArrayList<>(pupil().keySet());
        header.add("upn");
        assertThatThrownBy(() -> RecordMapper.bind(census, new SourceLayout(header), parser, TODAY))
                .isInstanceOf(LayoutMismatchException.class)
                .hasMessageContaining("'UPN' twice");
    }

    @Test
    void anInvalidUpnRejectsTheRecordNamingColumnFieldValueAndRule() throws Exception {
        String wrongLetter = (UPN.charAt(0) == 'A' ? "B" : "A") + UPN.substring(1);
        RecordMapper.Outcome outcome = map(with("UPN", wrongLetter));
        assertThat(outcome.rejected()).isTrue();
        assertThat(outcome.rejects()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(Severity.REJECT);
            assertThat(issue.line()).isEqualTo(2);
            assertThat(issue.column()).isEqualTo("UPN");
            assertThat(issue.field()).isEqualTo("person.upn");
            assertThat(issue.value()).isEqualTo(wrongLetter);
            assertThat(issue.rule()).isEqualTo("upn-check-letter");
            assertThat(issue.reason()).contains("check letter " + UPN.charAt(0));
        });
    }

    @Test
    void aUpnPlaceholderRejectsARecordThisFeedIdentifiesByUpn() throws Exception {
        RecordMapper.Outcome outcome = map(with("UPN", "UN2"));
        assertThat(outcome.rejects()).extracting(RecordIssue::rule, RecordIssue::value).containsExactly(tuple("required", "UN2"));
        assertThat(outcome.rejects().get(0).reason()).contains("stands for 'not known'");
    }

    @Test
    void aRecordWithSeveralProblemsListsEveryOne() throws Exception {
        Map<String, String> row = pupil();
        row.put("UPN", "Q207000016049");
        row.put("DOB", "31/02/2009");
        row.put("Surname", "");
        RecordMapper.Outcome outcome = map(row);
        assertThat(outcome.rejected()).isTrue();
        assertThat(outcome.rejects()).extracting(RecordIssue::column, RecordIssue::rule).containsExactlyInAnyOrder(
                tuple("UPN", "upn-check-letter"),
                tuple("DOB", "date-format"),
                tuple("Surname", "required"));
    }

    @Test
    void anInvalidSchoolIsReportedOnceNotAlsoAsMissing() throws Exception {
        RecordMapper.Outcome outcome = map(with("LAEstab", "999/4000"));
        assertThat(outcome.rejects()).extracting(RecordIssue::column, RecordIssue::rule)
                .containsExactly(tuple("LAEstab", "laestab-la"));
    }

    @Test
    void anInvalidOptionalValueKeepsTheRecordWithoutItAndWarns() throws Exception {
        RecordMapper.Outcome outcome = map(with("Gender", "Q"));
        assertThat(outcome.rejected()).isFalse();
        MappedRecord r = outcome.record();
        assertThat(r.has(CommonField.GENDER)).isFalse();
        assertThat(r.<String>get(CommonField.UPN)).isEqualTo(UPN);
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.severity()).isEqualTo(Severity.WARNING);
            assertThat(w.column()).isEqualTo("Gender");
            assertThat(w.field()).isEqualTo("person.gender");
            assertThat(w.value()).isEqualTo("Q");
            assertThat(w.rule()).isEqualTo("code-unknown");
            assertThat(w.reason()).contains("F, M, U, W");
        });
    }

    @Test
    void textThatDidNotDecodeRejectsTheRecordWithRuleEncoding() throws Exception {
        RecordMapper.Outcome outcome = map(with("Surname", "Bront\uFFFD"));
        assertThat(outcome.rejects()).singleElement().satisfies(issue -> {
            assertThat(issue.rule()).isEqualTo("encoding");
            assertThat(issue.column()).isEqualTo("Surname");
            assertThat(issue.reason()).contains("UTF-8").contains("mappings/feeds/school-census.yaml");
        });
    }

    @Test
    void aRecordThatCouldNotBeReadWholeRejectsWithRuleRecordShape() throws Exception {
        RecordMapper mapper = RecordMapper.bind(census, layout(pupil()), parser, TODAY);
        String problem = "2 fields where the header has 13";
        RecordMapper.Outcome outcome = mapper.map(new SourceRecord(7, null, new String[] {UPN, "Amy"}, problem));
        assertThat(outcome.rejected()).isTrue();
        assertThat(outcome.rejects()).extracting(RecordIssue::line, RecordIssue::rule, RecordIssue::reason)
                .containsExactly(tuple(7L, "record-shape", problem));
    }

    @Test
    void aDateOfBirthInTheFutureRejectsTheRecord() throws Exception {
        RecordMapper.Outcome outcome = map(with("DOB", TODAY.plusDays(1).toString()));
        assertThat(outcome.rejects()).extracting(RecordIssue::column, RecordIssue::rule).containsExactly(tuple("DOB", "dob-future"));
        assertThat(map(with("DOB", TODAY.toString())).rejected()).isFalse();
    }

    @Test
    void aDateOfBirthNoYoungPersonCouldHaveIsStoredWithAWarning() throws Exception {
        RecordMapper.Outcome outcome = map(with("DOB", "1900-01-01"));
        assertThat(outcome.rejected()).isFalse();
        assertThat(outcome.record().warnings()).extracting(RecordIssue::column, RecordIssue::rule, RecordIssue::value)
                .containsExactly(tuple("DOB", "dob-implausible", "1900-01-01"));
        assertThat(map(with("DOB", TODAY.minusYears(25).toString())).record().warnings()).isEmpty();
    }

    @Test
    void controlCharactersAndBidirectionalOverridesInTextRejectTheRecord() throws Exception {
        for (String[] hidden : new String[][] {{"Next\u0085Line", "U+0085"}, {"\u202Egnp.exe", "U+202E"},
                {"Ab\u2067cd", "U+2067"}, {"Ri\u0007ng", "U+0007"}}) {
            RecordMapper.Outcome outcome = map(with("Surname", hidden[0]));
            assertThat(outcome.rejects()).as(hidden[1]).singleElement().satisfies(issue -> {
                assertThat(issue.rule()).isEqualTo("encoding");
                assertThat(issue.column()).isEqualTo("Surname");
                assertThat(issue.reason()).contains(hidden[1]);
            });
        }
        assertThat(map(with("Surname", "Brontë-O'Neill \u05DB\u05D4\u05DF")).rejected()).as("accents and Hebrew").isFalse();
    }

    @Test
    void aCensusDateYearsAheadRejectsTheRecord() throws Exception {
        RecordMapper.Outcome outcome = map(with("CensusDate", "2100-10-07"));
        assertThat(outcome.rejects()).extracting(RecordIssue::column, RecordIssue::rule, RecordIssue::value)
                .containsExactly(tuple("CensusDate", "census-date-future", "2100-10-07"));
        assertThat(map(with("CensusDate", TODAY.plusDays(3).toString())).rejected()).as("a census a few days ahead").isFalse();
    }

    @Test
    void theSameContentHasTheSameKeyWhateverLineItIsOnAndADifferentValueADifferentKey() throws Exception {
        RecordMapper mapper = RecordMapper.bind(census, layout(pupil()), parser, TODAY);
        String onLine2 = key(mapper.map(record(2, pupil())));
        String onLine900 = key(mapper.map(record(900, pupil())));
        String notFsm = key(mapper.map(record(2, with("FSMEligible", "false"))));
        String otherPupil = key(mapper.map(record(2, with("UPN", upn("925400012002")))));
        assertThat(onLine900).isEqualTo(onLine2);
        assertThat(notFsm).isNotEqualTo(onLine2);
        assertThat(otherPupil).isNotEqualTo(onLine2).isNotEqualTo(notFsm);
    }

    @Test
    void theSamePupilInAnotherLayoutMapsToTheSameValuesAndKey() throws Exception {
        FeedMapping variant = mappings.parse("mappings/feeds/school-census-variant.yaml", HubConfigFiles.YAML.readTree("""
                feed: school-census
                primaryIdentifier: person.upn
                dateFormats: [dd/MM/yyyy]
                fields:
                  census.date:          { value: 03/10/2024 }
                  school.laEstab:       { column: DfE Number, required: true }
                  person.upn:           { column: Pupil Number, required: true }
                  person.familyName:    { column: Last Name, required: true }
                  person.givenName:     { column: First Name, required: true }
                  person.dob:           { column: Date of Birth, required: true }
                  person.gender:        { column: Sex, translate: { "1": M, "2": F } }
                  person.postcode:      { column: Post Code }
                  census.ncYear:        { column: Year Group }
                  census.fsm:           { column: Free School Meals, translate: { Eligible: Y, Not eligible: N } }
                  census.senProvision:  { column: SEN, translate: { SEN Support: K, EHCP: E, None: N } }
                  census.firstLanguage: { column: Home Language }
                """));
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Home Language", "eng");
        row.put("SEN", "SEN Support");
        row.put("Free School Meals", "Eligible");
        row.put("Year Group", "10");
        row.put("DfE Number", "925/4000");
        row.put("Post Code", "nm12ab");
        row.put("Sex", "2");
        row.put("Date of Birth", "14/03/2009");
        row.put("Last Name", "Testpupil");
        row.put("First Name", "Amy");
        row.put("Pupil Number", " " + UPN.toLowerCase() + " ");

        RecordMapper.Outcome theirs = RecordMapper.bind(variant, layout(row), parser, TODAY).map(record(41, row));
        RecordMapper.Outcome ours = map(pupil());
        assertThat(theirs.rejects()).isEmpty();
        assertThat(theirs.record().warnings()).isEmpty();
        assertThat(recorded(theirs.record())).isEqualTo(recorded(ours.record()));
        assertThat(key(theirs)).isEqualTo(key(ours));
    }
}
