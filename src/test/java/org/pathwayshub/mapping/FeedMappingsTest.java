package org.pathwayshub.mapping;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.MappingFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading mapping files, and saying which file and key is at fault when one is wrong. */
class FeedMappingsTest {

    private static final String FILE = "mappings/feeds/test-feed.yaml";

    private final HubConfigFiles files = new HubConfigFiles(new HubProperties());
    private final FeedMappings mappings = new FeedMappings(files, new CodeLists(files));

    private FeedMapping parse(String path, String yaml) throws Exception {
        return mappings.parse(path, HubConfigFiles.YAML.readTree(yaml));
    }

    private FeedMapping parse(String yaml) throws Exception {
        return parse(FILE, yaml);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String yaml, String key) {
        return assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(FILE + ": " + key + ": expected ");
    }

    private static String feed(String fields) {
        return "feed: test-feed\nprimaryIdentifier: person.upn\nfields:\n" + fields;
    }

    @Test
    void theShippedSchoolCensusMappingParses() throws Exception {
        String path = "mappings/feeds/school-census.yaml";
        FeedMapping census = parse(path, Files.readString(Path.of(path)));
        assertThat(census.feedId()).isEqualTo("school-census");
        assertThat(census.file()).isEqualTo(path);
        assertThat(census.encoding()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(census.delimiter()).isEqualTo(',');
        assertThat(census.primaryIdentifier()).isEqualTo(CommonField.UPN);
        assertThat(census.fields()).hasSize(13);
        assertThat(census.requiredColumns()).extracting(FieldMapping::column)
                .containsExactly("UPN", "Forename", "Surname", "DOB", "LAEstab", "CensusDate");
        FieldMapping gender = census.fields().stream().filter(f -> f.field() == CommonField.GENDER).findFirst().orElseThrow();
        assertThat(gender.codeList()).isEqualTo("gender");
        assertThat(gender.rejectInvalid()).as("an optional field warns").isFalse();
    }

    @Test
    void theShippedAttendanceMappingParses() throws Exception {
        String path = "mappings/feeds/attendance.yaml";
        FeedMapping attendance = parse(path, Files.readString(Path.of(path)));
        assertThat(attendance.feedId()).isEqualTo("attendance");
        assertThat(attendance.primaryIdentifier()).isEqualTo(CommonField.UPN);
        assertThat(attendance.fields()).extracting(FieldMapping::field).containsExactly(
                CommonField.UPN, CommonField.LA_ESTAB, CommonField.PERIOD_START, CommonField.PERIOD_END,
                CommonField.SESSIONS_POSSIBLE, CommonField.SESSIONS_ATTENDED, CommonField.SUSPENSION_COUNT,
                CommonField.SUSPENSION_SESSIONS, CommonField.PERMANENT_EXCLUSION_DATE);
        assertThat(attendance.requiredColumns()).hasSize(6);
    }

    @Test
    void aFieldCanBeGivenAsJustItsColumnName() throws Exception {
        FeedMapping m = parse(feed("  person.upn: UPN\n"));
        FieldMapping upn = m.fields().get(0);
        assertThat(upn.field()).isEqualTo(CommonField.UPN);
        assertThat(upn.column()).isEqualTo("UPN");
        assertThat(upn.required()).isFalse();
        assertThat(upn.dateFormatPatterns()).containsExactly("yyyy-MM-dd", "dd/MM/yyyy");
    }

    @Test
    void readsTranslateConstantsCodesAndPerFieldDateFormats() throws Exception {
        FeedMapping m = parse("""
                feed: test-feed
                encoding: windows-1252
                delimiter: "|"
                dateFormats: dd/MM/yyyy
                fields:
                  person.upn: { column: Pupil Ref, required: true }
                  person.dob: { column: Born, dateFormats: [dd.MM.yyyy] }
                  census.date: { value: 03/10/2024 }
                  census.fsm: { column: Free Meals, translate: { "Eligible ": "true", NOT ELIGIBLE: "false" } }
                  census.firstLanguage: { column: Language, codes: gender, onInvalid: reject }
                """);
        assertThat(m.encoding().name()).isEqualTo("windows-1252");
        assertThat(m.delimiter()).isEqualTo('|');
        assertThat(m.primaryIdentifier()).as("optional").isNull();
        assertThat(m.fields().get(1).dateFormatPatterns()).containsExactly("dd.MM.yyyy");
        assertThat(m.fields().get(2).constant()).isEqualTo("03/10/2024");
        assertThat(m.fields().get(2).source()).isEqualTo("(constant)");
        assertThat(m.fields().get(2).dateFormatPatterns()).containsExactly("dd/MM/yyyy");
        assertThat(m.fields().get(3).translate()).containsOnlyKeys("eligible", "not eligible");
        assertThat(m.fields().get(4).codeList()).isEqualTo("gender");
        assertThat(m.fields().get(4).rejectInvalid()).isTrue();
    }

    @Test
    void refusesAnUnknownCommonFieldListingTheKnownOnes() {
        assertRefused(feed("  person.upn: UPN\n  person.shoeSize: { column: Shoe }\n"), "fields.person.shoeSize")
                .hasMessageContaining("person.upn, person.uln");
    }

    @Test
    void refusesAnUnknownKeyInsideAField() {
        assertRefused(feed("  person.upn: { column: UPN, requried: true }\n"), "fields.person.upn.requried")
                .hasMessageContaining("one of");
    }

    @Test
    void refusesAnUnknownKeyAtTheTopOfTheFile() {
        assertRefused("feed: test-feed\ndelimeter: ';'\nfields:\n  person.upn: UPN\n", "delimeter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ column: CensusDate, value: 2024-10-03 }", "{ required: true }"})
    void refusesAFieldWithBothOrNeitherOfColumnAndValue(String field) {
        assertRefused(feed("  person.upn: UPN\n  census.date: " + field + "\n"), "fields.census.date")
                .hasMessageContaining("either column");
    }

    @Test
    void refusesAnUnknownCodeList() {
        assertRefused(feed("  person.upn: UPN\n  person.gender: { column: Sex, codes: sex }\n"), "fields.person.gender.codes")
                .hasMessageContaining("no list named 'sex'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-9", "UTF 8"})
    void refusesAnEncodingJavaDoesNotKnow(String encoding) {
        assertRefused("feed: test-feed\nencoding: '" + encoding + "'\nfields:\n  person.upn: UPN\n", "encoding")
                .hasMessageContaining("got '" + encoding + "'");
    }

    @Test
    void refusesABadDatePatternOnAField() {
        assertRefused(feed("  person.upn: UPN\n  person.dob: { column: DOB, dateFormats: [yyyy-MM-ddTHH] }\n"),
                "fields.person.dob.dateFormats")
                .hasMessageContaining("'yyyy-MM-ddTHH' is not one");
    }

    @Test
    void refusesABadFileLevelDatePatternNamingTheTopLevelKey() {
        assertRefused("feed: test-feed\ndateFormats: [yyyy-MM-ddTHH]\nfields:\n  person.upn: UPN\n", "dateFormats");
    }

    @Test
    void refusesAListWhereOneColumnNameBelongsNamingTheField() {
        assertRefused(feed("  person.upn: { column: [UPN, PupilNo] }\n"), "fields.person.upn.column");
    }

    @Test
    void refusesARequiredFlagThatIsNotTrueOrFalse() {
        assertRefused(feed("  person.upn: { column: UPN, required: maybe }\n"), "fields.person.upn.required");
    }

    @Test
    void refusesAPrimaryIdentifierThatIsNotMapped() {
        assertRefused("feed: test-feed\nprimaryIdentifier: person.uln\nfields:\n  person.upn: UPN\n", "primaryIdentifier")
                .hasMessageContaining("person.uln is not");
    }

    @Test
    void refusesAPrimaryIdentifierThatIsNotACommonField() {
        assertRefused("feed: test-feed\nprimaryIdentifier: upn\nfields:\n  person.upn: UPN\n", "primaryIdentifier")
                .hasMessageContaining("not 'upn'");
    }

    @Test
    void refusesAFileWithoutFeedOrFields() {
        assertRefused("fields:\n  person.upn: UPN\n", "feed");
        assertRefused("feed: test-feed\nfields: {}\n", "fields");
        assertRefused("feed: test-feed\nformat: xlsx\nfields:\n  person.upn: UPN\n", "format").hasMessageContaining("got xlsx");
        assertRefused(feed("  person.upn: { column: UPN, onInvalid: ignore }\n"), "fields.person.upn.onInvalid");
    }
}
