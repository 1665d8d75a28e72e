package org.pathwayshub.nccis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathwayshub.record.CommonField.ACTIVITY_CODE;
import static org.pathwayshub.record.CommonField.ACTIVITY_START;
import static org.pathwayshub.record.CommonField.ADDRESS_LINE_1;
import static org.pathwayshub.record.CommonField.ADDRESS_LINE_2;
import static org.pathwayshub.record.CommonField.COHORT_STATUS;
import static org.pathwayshub.record.CommonField.CURRENCY_LAPSED;
import static org.pathwayshub.record.CommonField.DATE_ASCERTAINED;
import static org.pathwayshub.record.CommonField.DATE_VERIFIED;
import static org.pathwayshub.record.CommonField.DOB;
import static org.pathwayshub.record.CommonField.DUE_TO_LAPSE_DATE;
import static org.pathwayshub.record.CommonField.ESTABLISHMENT_NUMBER;
import static org.pathwayshub.record.CommonField.FAMILY_NAME;
import static org.pathwayshub.record.CommonField.GENDER;
import static org.pathwayshub.record.CommonField.GIVEN_NAME;
import static org.pathwayshub.record.CommonField.GUARANTEE_INDICATOR;
import static org.pathwayshub.record.CommonField.LA_AT_YEAR_11;
import static org.pathwayshub.record.CommonField.LEAD_LA;
import static org.pathwayshub.record.CommonField.NEET_START_DATE;
import static org.pathwayshub.record.CommonField.PREDICTED_END_DATE;
import static org.pathwayshub.record.CommonField.PREVIOUS_YPID;
import static org.pathwayshub.record.CommonField.REVIEW_DATE;
import static org.pathwayshub.record.CommonField.SEND;
import static org.pathwayshub.record.CommonField.SEN_SUPPORT;
import static org.pathwayshub.record.CommonField.TOWN;
import static org.pathwayshub.record.CommonField.TRANSFERRED_TO_LA;
import static org.pathwayshub.record.CommonField.ULN;
import static org.pathwayshub.record.CommonField.YEAR_11_GUARANTEE_LA;
import static org.pathwayshub.record.CommonField.YEAR_11_GUARANTEE_STATUS;
import static org.pathwayshub.record.CommonField.YEAR_12_GUARANTEE_LA;
import static org.pathwayshub.record.CommonField.YEAR_12_GUARANTEE_STATUS;
import static org.pathwayshub.record.CommonField.YOUNG_PERSONS_ID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayshub.mapping.RecordChecks.CheckedRecord;
import org.pathwayshub.mapping.RecordChecks.Run;
import org.pathwayshub.record.CharacteristicFact;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.RecordIssue.Severity;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.MappingFileException;

/**
 * NCCIS Appendix D, record by record: a record breaking one check gets that check's DfE number and no other,
 * with the project's code lists and severity file. The people are made up.
 */
class NccisAppendixDChecksTest {

    /** Tests run from the project root, which holds mappings/. */
    private static final String PROJECT = "file:" + Path.of("").toAbsolutePath() + "/";
    private static final ZoneId UK = ZoneId.of("Europe/London");
    /** The January 2025 return: academic year 2024-25, so academic age is age on 31 August 2024. */
    private static final Map<String, String> HEADER = Map.of("DatabaseID", "925", "SourceLEAs", "925, 873", "PeriodEnd", "2025-01-31");
    private static final Clock SEPTEMBER_2025 = Clock.fixed(Instant.parse("2025-09-15T09:00:00Z"), UK);

    private static final HubConfigFiles PROJECT_FILES = files(PROJECT);
    private static final CodeLists CODE_LISTS = new CodeLists(PROJECT_FILES);

    private final NccisAppendixDChecks checks = new NccisAppendixDChecks(CODE_LISTS, PROJECT_FILES, SEPTEMBER_2025);

    private static HubConfigFiles files(String location) {
        HubProperties hp = new HubProperties();
        hp.setConfigLocation(location);
        return new HubConfigFiles(hp);
    }

    /**
     * A young person NCCIS has nothing to say about: in Year 12 (born March 2008), at a further education
     * college since September 2024, verified in October, currency due to lapse in June. The address has no first
     * line, as in CCIS exports that start it on the second: it is still an address (31 is for none at all).
     *
     * @param changes field, value pairs applied to the valid record; a null value removes the field
     */
    private static CheckedRecord person(Object... changes) {
        Map<CommonField, Object> v = new EnumMap<>(CommonField.class);
        v.put(YOUNG_PERSONS_ID, "9250000000001");
        v.put(ULN, "1000000001");
        v.put(GIVEN_NAME, "Amy");
        v.put(FAMILY_NAME, "Testperson");
        v.put(DOB, date("2008-03-14"));
        v.put(GENDER, "F");
        v.put(ADDRESS_LINE_2, "1 Test Street");
        v.put(TOWN, "Northmere");
        v.put(COHORT_STATUS, "P");
        v.put(LEAD_LA, "925");
        v.put(LA_AT_YEAR_11, "925");
        v.put(SEND, false);
        v.put(SEN_SUPPORT, false);
        v.put(ACTIVITY_CODE, "230");
        v.put(ACTIVITY_START, date("2024-09-04"));
        v.put(DATE_ASCERTAINED, date("2024-09-10"));
        v.put(DATE_VERIFIED, date("2024-10-01"));
        v.put(REVIEW_DATE, date("2025-03-01"));
        v.put(DUE_TO_LAPSE_DATE, date("2025-06-30"));
        v.put(CURRENCY_LAPSED, false);
        v.put(ESTABLISHMENT_NUMBER, "9254001");
        v.put(PREDICTED_END_DATE, date("2025-07-18"));
        v.put(YEAR_11_GUARANTEE_STATUS, "110");
        v.put(YEAR_11_GUARANTEE_LA, "925");
        for (int i = 0; i < changes.length; i += 2) {
            CommonField field = (CommonField) changes[i];
            Object value = changes[i + 1] instanceof String s && s.matches("\\d{4}-\\d\\d-\\d\\d") ? date(s) : changes[i + 1];
            if (value == null) {
                v.remove(field);
            } else {
                v.put(field, value);
            }
        }
        return new CheckedRecord(1, "YoungPersonsRecord", v, List.of(), Map.of());
    }

    /** The valid young person, NEET since the day their current activity started. */
    private static CheckedRecord neet(String activity, Object... changes) {
        Object[] neet = {ACTIVITY_CODE, activity, NEET_START_DATE, "2024-09-04"};
        Object[] all = Arrays.copyOf(neet, neet.length + changes.length);
        System.arraycopy(changes, 0, all, neet.length, changes.length);
        return person(all);
    }

    private static CheckedRecord withCharacteristics(CheckedRecord r, String... codes) {
        List<CharacteristicFact> facts = Arrays.stream(codes).map(c -> new CharacteristicFact(c, null, null)).toList();
        return new CheckedRecord(r.line(), r.element(), r.values(), facts, r.columns());
    }

    /** The record as read when the partner sent a value for the field that is not valid: what was sent, no value. */
    private static CheckedRecord sending(CheckedRecord r, CommonField field, String invalid) {
        Map<CommonField, Object> values = new EnumMap<>(CommonField.class);
        values.putAll(r.values());
        values.remove(field);
        return new CheckedRecord(r.line(), r.element(), values, r.characteristics(), r.columns(), Map.of(field, invalid));
    }

    private static CheckedRecord atLine(long line, CheckedRecord r) {
        return new CheckedRecord(line, r.element(), r.values(), r.characteristics(), r.columns());
    }

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    private List<RecordIssue> check(CheckedRecord record) {
        return checks.start(HEADER).check(record);
    }

    private static List<Integer> numbers(List<RecordIssue> issues) {
        return issues.stream().map(RecordIssue::dfeError).toList();
    }

    /** The record breaks exactly one check: that one is reported, as a warning unless the severity file rejects it. */
    private void assertOnly(int dfe, CheckedRecord record) {
        List<RecordIssue> issues = check(record);
        assertThat(numbers(issues)).as("DfE numbers").containsExactly(dfe);
        assertThat(issues.get(0).rule()).isEqualTo("dfe-" + dfe);
        assertThat(issues.get(0).reason()).as("reason").contains(":").doesNotContain("Amy", "Testperson");
    }

    @Test
    void theValidRecordsGetNothing() {
        assertThat(check(person())).isEmpty();
        assertThat(check(neet("619"))).isEmpty();
        assertThat(check(withCharacteristics(neet("650"), "180"))).isEmpty();
        assertThat(check(person(COHORT_STATUS, "G", GUARANTEE_INDICATOR, "Y"))).isEmpty();
        assertThat(check(person(COHORT_STATUS, "T", TRANSFERRED_TO_LA, "873"))).isEmpty();
    }

    @Test
    void theChecksAreNamedForMappingFiles() {
        assertThat(checks.name()).isEqualTo("nccis-appendix-d");
    }

    @Nested
    class Identity {

        @Test
        void e903_youngPersonsIdFromAnotherDatabase() {
            assertOnly(903, person(YOUNG_PERSONS_ID, "8730000000001"));
        }

        @Test
        void e902_sameYoungPersonsIdTwice_theSecondAndLaterOccurrences() {
            Run run = checks.start(HEADER);
            assertThat(run.check(person())).isEmpty();
            List<RecordIssue> second = run.check(atLine(7, person(ULN, "1000000002", GIVEN_NAME, "Beth")));
            assertThat(numbers(second)).containsExactly(902);
            assertThat(second.get(0).reason()).contains("line 1");
            assertThat(numbers(run.check(atLine(9, person(GIVEN_NAME, "Cara"))))).containsExactly(902);
        }

        @Test
        void e907_oneUlnOnTwoYoungPeople() {
            Run run = checks.start(HEADER);
            assertThat(run.check(person())).isEmpty();
            List<RecordIssue> second = run.check(atLine(2, person(YOUNG_PERSONS_ID, "9250000000002", GIVEN_NAME, "Beth")));
            assertThat(numbers(second)).containsExactly(907);
            assertThat(second.get(0).field()).isEqualTo("person.uln");
            assertThat(second.get(0).reason()).contains("line 1").contains("YoungPersonsID 9250000000001");
        }

        @Test
        void e908_sameNamesAndDateOfBirthOnAnotherYoungPersonsId_caseIgnored() {
            Run run = checks.start(HEADER);
            assertThat(run.check(person())).isEmpty();
            List<RecordIssue> second = run.check(atLine(2, person(YOUNG_PERSONS_ID, "9250000000002", ULN, "1000000002",
                    GIVEN_NAME, "AMY", FAMILY_NAME, "testperson")));
            assertThat(numbers(second)).containsExactly(908);
            assertThat(second.get(0).reason()).contains("line 1").doesNotContainIgnoringCase("amy").doesNotContainIgnoringCase("testperson");
            assertThat(second.get(0).value()).isEqualTo("9250000000002");
        }

        @Test
        void e908_notRaisedForADifferentDateOfBirth() {
            Run run = checks.start(HEADER);
            run.check(person());
            assertThat(run.check(person(YOUNG_PERSONS_ID, "9250000000002", ULN, "1000000002", DOB, "2008-03-15"))).isEmpty();
        }

        @Test
        void e37_previousYoungPersonsIdNot13Characters() {
            assertOnly(37, person(PREVIOUS_YPID, "92500000001"));
            assertThat(check(person(PREVIOUS_YPID, "8730000000042"))).as("13 characters").isEmpty();
        }

        @Test
        void duplicatesAreRememberedPerFileOnly() {
            checks.start(HEADER).check(person());
            assertThat(checks.start(HEADER).check(person())).isEmpty();
        }
    }

    @Nested
    class PersonalDetails {

        @Test
        void e31_noAddressLineTownOrCountyAtAll() {
            assertOnly(31, person(ADDRESS_LINE_2, null, TOWN, null));
        }

        @Test
        void e31_notRaisedWhenOnlyTheFirstLineIsEmpty() {
            assertThat(check(person(ADDRESS_LINE_1, null, ADDRESS_LINE_2, null))).as("the town is an address line").isEmpty();
            assertThat(check(person(ADDRESS_LINE_1, "Flat 2", ADDRESS_LINE_2, null, TOWN, null))).isEmpty();
        }
    }

    @Nested
    class Age {

        @Test
        void e9_academicAgeOver25() {
            assertOnly(9, person(DOB, "1998-08-31"));
        }

        @Test
        void e10_academicAgeUnder15() {
            assertOnly(10, person(DOB, "2009-09-01", ACTIVITY_CODE, "110"));
        }

        @Test
        void e40_aged18To24WithoutSend() {
            assertOnly(40, person(DOB, "2006-08-31"));
            assertOnly(40, person(DOB, "1999-09-01", SEND, null));
            assertThat(check(person(DOB, "2006-08-31", SEND, true))).isEmpty();
            assertThat(check(person(DOB, "1999-08-31"))).as("academic age 25: neither 9 (over 25) nor 40 (18 to 24)").isEmpty();
        }

        @Test
        void aCheckOnAFieldTheFeedDoesNotSendIsNotTheFeedsToFix() {
            CheckedRecord aged19 = person(DOB, "2006-08-31", SEND, null);
            java.util.Map<org.pathwayshub.record.CommonField, String> providerColumns = new java.util.EnumMap<>(
                    org.pathwayshub.record.CommonField.class);
            for (org.pathwayshub.record.CommonField f : aged19.values().keySet()) {
                providerColumns.put(f, f.key());
            }
            providerColumns.remove(SEND);
            CheckedRecord withoutSendColumn = new CheckedRecord(1, "row 1", aged19.values(), List.of(), providerColumns);
            assertThat(check(withoutSendColumn)).as("no SEND column: 40 is not reported").isEmpty();
            providerColumns.put(SEND, "SENDFlag");
            assertOnly(40, new CheckedRecord(1, "row 1", aged19.values(), List.of(), providerColumns));
        }

        @Test
        void academicAgeIsTheAgeOn31AugustBeforeTheAcademicYear() {
            // born 1 September 2008: 15 on 31 August 2024, so Year 11 in 2024-25 and too young for FE
            assertOnly(229, person(DOB, "2008-09-01"));
            // born 31 August 2008: 16 on 31 August 2024, Year 12
            assertThat(check(person(DOB, "2008-08-31"))).isEmpty();
        }
    }

    @Nested
    class CohortAndLas {

        @Test
        void e13_transferredWithoutTheLaMovedTo() {
            assertOnly(13, person(COHORT_STATUS, "T"));
        }

        @Test
        void e34_transferLaWithoutStatusT() {
            assertOnly(34, person(TRANSFERRED_TO_LA, "873"));
        }

        @Test
        void e13_notRaisedWhenATransferLaWasSentThatIsNotValid() {
            // the code is reported by the mapping (35); the record does name an LA
            assertThat(check(sending(person(COHORT_STATUS, "T"), TRANSFERRED_TO_LA, "999"))).isEmpty();
        }

        @Test
        void e41_transferLa004() {
            assertOnly(41, person(COHORT_STATUS, "T", TRANSFERRED_TO_LA, "004"));
        }

        @Test
        void e41_transferLa4IsThe004NcciSRefuses() {
            List<RecordIssue> issues = check(sending(person(COHORT_STATUS, "T"), TRANSFERRED_TO_LA, "4"));
            assertThat(numbers(issues)).containsExactly(41);
            assertThat(issues.get(0).reason()).contains("'4'");
        }

        @Test
        void e42_transferLaIsTheLeadLa() {
            assertOnly(42, person(COHORT_STATUS, "T", TRANSFERRED_TO_LA, "925"));
        }

        @Test
        void e26_leadLaNotAmongTheSourceLas() {
            assertOnly(26, person(LEAD_LA, "926"));
            assertThat(check(person(LEAD_LA, "873"))).as("second source LA").isEmpty();
        }

        @Test
        void e26_checkedOnALeadLaTheLaListDoesNotKnow() {
            assertOnly(26, sending(person(), LEAD_LA, "999"));
        }

        @Test
        void e25_checkedOnAnLaAtYear11TheLaListDoesNotKnow() {
            assertOnly(25, sending(person(), LA_AT_YEAR_11, "999"));
        }

        @Test
        void e25_laAtYear11DiffersFromTheYear11OfferLa() {
            assertOnly(25, person(YEAR_11_GUARANTEE_LA, "926"));
            assertThat(check(person(LA_AT_YEAR_11, null, YEAR_11_GUARANTEE_LA, "926"))).as("only when both are given").isEmpty();
        }
    }

    @Nested
    class Need {

        @Test
        void e306_sendAndSenSupportBoth() {
            assertOnly(306, person(SEND, true, SEN_SUPPORT, true));
        }

        @Test
        void e260_pregnantWithGenderM() {
            assertOnly(260, withCharacteristics(person(GENDER, "M"), "180"));
            assertThat(check(withCharacteristics(person(), "180"))).isEmpty();
        }
    }

    @Nested
    class Activity {

        @Test
        void e240_noActivityAtAll() {
            assertOnly(240, person(ACTIVITY_CODE, null, ACTIVITY_START, null, DATE_ASCERTAINED, null, DATE_VERIFIED, null,
                    REVIEW_DATE, null, DUE_TO_LAPSE_DATE, null, CURRENCY_LAPSED, null, ESTABLISHMENT_NUMBER, null,
                    PREDICTED_END_DATE, null));
        }

        @Test
        void activityValuesWithoutACodeAreLeftToTheMapping() {
            assertThat(check(person(ACTIVITY_CODE, null, PREDICTED_END_DATE, null, DATE_VERIFIED, "2025-03-01"))).isEmpty();
        }

        @Test
        void e237_ascertainedAfterVerified() {
            assertOnly(237, person(DATE_ASCERTAINED, "2024-10-05"));
        }

        @Test
        void e242_ascertainedBeforeTheStart() {
            assertOnly(242, person(DATE_ASCERTAINED, "2024-09-01"));
        }

        @Test
        void e256_verifiedBeforeTheStart() {
            assertOnly(256, person(DATE_ASCERTAINED, null, DATE_VERIFIED, "2024-09-02"));
        }

        @Test
        void e305_verifiedAfterThePeriodEnd() {
            assertOnly(305, person(DATE_VERIFIED, "2025-02-03"));
        }

        @Test
        void e909_neitherStartedNorVerifiedThisAcademicYear() {
            assertOnly(909, person(ACTIVITY_START, "2024-06-03", DATE_ASCERTAINED, "2024-06-10", DATE_VERIFIED, "2024-08-31"));
            assertThat(check(person(ACTIVITY_START, "2024-06-03", DATE_ASCERTAINED, "2024-06-10", DATE_VERIFIED, "2024-09-01")))
                    .as("verified on 1 September").isEmpty();
        }

        @Test
        void e231_lapsedButDueToLapseAfterThePeriodEnd() {
            assertOnly(231, person(CURRENCY_LAPSED, true));
        }

        @Test
        void e232_notLapsedButDueToLapseBeforeThePeriodEnd() {
            assertOnly(232, person(DUE_TO_LAPSE_DATE, "2025-01-30"));
            assertThat(check(person(DUE_TO_LAPSE_DATE, "2025-01-30", CURRENCY_LAPSED, true))).isEmpty();
        }

        @Test
        void e238_dueToLapseAfterThePredictedEnd() {
            assertOnly(238, person(DUE_TO_LAPSE_DATE, "2025-07-19"));
        }

        @Test
        void e224_neetWithoutNeetStartDate() {
            assertOnly(224, person(ACTIVITY_CODE, "619"));
            assertThat(check(person(ACTIVITY_CODE, "619")).get(0).reason())
                    .isEqualTo("NEET activity 619 has no activity.neetStartDate: add the date the young person became NEET");
        }

        @Test
        void e226_neetStartDateOnANonNeetActivity() {
            assertOnly(226, person(NEET_START_DATE, "2024-08-01"));
        }

        @Test
        void e225_neetStartDateAfterTheActivityStart() {
            assertOnly(225, neet("619", NEET_START_DATE, "2024-09-05"));
        }

        @Test
        void e251_neetStartDateBeforeThe15thBirthday() {
            assertOnly(251, neet("619", NEET_START_DATE, "2023-03-13"));
            assertThat(check(neet("619", NEET_START_DATE, "2023-03-14"))).as("on the birthday").isEmpty();
        }

        @Test
        void e229_post16ActivityBelowYear12() {
            assertOnly(229, person(DOB, "2009-03-14"));
        }

        @Test
        void e230_compulsoryActivityInYear12OrAbove() {
            assertOnly(230, person(ACTIVITY_CODE, "110"));
        }

        @Test
        void e259_educationOrTrainingWithoutPredictedEnd() {
            assertOnly(259, person(PREDICTED_END_DATE, null));
            assertThat(check(person(ACTIVITY_CODE, "330", PREDICTED_END_DATE, null))).as("employment needs none").isEmpty();
        }

        @Test
        void e262_activityNeedingAReviewWithoutReviewDate() {
            assertOnly(262, person(ACTIVITY_CODE, "260", REVIEW_DATE, null));
            assertThat(check(person(REVIEW_DATE, null))).as("FE needs none").isEmpty();
        }

        @Test
        void e257_reviewAfterThePredictedEnd() {
            assertOnly(257, person(REVIEW_DATE, "2025-07-19"));
        }

        @Test
        void e253_dwpProgrammeUnder18() {
            assertOnly(253, person(ACTIVITY_CODE, "440"));
            assertThat(check(person(ACTIVITY_CODE, "440", DOB, "2006-08-31", SEND, true))).as("academic age 18").isEmpty();
        }

        @Test
        void e254_specialPost16InstitutionWithoutSend() {
            assertOnly(254, person(ACTIVITY_CODE, "280"));
            assertThat(check(person(ACTIVITY_CODE, "280", SEND, true))).isEmpty();
        }

        @Test
        void e255_supportedInternshipWithoutSend() {
            assertOnly(255, person(ACTIVITY_CODE, "460"));
        }

        @Test
        void e233_carerWithoutCharacteristic140() {
            assertOnly(233, neet("620"));
            assertThat(check(withCharacteristics(neet("620"), "140"))).isEmpty();
        }

        @Test
        void e234_teenageParentWithoutCharacteristic120() {
            assertOnly(234, withCharacteristics(neet("630"), "140"));
            assertThat(check(withCharacteristics(neet("630"), "120"))).isEmpty();
        }

        @Test
        void e243_aKnownActivityWithoutDueToLapseDate() {
            assertOnly(243, person(DUE_TO_LAPSE_DATE, null, CURRENCY_LAPSED, null));
            assertOnly(243, person(ACTIVITY_CODE, "310", PREDICTED_END_DATE, null, DUE_TO_LAPSE_DATE, null, CURRENCY_LAPSED, null));
        }

        @Test
        void e243_notRaisedForNeetOrNotKnownActivities() {
            assertThat(check(neet("619", DUE_TO_LAPSE_DATE, null, CURRENCY_LAPSED, null))).as("NEET").isEmpty();
            assertThat(check(person(ACTIVITY_CODE, "810", PREDICTED_END_DATE, null, DUE_TO_LAPSE_DATE, null,
                    CURRENCY_LAPSED, null))).as("not known").isEmpty();
        }

        @Test
        void e243_notRaisedWhenADateWasSentThatIsNotValid() {
            // 244 (from the mapping) names that date
            assertThat(check(sending(person(CURRENCY_LAPSED, null), DUE_TO_LAPSE_DATE, "30/06/2025"))).isEmpty();
        }

        @Test
        void e235_pregnancyWithoutCharacteristic180() {
            assertOnly(235, neet("650"));
        }
    }

    @Nested
    class Guarantee {

        @Test
        void e905_guaranteeCohortWithoutAStatusAndLa() {
            assertOnly(905, person(COHORT_STATUS, "G", YEAR_11_GUARANTEE_STATUS, null, YEAR_11_GUARANTEE_LA, null));
            assertOnly(905, person(COHORT_STATUS, "G", YEAR_11_GUARANTEE_LA, null, YEAR_12_GUARANTEE_STATUS, "114"));
            assertThat(check(person(COHORT_STATUS, "G", YEAR_11_GUARANTEE_STATUS, null, YEAR_11_GUARANTEE_LA, null,
                    YEAR_12_GUARANTEE_STATUS, "114", YEAR_12_GUARANTEE_LA, "925"))).as("a Year 12 offer").isEmpty();
        }

        @Test
        void e27_aYear12OnlyStatusGivenForYear11() {
            List<RecordIssue> issues = check(person(YEAR_11_GUARANTEE_STATUS, "114"));
            assertThat(numbers(issues)).containsExactly(27);
            assertThat(issues.get(0).field()).isEqualTo("guarantee.year11Status");
            assertThat(check(person(YEAR_12_GUARANTEE_STATUS, "114", YEAR_12_GUARANTEE_LA, "925"))).as("Year 12").isEmpty();
        }

        @Test
        void e906_indicatorYWithoutAStatusAndLa() {
            assertOnly(906, person(GUARANTEE_INDICATOR, "Y", YEAR_11_GUARANTEE_STATUS, null, YEAR_11_GUARANTEE_LA, null));
            assertThat(check(person(GUARANTEE_INDICATOR, "N", YEAR_11_GUARANTEE_STATUS, null, YEAR_11_GUARANTEE_LA, null))).isEmpty();
        }
    }

    @Nested
    class FileHeader {

        @Test
        void withoutAHeaderTheDatabaseAndSourceLaChecksAreSkipped() {
            Run run = checks.start(Map.of("PeriodEnd", "2025-01-31"));
            assertThat(run.check(person(YOUNG_PERSONS_ID, "8730000000001", LEAD_LA, "926"))).isEmpty();
        }

        @Test
        void withoutAPeriodEndTodayIsThePeriodEnd() {
            // 15 September 2025: academic year 2025-26, so the 2024 activity is stale and its currency has lapsed
            List<RecordIssue> issues = checks.start(Map.of()).check(person());
            assertThat(numbers(issues)).containsExactlyInAnyOrder(232, 909);
        }

        @Test
        void theAcademicYearOfThePeriodEndRunsFrom1SeptemberTo31August() {
            CheckedRecord lapsedIn2025 = person(CURRENCY_LAPSED, true);
            assertThat(checks.start(Map.of("PeriodEnd", "2025-08-31")).check(lapsedIn2025)).isEmpty();
            assertThat(numbers(checks.start(Map.of("PeriodEnd", "2025-09-30")).check(lapsedIn2025))).containsExactly(909);
        }

        @Test
        void aPeriodEndThatIsNotADateIsRefused() {
            assertThatThrownBy(() -> checks.start(Map.of("PeriodEnd", "31/01/2025")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PeriodEnd").hasMessageContaining("yyyy-MM-dd");
        }
    }

    @Nested
    class ChecksFile {

        @TempDir
        Path config;

        private static final Path SHIPPED = Path.of("mappings/nccis/appendix-d.yaml");

        /** The checks with the shipped file, edited: each pair is a text and what replaces it. */
        private NccisAppendixDChecks withShippedFileEdited(String... replacements) throws Exception {
            String yaml = Files.readString(SHIPPED);
            for (int i = 0; i < replacements.length; i += 2) {
                assertThat(yaml).contains(replacements[i]);
                yaml = yaml.replace(replacements[i], replacements[i + 1]);
            }
            return withChecksFile(yaml);
        }

        private NccisAppendixDChecks withChecksFile(String yaml) throws Exception {
            Path file = config.resolve("mappings/nccis/appendix-d.yaml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
            return new NccisAppendixDChecks(CODE_LISTS, files("file:" + config + "/"), SEPTEMBER_2025);
        }

        /** What a NEET activity without a NEET start date (224), a repeated and a foreign YoungPersonsID raise. */
        private static Map<Integer, RecordIssue> found(NccisAppendixDChecks checks) {
            Run run = checks.start(HEADER);
            run.check(person());
            Map<Integer, RecordIssue> found = new java.util.TreeMap<>();
            for (RecordIssue i : run.check(atLine(2, person(ACTIVITY_CODE, "619", GIVEN_NAME, "Beth")))) {
                found.put(i.dfeError(), i);
            }
            for (RecordIssue i : run.check(atLine(3, person(YOUNG_PERSONS_ID, "8730000000001", ULN, "1000000003", GIVEN_NAME, "Cara")))) {
                found.put(i.dfeError(), i);
            }
            return found;
        }

        private static Map<Integer, Severity> severities(NccisAppendixDChecks checks) {
            Map<Integer, Severity> out = new java.util.TreeMap<>();
            found(checks).forEach((dfe, issue) -> out.put(dfe, issue.severity()));
            return out;
        }

        @Test
        void theShippedFileRejectsARepeatedOrForeignYoungPersonsIdAndWarnsTheRest() {
            assertThat(severities(new NccisAppendixDChecks(CODE_LISTS, PROJECT_FILES, SEPTEMBER_2025)))
                    .containsExactly(Map.entry(224, Severity.WARNING), Map.entry(902, Severity.REJECT), Map.entry(903, Severity.REJECT));
        }

        @Test
        void theShippedFileNamesEveryRuleWithTheNumbersOfAppendixD() {
            NccisAppendixDChecks checks = new NccisAppendixDChecks(CODE_LISTS, PROJECT_FILES, SEPTEMBER_2025);
            assertThat(checks.settings()).containsOnlyKeys(NccisAppendixDChecks.Rule.values());
            assertThat(checks.numbers()).containsExactlyInAnyOrder(902, 903, 907, 908, 37, 31, 9, 10, 40, 13, 34, 41, 42, 26,
                    25, 306, 260, 240, 237, 242, 256, 305, 909, 231, 232, 243, 238, 224, 226, 225, 251, 229, 230, 259, 262, 257,
                    253, 254, 255, 233, 234, 235, 27, 905, 906);
        }

        @Test
        void anLaCanMoveACheckToReject() throws Exception {
            NccisAppendixDChecks checks = withShippedFileEdited(
                    "neet-without-neet-start:              { dfe: 224, field: activity.neetStartDate, severity: warn }",
                    "neet-without-neet-start:              { dfe: 224, field: activity.neetStartDate, severity: reject }",
                    "young-persons-id-twice:               { dfe: 902, field: person.youngPersonsId, severity: reject }",
                    "young-persons-id-twice:               { dfe: 902, field: person.youngPersonsId, severity: warn }");
            assertThat(severities(checks)).containsEntry(224, Severity.REJECT).containsEntry(902, Severity.WARNING);
        }

        @Test
        void anLaCanRenumberACheckReportItOnAnotherFieldOrTurnItOff() throws Exception {
            NccisAppendixDChecks checks = withShippedFileEdited(
                    "{ dfe: 224, field: activity.neetStartDate, severity: warn }",
                    "{ dfe: 1224, field: activity.code, severity: warn }",
                    "{ dfe: 903, field: person.youngPersonsId, severity: reject }",
                    "{ dfe: 903, field: person.youngPersonsId, severity: off }");
            Map<Integer, RecordIssue> found = found(checks);
            assertThat(found).containsOnlyKeys(1224, 902);
            assertThat(found.get(1224).field()).isEqualTo("activity.code");
            assertThat(checks.numbers()).contains(1224).doesNotContain(224, 903);
        }

        @Test
        void aChangedFileTakesEffectAtTheNextFile() throws Exception {
            NccisAppendixDChecks checks = withShippedFileEdited("{ dfe: 224, field: activity.neetStartDate, severity: warn }",
                    "{ dfe: 224, field: activity.neetStartDate, severity: reject }");
            assertThat(severities(checks)).containsEntry(224, Severity.REJECT);
            Path file = config.resolve("mappings/nccis/appendix-d.yaml");
            Files.writeString(file, Files.readString(SHIPPED));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
            assertThat(severities(checks)).containsEntry(224, Severity.WARNING);
        }

        @Test
        void aMisspeltRuleIsRefusedWithTheNamesThereAre() throws Exception {
            NccisAppendixDChecks checks = withShippedFileEdited("  neet-without-neet-start:", "  neet-without-neet-stat:");
            assertThatThrownBy(() -> checks.start(HEADER)).isInstanceOf(MappingFileException.class)
                    .hasMessageStartingWith("mappings/nccis/appendix-d.yaml: checks.neet-without-neet-stat: expected the name of a "
                            + "record check").hasMessageContaining("neet-without-neet-start");
        }

        @Test
        void aRuleLeftOutIsRefusedRatherThanSilentlyNotChecked() throws Exception {
            NccisAppendixDChecks checks = withShippedFileEdited(
                    "  neet-without-neet-start:              { dfe: 224, field: activity.neetStartDate, severity: warn }\n", "");
            assertThatThrownBy(() -> checks.start(HEADER)).isInstanceOf(MappingFileException.class)
                    .hasMessageContaining("missing [neet-without-neet-start]").hasMessageContaining("severity: off");
        }

        @Test
        void aSeverityOtherThanRejectWarnOrOffIsRefused() throws Exception {
            NccisAppendixDChecks checks = withShippedFileEdited("{ dfe: 224, field: activity.neetStartDate, severity: warn }",
                    "{ dfe: 224, field: activity.neetStartDate, severity: quarantine }");
            assertThatThrownBy(() -> checks.start(HEADER)).isInstanceOf(MappingFileException.class)
                    .hasMessageStartingWith("mappings/nccis/appendix-d.yaml: checks.neet-without-neet-start.severity: expected "
                            + "reject, warn or off (got 'quarantine')");
        }

        @Test
        void aNumberThatIsNotOneOrAFieldThatIsNotOneIsRefused() throws Exception {
            NccisAppendixDChecks notANumber = withShippedFileEdited("{ dfe: 224,", "{ dfe: neet,");
            assertThatThrownBy(() -> notANumber.start(HEADER)).isInstanceOf(MappingFileException.class)
                    .hasMessageStartingWith("mappings/nccis/appendix-d.yaml: checks.neet-without-neet-start.dfe: expected a DfE "
                            + "error number");
            NccisAppendixDChecks notAField = withShippedFileEdited("field: activity.neetStartDate, severity: warn }\n  neet-start-not",
                    "field: activity.neetStart, severity: warn }\n  neet-start-not");
            assertThatThrownBy(() -> notAField.start(HEADER)).isInstanceOf(MappingFileException.class)
                    .hasMessageStartingWith("mappings/nccis/appendix-d.yaml: checks.neet-without-neet-start.field: expected a "
                            + "common-record field");
        }

        @Test
        void withoutTheFileNoNccisFileIsCheckedAndTheHubSaysWhichFileIsMissing() {
            NccisAppendixDChecks checks = new NccisAppendixDChecks(CODE_LISTS, files("file:" + config + "/"), SEPTEMBER_2025);
            assertThatThrownBy(() -> checks.start(HEADER)).isInstanceOf(MappingFileException.class)
                    .hasMessageStartingWith("mappings/nccis/appendix-d.yaml");
        }
    }
}
