package org.pathwayshub.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayshub.record.NinoCheck;
import org.pathwayshub.record.UlnCheck;
import org.pathwayshub.record.UpnCheck;

/** The CSV partner files: headers exactly as docs/feeds.md, valid identifiers and codes, CRLF, raw extra rows. */
class CsvFeedFilesTest {

    private static final LocalDate AS_AT = YoungPersonCohort.AS_AT;
    private static final List<YoungPerson> PEOPLE = YoungPersonCohort.generate(600, 7);
    private static final Set<String> ACTIVITY_CODES = Set.of("110", "120", "130", "140", "150", "210", "220", "230", "240",
            "250", "260", "270", "280", "290", "310", "320", "330", "340", "350", "360", "380", "381", "410", "430", "440",
            "450", "460", "530", "540", "550", "610", "615", "616", "619", "620", "630", "640", "650", "660", "670", "680",
            "710", "810", "820", "830");
    private static final Set<String> CHARACTERISTICS = Set.of("110", "120", "130", "140", "150", "160", "170", "180", "190",
            "200", "210");

    @TempDir
    Path dir;

    private final UpnCheck upns = FeedFiles.upnCheck();

    @Test
    void schoolDestinationsHoldYear11PupilsWithDestinationsFromTheirSets() throws Exception {
        Path file = dir.resolve("destinations.csv");
        int rows = new SchoolDestinationsFile(AS_AT, 1).write(PEOPLE, NameVariants.unchanged(), file);

        assertThat(FeedFiles.firstLine(file))
                .isEqualTo("UPN,Forename,Surname,DOB,LAEstab,IntendedDestination,GuaranteeStatus,OfferUKPRN,OfferDate");
        List<Map<String, String>> records = FeedFiles.records(file);
        assertThat(records).hasSize(rows);
        assertThat(rows).isEqualTo((int) PEOPLE.stream().filter(SchoolDestinationsFile::covers).count()).isPositive();
        for (Map<String, String> r : records) {
            assertThat(upns.check(r.get("UPN")).isValid()).as(r.get("UPN")).isTrue();
            assertThat(r.get("LAEstab")).matches("\\d{7}");
            assertThat(r.get("IntendedDestination")).isIn((Object[]) CurrentActivity.INTENDED_DESTINATIONS);
            assertThat(r.get("GuaranteeStatus")).isIn((Object[]) CurrentActivity.GUARANTEE_STATUSES_YEAR_11);
            assertThat(r.get("OfferUKPRN").isEmpty()).isEqualTo(r.get("OfferDate").isEmpty());
            if (!r.get("OfferUKPRN").isEmpty()) {
                assertThat(r.get("OfferUKPRN")).matches("1\\d{7}");
                assertThat(LocalDate.parse(r.get("OfferDate"))).isBeforeOrEqualTo(AS_AT);
            }
            LocalDate.parse(r.get("DOB"));
        }
        assertThat(records).anyMatch(r -> !r.get("OfferUKPRN").isEmpty()).anyMatch(r -> r.get("OfferUKPRN").isEmpty());
    }

    @Test
    void providerActivityKeepsTheActivityRules() throws Exception {
        Path file = dir.resolve("activity.csv");
        int rows = new ProviderActivityFile(AS_AT, 1).write(PEOPLE, NameVariants.unchanged(), file);

        assertThat(FeedFiles.firstLine(file)).isEqualTo("YoungPersonsID,UPN,ULN,Forename,Surname,DOB,Postcode,ActivityCode,"
                + "StartDate,DateAscertained,EstablishmentNumber,UKPRN,NEETStartDate,ReviewDate,PredictedEndDate,LevelOfNeed,Characteristics");
        List<Map<String, String>> records = FeedFiles.records(file);
        assertThat(records).hasSize(rows).hasSize(PEOPLE.size());
        for (Map<String, String> r : records) {
            assertThat(r.get("YoungPersonsID")).matches("\\d{13}");
            assertThat(r.get("UPN").isEmpty() || upns.check(r.get("UPN")).isValid()).as(r.get("UPN")).isTrue();
            assertThat(r.get("ULN").isEmpty() || UlnCheck.check(r.get("ULN")).isValid()).as(r.get("ULN")).isTrue();
            String code = r.get("ActivityCode");
            assertThat(code).isIn(ACTIVITY_CODES);
            LocalDate start = LocalDate.parse(r.get("StartDate"));
            assertThat(LocalDate.parse(r.get("DateAscertained"))).isAfterOrEqualTo(start).isBeforeOrEqualTo(AS_AT);
            boolean neet = CurrentActivity.NEET.contains(code);
            assertThat(r.get("NEETStartDate").isEmpty()).as("NEETStartDate exactly on NEET codes, %s", r).isEqualTo(!neet);
            if (neet) {
                assertThat(LocalDate.parse(r.get("NEETStartDate"))).isBeforeOrEqualTo(start);
            }
            if (isEducationOrTraining(code)) {
                assertThat(r.get("PredictedEndDate")).as("PredictedEndDate for %s", code).isNotEmpty();
            }
            if (Set.of("260", "290", "350", "616", "710").contains(code)) {
                assertThat(r.get("ReviewDate")).as("ReviewDate for %s", code).isNotEmpty();
            }
            if (!r.get("ReviewDate").isEmpty() && !r.get("PredictedEndDate").isEmpty()) {
                assertThat(LocalDate.parse(r.get("ReviewDate"))).isBeforeOrEqualTo(LocalDate.parse(r.get("PredictedEndDate")));
            }
            assertThat(r.get("EstablishmentNumber")).matches("(\\d{7})?");
            assertThat(r.get("UKPRN")).matches("(1\\d{7})?");
            assertThat(r.get("LevelOfNeed")).isIn("1", "2", "3");
            if (!r.get("Characteristics").isEmpty()) {
                assertThat(Arrays.asList(r.get("Characteristics").split(";"))).hasSizeLessThanOrEqualTo(2).allMatch(CHARACTERISTICS::contains);
            }
            if (code.equals("620")) {
                assertThat(r.get("Characteristics")).contains("140");
            }
        }
        assertThat(records).extracting(r -> r.get("ActivityCode")).contains("110", "210", "230", "619");
        assertThat(records).anyMatch(r -> r.get("Characteristics").contains(";"));
    }

    @Test
    void enrolmentsArePost16WithValidProgrammesAndWithdrawalsAfterTheStart() throws Exception {
        Path file = dir.resolve("enrolments.csv");
        int rows = new EnrolmentsFile(AS_AT, 1).write(PEOPLE, NameVariants.unchanged(), file);

        assertThat(FeedFiles.firstLine(file)).isEqualTo("ULN,UPN,Forename,Surname,DOB,Postcode,UKPRN,ProviderName,"
                + "LearningStartDate,ProgrammeType,PlannedEndDate,Withdrawn,WithdrawalDate");
        List<Map<String, String>> records = FeedFiles.records(file);
        assertThat(records).hasSize(rows);
        assertThat(rows).isEqualTo((int) PEOPLE.stream().filter(p -> !p.inYear11()).count());
        for (Map<String, String> r : records) {
            assertThat(r.get("ULN").isEmpty() || UlnCheck.check(r.get("ULN")).isValid()).isTrue();
            assertThat(r.get("UPN").isEmpty() || upns.check(r.get("UPN")).isValid()).isTrue();
            assertThat(r.get("UKPRN")).matches("1\\d{7}");
            assertThat(r.get("ProgrammeType")).isIn("SIXTH_FORM", "FE", "APPRENTICESHIP", "TRAINEESHIP", "SUPPORTED_INTERNSHIP", "HE");
            LocalDate start = LocalDate.parse(r.get("LearningStartDate"));
            assertThat(LocalDate.parse(r.get("PlannedEndDate"))).isAfter(start);
            assertThat(r.get("Withdrawn")).isIn("Y", "N");
            if (r.get("Withdrawn").equals("Y")) {
                assertThat(LocalDate.parse(r.get("WithdrawalDate"))).isAfter(start).isBeforeOrEqualTo(AS_AT);
            } else {
                assertThat(r.get("WithdrawalDate")).isEmpty();
            }
        }
        assertThat(records).extracting(r -> r.get("Withdrawn")).contains("Y", "N");
        assertThat(records).as("a provider name with a comma survives quoting")
                .anyMatch(r -> r.get("ProviderName").equals("Northmere College, Fenside Campus"));
        assertThat(Files.readString(file)).contains("\"Northmere College, Fenside Campus\"");
    }

    @Test
    void dwpClaimantsCarryANinoAndNoSchoolIdentifiers() throws Exception {
        Path file = dir.resolve("dwp.csv");
        int rows = new DwpClaimantsFile(AS_AT, 1).write(PEOPLE, NameVariants.bothNames(NameVariants::asciiUpperCase), file);

        assertThat(FeedFiles.firstLine(file))
                .isEqualTo("NINO,Forename,Surname,DOB,Postcode,ClaimStartDate,BenefitType,JobcentreOffice,WorkCoachRef,ConsentToShare");
        List<Map<String, String>> records = FeedFiles.records(file);
        assertThat(records).hasSize(rows);
        assertThat(rows).isEqualTo((int) PEOPLE.stream().filter(DwpClaimantsFile::covers).count());
        for (Map<String, String> r : records) {
            assertThat(NinoCheck.check(r.get("NINO")).isValid()).as(r.get("NINO")).isTrue();
            assertThat(r.get("Forename") + r.get("Surname")).matches("[A-Z '\\-]+").doesNotContain("'", "-");
            assertThat(LocalDate.parse(r.get("ClaimStartDate"))).isBeforeOrEqualTo(AS_AT);
            assertThat(r.get("BenefitType")).isIn("UC", "JSA", "ESA");
            assertThat(r.get("ConsentToShare")).isIn("Y", "N");
        }
        assertThat(Files.readString(file)).doesNotContain(PEOPLE.get(0).upn());
    }

    @Test
    void censusRowsUseTheExistingCensusLayout() throws Exception {
        Path file = dir.resolve("census.csv");
        int rows = new SchoolCensusFile(LocalDate.of(2026, 10, 1), 1).write(PEOPLE, NameVariants.unchanged(), file);

        assertThat(FeedFiles.firstLine(file)).isEqualTo("UPN,Forename,MiddleNames,Surname,DOB,Gender,Postcode,LAEstab,"
                + "NCYearActual,FSMEligible,SENProvision,FirstLanguage,CensusDate");
        List<Map<String, String>> records = FeedFiles.records(file);
        assertThat(records).hasSize(rows);
        assertThat(records).allMatch(r -> upns.check(r.get("UPN")).isValid());
        assertThat(records).extracting(r -> r.get("NCYearActual")).containsOnly("11", "12", "13", "14");
    }

    @Test
    void linesEndInCrlfAndExtraRowsAreAppendedRawAndCounted() throws Exception {
        Path file = dir.resolve("dwp.csv");
        List<YoungPerson> two = PEOPLE.stream().filter(DwpClaimantsFile::covers).limit(2).toList();
        int rows = new DwpClaimantsFile(AS_AT, 1).write(two, NameVariants.unchanged(), file,
                List.of("QQ123456Z,Bad,Nino,2009-01-01,NM1 1AA,2026-10-01,UC,Northmere Jobcentre,WC00001,Y"));

        assertThat(rows).isEqualTo(3);
        String text = Files.readString(file);
        assertThat(Arrays.asList(text.split("\r\n", -1))).hasSize(5).last().isEqualTo("");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
        assertThat(text).endsWith("QQ123456Z,Bad,Nino,2009-01-01,NM1 1AA,2026-10-01,UC,Northmere Jobcentre,WC00001,Y\r\n");
        try (var listing = Files.list(dir)) {
            assertThat(listing).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOthers() throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        new ProviderActivityFile(AS_AT, 5).write(PEOPLE, NameVariants.unchanged(), a);
        new ProviderActivityFile(AS_AT, 5).write(PEOPLE, NameVariants.unchanged(), b);
        new ProviderActivityFile(AS_AT, 6).write(PEOPLE, NameVariants.unchanged(), c);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
    }

    @Test
    void aPersonsRowDoesNotDependOnWhoElseIsInTheFile() throws Exception {
        Path all = dir.resolve("all.csv");
        Path one = dir.resolve("one.csv");
        new ProviderActivityFile(AS_AT, 5).write(PEOPLE, NameVariants.unchanged(), all);
        new ProviderActivityFile(AS_AT, 5).write(List.of(PEOPLE.get(300)), NameVariants.unchanged(), one);
        assertThat(FeedFiles.csv(all)).contains(FeedFiles.csv(one).get(1));
    }

    static boolean isEducationOrTraining(String code) {
        int c = Integer.parseInt(code);
        return (c >= 110 && c <= 150) || (c >= 210 && c <= 290) || (c >= 410 && c <= 460);
    }
}
