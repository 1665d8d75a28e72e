package org.pathwayshub.mapping;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.UpnCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How a partner's text value is read as each common field type. Code lists are built here, small and explicit. */
class ValueParserTest {

    private static final List<String> DATE_PATTERNS = List.of("yyyy-MM-dd", "dd/MM/yyyy");

    private final ValueParser parser = new ValueParser(CodeLists.of(Map.of(
            "la-codes", list("la-codes", null, "801", "207", "391", "925"),
            "gender", list("gender", null, "F", "M", "U", "W"),
            "sen-provision", list("sen-provision", null, "N", "K", "E"),
            "first-language", list("first-language", Pattern.compile("[A-Z]{3,4}"), "ENG", "ENB", "OTH", "NOT", "REF"))));

    private static CodeList list(String name, Pattern pattern, String... codes) {
        Map<String, CodeList.Code> map = new LinkedHashMap<>();
        Arrays.stream(codes).forEach(c -> map.put(c, new CodeList.Code(c, c, Map.of())));
        return new CodeList(name, map, pattern, Map.of());
    }

    /** A field as FeedMappings builds it from {@code field: { column: X }}, with an optional translation table. */
    private static FieldMapping field(CommonField field, Map<String, String> translate) {
        List<DateTimeFormatter> formats = DATE_PATTERNS.stream()
                .map(p -> DateTimeFormatter.ofPattern(p.replace('y', 'u'), Locale.UK).withResolverStyle(ResolverStyle.STRICT))
                .toList();
        return new FieldMapping(field, "X", null, false, translate, DATE_PATTERNS, formats, field.codeList(), false, null, null);
    }

    private static FieldMapping field(CommonField field) {
        return field(field, Map.of());
    }

    private Object parse(CommonField f, String raw) throws InvalidValue {
        return parser.parse(field(f), raw);
    }

    private InvalidValue invalid(CommonField f, String raw) {
        InvalidValue e = catchThrowableOfType(() -> parse(f, raw), InvalidValue.class);
        assertThat(e).as("%s '%s' should be rejected", f.key(), raw).isNotNull();
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyValueIsNotRecordedWhateverTheType(String raw) throws InvalidValue {
        for (CommonField f : CommonField.values()) {
            assertThat(parse(f, raw)).as(f.key()).isNull();
        }
        assertThat(parse(CommonField.DOB, null)).isNull();
    }

    @Test
    void readsIsoAndDayMonthYearDates() throws InvalidValue {
        assertThat(parse(CommonField.DOB, "2011-02-28")).isEqualTo(LocalDate.of(2011, 2, 28));
        assertThat(parse(CommonField.DOB, "28/02/2011")).isEqualTo(LocalDate.of(2011, 2, 28));
        assertThat(parse(CommonField.DOB, " 29/02/2012 ")).isEqualTo(LocalDate.of(2012, 2, 29));
    }

    @ParameterizedTest
    @ValueSource(strings = {"31/02/2011", "2011-02-31", "29/02/2011", "2011-13-01", "28-02-2011", "yesterday"})
    void rejectsAnImpossibleOrUnreadableDateNamingTheFormats(String raw) {
        InvalidValue e = invalid(CommonField.DOB, raw);
        assertThat(e.rule()).isEqualTo("date-format");
        assertThat(e.expected()).isEqualTo("a date as yyyy-MM-dd or dd/MM/yyyy");
    }

    @Test
    void rejectsADateOutsideTheYears1900To2100() {
        assertThat(invalid(CommonField.DOB, "31/12/1899").rule()).isEqualTo("date-range");
        assertThat(invalid(CommonField.DOB, "2101-01-01").rule()).isEqualTo("date-range");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "false,false", "Y,true", "N,false", "yes,true", "no,false", "YES,true", "No,false",
            "1,true", "0,false"})
    void readsTheUsualSpellingsOfABoolean(String raw, boolean expected) throws InvalidValue {
        assertThat(parse(CommonField.FSM, raw)).isEqualTo(expected);
    }

    @Test
    void rejectsAnythingElseAsABoolean() {
        assertThat(invalid(CommonField.FSM, "maybe").rule()).isEqualTo("boolean-format");
        assertThat(invalid(CommonField.FSM, "2").rule()).isEqualTo("boolean-format");
    }

    @ParameterizedTest
    @CsvSource({"R,0", "r,0", "N1,-2", "N2,-1", "1,1", "7,7", "14,14"})
    void readsNationalCurriculumYears(String raw, int expected) throws InvalidValue {
        assertThat(parse(CommonField.NC_YEAR, raw)).isEqualTo(expected);
    }

    @Test
    void yearXMeansNotFollowingTheCurriculumAndIsNotRecorded() throws InvalidValue {
        assertThat(parse(CommonField.NC_YEAR, "X")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"15", "0", "-1", "N3", "Y7"})
    void rejectsAnNcYearOutsideN1N2R1To14(String raw) {
        InvalidValue e = invalid(CommonField.NC_YEAR, raw);
        assertThat(e.rule()).isEqualTo("nc-year");
        assertThat(e.expected()).contains("N1, N2, R, 1 to 14, or X");
    }

    @ParameterizedTest
    @CsvSource({"nm12ab,NM1 2AB", "NM1 2AB,NM1 2AB", "n m 1 2 a b,NM1 2AB", "sw1a1aa,SW1A 1AA", "b338th,B33 8TH"})
    void normalisesPostcodesToUpperCaseWithOneSpaceBeforeTheInwardCode(String raw, String expected) throws InvalidValue {
        assertThat(parse(CommonField.POSTCODE, raw)).isEqualTo(expected);
    }

    @Test
    void rejectsSomethingThatIsNotAPostcode() {
        assertThat(invalid(CommonField.POSTCODE, "12345").rule()).isEqualTo("postcode-format");
        assertThat(invalid(CommonField.POSTCODE, "NM1 2A").rule()).isEqualTo("postcode-format");
    }

    @Test
    void readsLaEstabWithOrWithoutASlash() throws InvalidValue {
        assertThat(parse(CommonField.LA_ESTAB, "925/4000")).isEqualTo("9254000");
        assertThat(parse(CommonField.LA_ESTAB, "9254000")).isEqualTo("9254000");
    }

    @Test
    void rejectsALaEstabWithAnUnknownLaOrTheWrongLength() {
        InvalidValue unknownLa = invalid(CommonField.LA_ESTAB, "999/4000");
        assertThat(unknownLa.rule()).isEqualTo("laestab-la");
        assertThat(unknownLa.expected()).contains("999 is not one");
        assertThat(invalid(CommonField.LA_ESTAB, "925/400").rule()).isEqualTo("laestab-format");
    }

    @Test
    void matchesCodesIgnoringCaseAndStoresTheListsSpelling() throws InvalidValue {
        assertThat(parse(CommonField.GENDER, "f")).isEqualTo("F");
        assertThat(parse(CommonField.SEN_PROVISION, "E")).isEqualTo("E");
        assertThat(parse(CommonField.SEN_PROVISION, "k")).isEqualTo("K");
        assertThat(parse(CommonField.FIRST_LANGUAGE, "eng")).isEqualTo("ENG");
    }

    @Test
    void acceptsACodeOutsideTheListWhenItMatchesTheListsPattern() throws InvalidValue {
        assertThat(parse(CommonField.FIRST_LANGUAGE, "pol")).isEqualTo("POL");
        assertThat(invalid(CommonField.FIRST_LANGUAGE, "PO").rule()).isEqualTo("code-unknown");
    }

    @Test
    void rejectsAnUnknownCodeListingTheCodesItAccepts() {
        InvalidValue e = invalid(CommonField.GENDER, "Q");
        assertThat(e.rule()).isEqualTo("code-unknown");
        assertThat(e.expected()).isEqualTo("a code from the gender list (F, M, U, W)");
    }

    @Test
    void appliesThePartnersTranslationTableBeforeParsing() throws InvalidValue {
        FieldMapping fsm = field(CommonField.FSM, Map.of("yes", "true", "no", "false", "eligible", "true", "not eligible", "false"));
        assertThat(parser.parse(fsm, "Yes")).isEqualTo(true);
        assertThat(parser.parse(fsm, "No")).isEqualTo(false);
        assertThat(parser.parse(fsm, " Not Eligible ")).as("not a boolean until translated").isEqualTo(false);
        assertThat(parser.parse(fsm, "Y")).as("values not in the table pass through").isEqualTo(true);

        FieldMapping gender = field(CommonField.GENDER, Map.of("1", "M", "2", "F"));
        assertThat(parser.parse(gender, "2")).isEqualTo("F");
        assertThatThrownBy(() -> parser.parse(gender, "3")).isInstanceOf(InvalidValue.class);
    }

    @Test
    void aTranslationToEmptyMeansNotRecorded() throws InvalidValue {
        FieldMapping sen = field(CommonField.SEN_PROVISION, Map.of("unknown", ""));
        assertThat(parser.parse(sen, "Unknown")).isNull();
    }

    @Test
    void readsCountsAndRejectsNegativeOrFractionalOnes() throws InvalidValue {
        assertThat(parse(CommonField.SESSIONS_POSSIBLE, "0")).isEqualTo(0);
        assertThat(parse(CommonField.SESSIONS_POSSIBLE, " 38 ")).isEqualTo(38);
        assertThat(invalid(CommonField.SESSIONS_POSSIBLE, "-1").rule()).isEqualTo("count-range");
        assertThat(invalid(CommonField.SESSIONS_POSSIBLE, "2000000").rule()).isEqualTo("count-range");
        assertThat(invalid(CommonField.SESSIONS_POSSIBLE, "1.5").rule()).isEqualTo("count-format");
        assertThat(invalid(CommonField.SESSIONS_POSSIBLE, "ten").rule()).isEqualTo("count-format");
    }

    @Test
    void aUpnPlaceholderIsNotRecorded() throws InvalidValue {
        assertThat(parse(CommonField.UPN, "UN2")).isNull();
    }

    @Test
    void aValidUpnIsStoredNormalisedAndAnInvalidOneSaysWhichRule() throws InvalidValue {
        assertThat(parse(CommonField.UPN, " b801200005001")).isEqualTo("B801200005001");
        InvalidValue e = invalid(CommonField.UPN, "Q207000016049");
        assertThat(e.rule()).isEqualTo("upn-check-letter");
        assertThat(e.expected()).contains("check letter P");
    }

    @Test
    void checksUpnLaNumbersAgainstTheLaCodesList() {
        String body = "202000016049"; // 202 is a real LA number but not in this test's la-codes list
        assertThat(invalid(CommonField.UPN, UpnCheck.checkLetter(body) + body).rule()).isEqualTo("upn-la");
    }

    @Test
    void checksUlnNinoAndYoungPersonsId() throws InvalidValue {
        assertThat(parse(CommonField.ULN, "1234567890")).isEqualTo("1234567890");
        assertThat(invalid(CommonField.ULN, "0234567890").rule()).isEqualTo("uln-format");
        assertThat(parse(CommonField.NINO, "ab 12 34 56 c")).isEqualTo("AB123456C");
        assertThat(invalid(CommonField.NINO, "GB123456A").rule()).isEqualTo("nino-prefix");
        assertThat(parse(CommonField.YOUNG_PERSONS_ID, "9250000012345")).isEqualTo("9250000012345");
        assertThat(invalid(CommonField.YOUNG_PERSONS_ID, "925000001234").rule()).isEqualTo("ypid-format");
    }

    @Test
    void collapsesSpacesInNamesAndLimitsTheirLength() throws InvalidValue {
        assertThat(parse(CommonField.GIVEN_NAME, " Amy   Jo ")).isEqualTo("Amy Jo");
        assertThat(invalid(CommonField.FAMILY_NAME, "x".repeat(101)).rule()).isEqualTo("too-long");
    }
}
