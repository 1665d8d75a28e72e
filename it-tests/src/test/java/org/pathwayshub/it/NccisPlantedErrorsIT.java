package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.pathwayshub.nccis.NccisAppendixDChecks;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every Appendix D check the hub makes (docs/nccis.md), tried on the hub's own monthly return: a clean cohort's
 * return, with one error planted for each check in a record of its own, is checked by {@code POST /api/nccis/check};
 * exactly the planted problems are found, each on its own record, and nothing else. A few errors cannot be made
 * without breaking a second rule too (an LA NCCIS does not know is not one of the file's LAs either); those plants
 * expect both. The planted file is kept as target/nccis-planted-errors/return.xml, with the list of what was planted
 * where, for trying other NCCIS validators on. Seed 7010, YoungPersonsIDs of database 887 (SeparateCohort).
 */
class NccisPlantedErrorsIT extends HubIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    private NccisAppendixDChecks appendixD;

    private static final long SEED = 7010;
    private static final String OTHER_DATABASE = "887";
    private static final String HUB_LA = "925";
    private static final LocalDate PERIOD_END = YoungPersonCohort.AS_AT;
    private static final String PERIOD = YearMonth.from(PERIOD_END).toString();
    /** Academic age is the age on 31 August before the academic year of the period end. */
    private static final LocalDate AGE_DAY = LocalDate.of(PERIOD_END.getMonthValue() >= 9 ? PERIOD_END.getYear()
            : PERIOD_END.getYear() - 1, 8, 31);
    private static final LocalDate YEAR_START = AGE_DAY.plusDays(1);
    private static final Pattern RECORD = Pattern.compile("(?s)<YoungPersonsRecord>.*?</YoungPersonsRecord>");

    // activity codes by group, as mappings/codes/activity.yaml has them
    private static final Set<String> NEET = Set.of("540", "610", "615", "616", "619", "620", "630", "640", "650", "660", "670",
            "680");
    private static final Set<String> EDUCATION = Set.of("210", "220", "230", "240", "250", "260", "270", "280", "290");
    private static final Set<String> EMPLOYMENT = Set.of("310", "320", "330", "340", "350", "360", "380", "381");

    /** One error planted in a record that fits it; {@code expected} is every DfE number it should raise. */
    private record Plant(String what, Set<Integer> expected, Predicate<String> fits, UnaryOperator<String> plant) {
    }

    @Test
    void aReturnWithOneErrorPlantedPerCheckRaisesExactlyThosePerRecordAndNothingElse() throws Exception {
        List<YoungPerson> people = SeparateCohort.of(400, SEED, OTHER_DATABASE);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path tracking = tempFile("nccis-to-plant.xml");
        new NccisXmlFile(PERIOD_END, OTHER_DATABASE, HUB_LA, SEED).write(people, NameVariants.unchanged(), tracking,
                NccisXmlFile.Options.asSpecified(), List.of());
        assertThat(dropAndWait("nccis-xml", "nccis-to-plant.xml", tracking).warnings()).isZero();

        String whole = api().getForObject("/api/nccis/returns/" + PERIOD, String.class);
        List<String> ours = new ArrayList<>();
        Matcher m = RECORD.matcher(whole);
        while (m.find()) {
            String previous = get(m.group(), "PersonalDetails/PreviousYPIDIdentifier");
            if (previous != null && previous.startsWith(OTHER_DATABASE)) {
                ours.add(m.group());
            }
        }
        String head = whole.substring(0, whole.indexOf("<YoungPersonsRecord>"));
        String clean = head + String.join("\n", ours) + "\n</NCCIS>\n";
        assertThat(check(clean).get("problems")).as("the clean return raises nothing").isEqualTo(0);

        // plant each error in the first record that fits it and is not yet used
        List<String> records = new ArrayList<>(ours);
        Set<Integer> used = new HashSet<>();
        Map<String, Set<Integer>> expected = new TreeMap<>();
        Map<String, String> plantedWhere = new LinkedHashMap<>();
        for (Plant p : plants()) {
            int i = pick(records, used, p.fits());
            assertThat(i).as("a record to plant %s in", p.what()).isNotNegative();
            String planted = p.plant().apply(records.get(i));
            records.set(i, planted);
            String key = ypid(planted);
            expected.put(key, new TreeSet<>(p.expected()));
            plantedWhere.put(key, p.what());
        }
        // the same ULN as an earlier record (907), the same names and date of birth (908), the same id twice (902)
        int first = pick(records, used, r -> get(r, "PersonalDetails/UniqueLearnerNo") != null);
        int second = pick(records, used, r -> get(r, "PersonalDetails/UniqueLearnerNo") != null);
        records.set(Math.max(first, second), set(records.get(Math.max(first, second)), "PersonalDetails/UniqueLearnerNo",
                get(records.get(Math.min(first, second)), "PersonalDetails/UniqueLearnerNo")));
        expected.put(ypid(records.get(Math.max(first, second))), Set.of(907));
        plantedWhere.put(ypid(records.get(Math.max(first, second))), "907 the ULN of " + ypid(records.get(Math.min(first, second))));
        int a = pick(records, used, r -> age(r) == 16);
        int b = pick(records, used, r -> age(r) == 16 && !NEET.contains(activity(r)));
        String original = records.get(Math.min(a, b));
        int later = Math.max(a, b);
        String twin = records.get(later);
        for (String path : List.of("PersonalDetails/GivenName", "PersonalDetails/FamilyName", "PersonalDetails/DOB")) {
            twin = set(twin, path, get(original, path));
        }
        records.set(later, twin);
        expected.put(ypid(twin), Set.of(908));
        plantedWhere.put(ypid(twin), "908 the names and date of birth of " + ypid(original));
        int copied = pick(records, used, r -> true);
        records.add(copied + 1, records.get(copied));
        expected.put(ypid(records.get(copied)), Set.of(902));
        plantedWhere.put(ypid(records.get(copied)), "902 the record twice");

        String planted = head + String.join("\n", records) + "\n</NCCIS>\n";
        Path kept = Path.of("target", "nccis-planted-errors", "return.xml");
        Files.createDirectories(kept.getParent());
        Files.writeString(kept, planted);
        StringBuilder list = new StringBuilder("YoungPersonsID\texpected\tplanted\n");
        plantedWhere.forEach((k, v) -> list.append(k).append('\t').append(expected.get(k)).append('\t').append(v).append('\n'));
        Files.writeString(kept.resolveSibling("planted.tsv"), list);

        Map<String, Object> result = check(planted);
        assertThat(result.get("records")).isEqualTo(records.size());
        Map<String, Set<Integer>> found = new TreeMap<>();
        for (Object o : (List<?>) result.get("first")) {
            Map<?, ?> issue = (Map<?, ?>) o;
            Object dfe = issue.get("dfeError");
            assertThat(dfe).as("every problem has its DfE number: %s", issue).isNotNull();
            assertThat((String) issue.get("reason")).as("says what to correct").isNotBlank();
            found.computeIfAbsent((String) issue.get("recordKey"), k -> new TreeSet<>()).add((Integer) dfe);
        }
        assertThat(found).as("exactly the planted problems, each on its record (see %s)", kept.resolveSibling("planted.tsv"))
                .isEqualTo(expected);
        Set<Integer> covered = new TreeSet<>();
        expected.values().forEach(covered::addAll);
        assertThat(covered).as("every Appendix D check the hub makes is planted").containsAll(checksTheHubMakes());
    }

    /** One plant per check; most make one error, a few two rules break together by nature (see each). */
    private static List<Plant> plants() {
        List<Plant> p = new ArrayList<>();
        // ---- field checks (mappings/feeds/nccis-xml.yaml) ----
        p.add(new Plant("1 YoungPersonsID not 13 digits", Set.of(1), r -> true,
                r -> set(r, "PersonalDetails/YoungPersonsID", ypid(r).substring(0, 12) + "X")));
        p.add(new Plant("11 no CohortStatus", Set.of(11), r -> true, r -> remove(r, "PersonalDetails/CohortStatus")));
        p.add(new Plant("904 CohortStatus not recognised", Set.of(904), r -> true, r -> set(r, "PersonalDetails/CohortStatus", "Z")));
        p.add(new Plant("2 no GivenName", Set.of(2), r -> true, r -> remove(r, "PersonalDetails/GivenName")));
        p.add(new Plant("3 no FamilyName", Set.of(3), r -> true, r -> remove(r, "PersonalDetails/FamilyName")));
        p.add(new Plant("32 no Postcode", Set.of(32), r -> true, r -> remove(r, "PersonalDetails/Postcode")));
        p.add(new Plant("43 Postcode not a postcode", Set.of(43), r -> true, r -> set(r, "PersonalDetails/Postcode", "NOT A CODE")));
        p.add(new Plant("4 no Gender", Set.of(4), r -> true, r -> remove(r, "PersonalDetails/Gender")));
        p.add(new Plant("5 Gender not F, M, U, W", Set.of(5), r -> true, r -> set(r, "PersonalDetails/Gender", "Q")));
        p.add(new Plant("8 no DOB", Set.of(8), r -> true, r -> remove(r, "PersonalDetails/DOB")));
        p.add(new Plant("6 no Ethnicity", Set.of(6), r -> true, r -> remove(r, "PersonalDetails/Ethnicity")));
        p.add(new Plant("7 Ethnicity not in the list", Set.of(7), r -> true, r -> set(r, "PersonalDetails/Ethnicity", "ZZZZ")));
        p.add(new Plant("14 no LeadLEA", Set.of(14), r -> true, r -> remove(r, "PersonalDetails/LeadLEA")));
        // an LA NCCIS does not know is not one of the file's source LAs either
        p.add(new Plant("15 LeadLEA not recognised (and so 26)", Set.of(15, 26), r -> true,
                r -> set(r, "PersonalDetails/LeadLEA", "999")));
        p.add(new Plant("19 EducatedLEA not recognised", Set.of(19), r -> true, r -> set(r, "PersonalDetails/EducatedLEA", "999")));
        p.add(new Plant("35 TransferredToLACode not recognised", Set.of(35), r -> true,
                r -> set(set(r, "PersonalDetails/CohortStatus", "T"), "PersonalDetails/TransferredToLACode", "999")));
        p.add(new Plant("24 LEACodeAtYear11 not recognised", Set.of(24),
                r -> get(r, "SeptemberGuarantee/Year11/LEACode") == null, r -> set(r, "PersonalDetails/LEACodeAtYear11", "999")));
        p.add(new Plant("30 ULN starting with 0", Set.of(30), r -> true, r -> set(r, "PersonalDetails/UniqueLearnerNo", "0123456789")));
        p.add(new Plant("38 UPN not 13 characters", Set.of(38), r -> true, r -> set(r, "PersonalDetails/UniquePupilNumber", "A12")));
        p.add(new Plant("27 GuaranteeStatusIndicator not recognised", Set.of(27), r -> true,
                r -> set(r, "PersonalDetails/GuaranteeStatusIndicator", "Q")));
        p.add(new Plant("27 a Year 12 only guarantee status given for Year 11", Set.of(27),
                r -> get(r, "SeptemberGuarantee/Year11/GuaranteeStatus") != null,
                r -> set(r, "SeptemberGuarantee/Year11/GuaranteeStatus", "114")));
        p.add(new Plant("261 Year 11 offer LEACode not recognised", Set.of(261),
                r -> get(r, "SeptemberGuarantee/Year11/LEACode") != null,
                r -> set(remove(r, "PersonalDetails/LEACodeAtYear11"), "SeptemberGuarantee/Year11/LEACode", "999")));
        p.add(new Plant("100 no LevelOfNeedCode", Set.of(100), r -> true, r -> remove(r, "LevelOfNeed/LevelOfNeedCode")));
        p.add(new Plant("101 LevelOfNeedCode not 1-3", Set.of(101), r -> true, r -> set(r, "LevelOfNeed/LevelOfNeedCode", "7")));
        p.add(new Plant("103 no SENDFlag", Set.of(103), r -> age(r) <= 17 && !needsSend(r), r -> remove(r, "LevelOfNeed/SENDFlag")));
        p.add(new Plant("102 SENDFlag not Y/N", Set.of(102), r -> age(r) <= 17 && !needsSend(r), r -> set(r, "LevelOfNeed/SENDFlag", "Q")));
        p.add(new Plant("303 no SENSupportFlag", Set.of(303), r -> true, r -> remove(r, "LevelOfNeed/SENSupportFlag")));
        p.add(new Plant("304 SENSupportFlag not Y/N", Set.of(304), r -> true, r -> set(r, "LevelOfNeed/SENSupportFlag", "Q")));
        p.add(new Plant("104 characteristic not recognised", Set.of(104), r -> true, r -> add(r, "CharacteristicCode", "999")));
        p.add(new Plant("200 no ActivityCode", Set.of(200), r -> activity(r) != null, r -> remove(r, "Activities/Cohort/ActivityCode")));
        p.add(new Plant("201 activity 720, retired", Set.of(201), r -> activity(r) != null,
                r -> set(r, "Activities/Cohort/ActivityCode", "720")));
        p.add(new Plant("202 no StartDate", Set.of(202), r -> onOrAfterYearStart(get(r, "Activities/Cohort/DateVerified")),
                r -> remove(r, "Activities/Cohort/StartDate")));
        p.add(new Plant("203 no DateAscertained", Set.of(203), r -> has(r, "Activities/Cohort/DateAscertained"),
                r -> remove(r, "Activities/Cohort/DateAscertained")));
        p.add(new Plant("244 DueToLapseDate not an ISO date", Set.of(244), r -> has(r, "Activities/Cohort/DueToLapseDate"),
                r -> set(r, "Activities/Cohort/DueToLapseDate", "31/12/2026")));
        p.add(new Plant("220 no CurrencyLapsed", Set.of(220), r -> has(r, "Activities/Cohort/CurrencyLapsed"),
                r -> remove(r, "Activities/Cohort/CurrencyLapsed")));
        p.add(new Plant("221 CurrencyLapsed not Y/N", Set.of(221), r -> has(r, "Activities/Cohort/CurrencyLapsed"),
                r -> set(r, "Activities/Cohort/CurrencyLapsed", "Q")));
        p.add(new Plant("228 EstablishmentNumber not 7 digits", Set.of(228), r -> has(r, "Activities/Cohort/EstablishmentNumber"),
                r -> set(r, "Activities/Cohort/EstablishmentNumber", "12345")));
        p.add(new Plant("39 UKPRN not 8 digits starting 1", Set.of(39), r -> has(r, "Activities/Cohort/UKProviderReferenceNumber"),
                r -> set(r, "Activities/Cohort/UKProviderReferenceNumber", "20000000")));
        p.add(new Plant("258 PredictedEndDate not an ISO date", Set.of(258),
                r -> has(r, "Activities/Cohort/PredictedEndDate") && EMPLOYMENT.contains(activity(r)),
                r -> set(r, "Activities/Cohort/PredictedEndDate", "31/07/2027")));
        p.add(new Plant("302 intended destination not in its list", Set.of(302),
                r -> has(r, "IntendedDestination/IntendedDestinationYr11"),
                r -> set(r, "IntendedDestination/IntendedDestinationYr11", "999")));

        // ---- record checks (NccisAppendixDChecks) ----
        p.add(new Plant("903 YoungPersonsID of another database", Set.of(903), r -> true,
                r -> set(r, "PersonalDetails/YoungPersonsID", "880" + ypid(r).substring(3))));
        p.add(new Plant("37 PreviousYPIDIdentifier not 13 characters", Set.of(37), r -> true,
                r -> set(r, "PersonalDetails/PreviousYPIDIdentifier", "12345")));
        p.add(new Plant("31 no address at all", Set.of(31), r -> true, r -> {
            for (String line : List.of("AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4", "Town", "County")) {
                r = remove(r, "PersonalDetails/" + line);
            }
            return r;
        }));
        p.add(new Plant("9 academic age over 25", Set.of(9), r -> !NEET.contains(activity(r)) && activity(r) != null
                && !activity(r).startsWith("1"), r -> set(r, "PersonalDetails/DOB", AGE_DAY.minusYears(26).minusMonths(3).toString())));
        p.add(new Plant("10 academic age under 15", Set.of(10), r -> age(r) == 15 && "110".equals(activity(r)),
                r -> set(r, "PersonalDetails/DOB", AGE_DAY.minusYears(14).minusMonths(3).toString())));
        p.add(new Plant("40 aged 18-24 without SEND", Set.of(40), r -> age(r) >= 18 && age(r) <= 24 && !needsSend(r),
                r -> set(r, "LevelOfNeed/SENDFlag", "N")));
        p.add(new Plant("13 status T without TransferredToLACode", Set.of(13), r -> true,
                r -> set(r, "PersonalDetails/CohortStatus", "T")));
        p.add(new Plant("34 TransferredToLACode without status T", Set.of(34), r -> "P".equals(get(r, "PersonalDetails/CohortStatus")),
                r -> set(r, "PersonalDetails/TransferredToLACode", "873")));
        // "4" is read as 004, which is not an LA: 41 and, as for any LA NCCIS does not know, 35
        p.add(new Plant("41 TransferredToLACode 4 (004) (and so 35)", Set.of(41, 35), r -> true,
                r -> set(set(r, "PersonalDetails/CohortStatus", "T"), "PersonalDetails/TransferredToLACode", "4")));
        p.add(new Plant("42 transferred to the lead LA itself", Set.of(42), r -> true,
                r -> set(set(r, "PersonalDetails/CohortStatus", "T"), "PersonalDetails/TransferredToLACode", HUB_LA)));
        p.add(new Plant("26 LeadLEA not a source LA of the file", Set.of(26), r -> true, r -> set(r, "PersonalDetails/LeadLEA", "873")));
        p.add(new Plant("25 LEACodeAtYear11 differs from the Year 11 offer's LA", Set.of(25),
                r -> get(r, "SeptemberGuarantee/Year11/LEACode") != null, r -> set(r, "PersonalDetails/LEACodeAtYear11", "873")));
        p.add(new Plant("306 SEND and SEN support both Y", Set.of(306), r -> true,
                r -> set(set(r, "LevelOfNeed/SENDFlag", "Y"), "LevelOfNeed/SENSupportFlag", "Y")));
        p.add(new Plant("260 characteristic 180 (pregnant) with gender M", Set.of(260), r -> !characteristics(r).contains("180"),
                r -> add(set(r, "PersonalDetails/Gender", "M"), "CharacteristicCode", "180")));
        p.add(new Plant("240 no activity", Set.of(240), r -> r.contains("<Activities>"), r -> removeSection(r, "Activities")));
        p.add(new Plant("237 DateAscertained after DateVerified", Set.of(237),
                r -> has(r, "Activities/Cohort/DateVerified") && has(r, "Activities/Cohort/DateAscertained"),
                r -> set(r, "Activities/Cohort/DateAscertained", date(r, "Activities/Cohort/DateVerified").plusDays(1).toString())));
        p.add(new Plant("242 DateAscertained before StartDate", Set.of(242), r -> has(r, "Activities/Cohort/DateAscertained")
                && has(r, "Activities/Cohort/StartDate"),
                r -> set(r, "Activities/Cohort/DateAscertained", date(r, "Activities/Cohort/StartDate").minusDays(1).toString())));
        // a DateVerified before the start is before the DateAscertained too, which is on or after the start
        p.add(new Plant("256 DateVerified before StartDate (and so 237)", Set.of(256, 237),
                r -> has(r, "Activities/Cohort/DateVerified") && onOrAfterYearStart(get(r, "Activities/Cohort/StartDate")),
                r -> set(r, "Activities/Cohort/DateVerified", date(r, "Activities/Cohort/StartDate").minusDays(1).toString())));
        p.add(new Plant("305 DateVerified after the period end", Set.of(305), r -> has(r, "Activities/Cohort/DateVerified"),
                r -> set(r, "Activities/Cohort/DateVerified", PERIOD_END.plusDays(10).toString())));
        p.add(new Plant("909 neither started nor verified this academic year", Set.of(909),
                r -> has(r, "Activities/Cohort/DateVerified") && !onOrAfterYearStart(get(r, "Activities/Cohort/StartDate")),
                r -> set(set(r, "Activities/Cohort/DateVerified", YEAR_START.minusDays(10).toString()),
                        "Activities/Cohort/DateAscertained", YEAR_START.minusDays(10).toString())));
        p.add(new Plant("231 CurrencyLapsed Y, DueToLapseDate after the period end", Set.of(231),
                r -> "N".equals(get(r, "Activities/Cohort/CurrencyLapsed")) && date(r, "Activities/Cohort/DueToLapseDate") != null
                        && date(r, "Activities/Cohort/DueToLapseDate").isAfter(PERIOD_END),
                r -> set(r, "Activities/Cohort/CurrencyLapsed", "Y")));
        p.add(new Plant("232 CurrencyLapsed N, DueToLapseDate before the period end", Set.of(232),
                r -> "N".equals(get(r, "Activities/Cohort/CurrencyLapsed")) && has(r, "Activities/Cohort/DueToLapseDate"),
                r -> set(r, "Activities/Cohort/DueToLapseDate", PERIOD_END.minusDays(5).toString())));
        p.add(new Plant("243 no DueToLapseDate on an activity that lapses", Set.of(243),
                r -> has(r, "Activities/Cohort/DueToLapseDate") && !NEET.contains(activity(r)),
                r -> remove(r, "Activities/Cohort/DueToLapseDate")));
        p.add(new Plant("238 DueToLapseDate after PredictedEndDate", Set.of(238),
                r -> "N".equals(get(r, "Activities/Cohort/CurrencyLapsed")) && date(r, "Activities/Cohort/PredictedEndDate") != null
                        && date(r, "Activities/Cohort/PredictedEndDate").isAfter(PERIOD_END),
                r -> set(r, "Activities/Cohort/DueToLapseDate", date(r, "Activities/Cohort/PredictedEndDate").plusDays(1).toString())));
        p.add(new Plant("224 NEET activity without NEETStartDate", Set.of(224), r -> has(r, "Activities/Cohort/NEETStartDate"),
                r -> remove(r, "Activities/Cohort/NEETStartDate")));
        p.add(new Plant("226 NEETStartDate on an activity that is not NEET", Set.of(226),
                r -> activity(r) != null && !NEET.contains(activity(r)) && has(r, "Activities/Cohort/StartDate"),
                r -> set(r, "Activities/Cohort/NEETStartDate", get(r, "Activities/Cohort/StartDate"))));
        p.add(new Plant("225 NEETStartDate after StartDate", Set.of(225), r -> has(r, "Activities/Cohort/NEETStartDate"),
                r -> set(r, "Activities/Cohort/NEETStartDate", date(r, "Activities/Cohort/StartDate").plusDays(1).toString())));
        p.add(new Plant("251 NEETStartDate before the 15th birthday", Set.of(251), r -> has(r, "Activities/Cohort/NEETStartDate"),
                r -> set(r, "Activities/Cohort/NEETStartDate", date(r, "PersonalDetails/DOB").plusYears(14).toString())));
        p.add(new Plant("229 post-16 activity below Year 12", Set.of(229), r -> age(r) == 15 && "110".equals(activity(r))
                && has(r, "Activities/Cohort/DueToLapseDate"), r -> set(r, "Activities/Cohort/ActivityCode", "230")));
        p.add(new Plant("230 compulsory-age activity in Year 12", Set.of(230), r -> age(r) == 16 && EDUCATION.contains(activity(r))
                && has(r, "Activities/Cohort/PredictedEndDate"), r -> set(r, "Activities/Cohort/ActivityCode", "110")));
        p.add(new Plant("253 activity 440 under 18", Set.of(253), r -> age(r) <= 17 && EDUCATION.contains(activity(r))
                && has(r, "Activities/Cohort/PredictedEndDate"), r -> set(r, "Activities/Cohort/ActivityCode", "440")));
        p.add(new Plant("259 education without PredictedEndDate", Set.of(259), r -> EDUCATION.contains(activity(r))
                && !has(r, "Activities/Cohort/ReviewDate"), r -> remove(r, "Activities/Cohort/PredictedEndDate")));
        p.add(new Plant("262 activity 350 without ReviewDate", Set.of(262), r -> EMPLOYMENT.contains(activity(r))
                && !has(r, "Activities/Cohort/ReviewDate"), r -> set(r, "Activities/Cohort/ActivityCode", "350")));
        p.add(new Plant("257 ReviewDate after PredictedEndDate", Set.of(257), r -> has(r, "Activities/Cohort/PredictedEndDate"),
                r -> set(r, "Activities/Cohort/ReviewDate", date(r, "Activities/Cohort/PredictedEndDate").plusDays(1).toString())));
        p.add(new Plant("254 activity 280 without SEND", Set.of(254), r -> age(r) <= 17 && EDUCATION.contains(activity(r))
                && "N".equals(get(r, "LevelOfNeed/SENDFlag")) && has(r, "Activities/Cohort/PredictedEndDate"),
                r -> set(r, "Activities/Cohort/ActivityCode", "280")));
        p.add(new Plant("255 activity 460 without SEND", Set.of(255), r -> age(r) <= 17 && EDUCATION.contains(activity(r))
                && "N".equals(get(r, "LevelOfNeed/SENDFlag")) && has(r, "Activities/Cohort/PredictedEndDate"),
                r -> set(r, "Activities/Cohort/ActivityCode", "460")));
        p.add(new Plant("233 activity 620 (carer) without characteristic 140", Set.of(233), r -> NEET.contains(activity(r))
                && !characteristics(r).contains("140") && !"616".equals(activity(r)), r -> set(r, "Activities/Cohort/ActivityCode", "620")));
        p.add(new Plant("234 activity 630 (teenage parent) without characteristic 120", Set.of(234), r -> NEET.contains(activity(r))
                && !characteristics(r).contains("120") && !"616".equals(activity(r)), r -> set(r, "Activities/Cohort/ActivityCode", "630")));
        p.add(new Plant("235 activity 650 (pregnancy) without characteristic 180", Set.of(235), r -> NEET.contains(activity(r))
                && !characteristics(r).contains("180") && !"616".equals(activity(r)), r -> set(r, "Activities/Cohort/ActivityCode", "650")));
        p.add(new Plant("905 status G without a guarantee", Set.of(905), r -> !r.contains("<SeptemberGuarantee>")
                && !"Y".equals(get(r, "PersonalDetails/GuaranteeStatusIndicator")), r -> set(r, "PersonalDetails/CohortStatus", "G")));
        p.add(new Plant("906 indicator Y without a guarantee", Set.of(906), r -> !r.contains("<SeptemberGuarantee>"),
                r -> set(r, "PersonalDetails/GuaranteeStatusIndicator", "Y")));
        return p;
    }

    /** The record checks (mappings/nccis/appendix-d.yaml), and the field checks the nccis-xml mapping numbers. */
    private Set<Integer> checksTheHubMakes() throws java.io.IOException {
        Set<Integer> numbers = new TreeSet<>(appendixD.numbers());
        String mapping = Files.readString(Path.of("mappings/feeds/nccis-xml.yaml"));
        Matcher m = Pattern.compile("(?:missing|invalid): (\\d+)").matcher(mapping);
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        numbers.add(104);  // a characteristic code not in characteristic.yaml
        assertThat(numbers).hasSizeGreaterThan(80);
        return numbers;
    }

    private Map<String, Object> check(String xml) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        ResponseEntity<Map> r = api().postForEntity("/api/nccis/check?name=planted.xml&limit=10000",
                new HttpEntity<>(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers), Map.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = r.getBody();
        return body;
    }

    /** The first record not yet used that fits, now used; -1 if none. */
    private static int pick(List<String> records, Set<Integer> used, Predicate<String> fits) {
        for (int i = 0; i < records.size(); i++) {
            if (!used.contains(i) && fits.test(records.get(i))) {
                used.add(i);
                return i;
            }
        }
        return -1;
    }

    private static String ypid(String record) {
        return get(record, "PersonalDetails/YoungPersonsID");
    }

    private static String activity(String record) {
        return get(record, "Activities/Cohort/ActivityCode");
    }

    private static boolean needsSend(String record) {
        return Set.of("280", "460").contains(activity(record));
    }

    private static int age(String record) {
        return Period.between(LocalDate.parse(get(record, "PersonalDetails/DOB")), AGE_DAY).getYears();
    }

    private static boolean onOrAfterYearStart(String isoDate) {
        return isoDate != null && !LocalDate.parse(isoDate).isBefore(YEAR_START);
    }

    private static List<String> characteristics(String record) {
        List<String> codes = new ArrayList<>();
        Matcher m = Pattern.compile("<CharacteristicCode>([^<]*)</CharacteristicCode>").matcher(record);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    private static boolean has(String record, String path) {
        return get(record, path) != null;
    }

    private static LocalDate date(String record, String path) {
        String value = get(record, path);
        return value == null ? null : LocalDate.parse(value);
    }

    /** The text of the element at {@code path} below the record, or null. */
    private static String get(String xml, String path) {
        int[] at = locate(xml, path);
        return at == null ? null : xml.substring(at[1], at[2]);
    }

    /** Sets the element's text, adding it (and any section of its path missing) at the end of its parent. */
    private static String set(String xml, String path, String value) {
        int[] at = locate(xml, path);
        if (at != null) {
            return xml.substring(0, at[1]) + value + xml.substring(at[2]);
        }
        List<String> parts = List.of(path.split("/"));
        int depth = parts.size() - 1;
        int[] section = null;
        while (depth > 0 && (section = locate(xml, String.join("/", parts.subList(0, depth)))) == null) {
            depth--;
        }
        StringBuilder add = new StringBuilder();
        parts.subList(depth, parts.size()).forEach(name -> add.append('<').append(name).append('>'));
        add.append(value);
        for (int i = parts.size() - 1; i >= depth; i--) {
            add.append("</").append(parts.get(i)).append('>');
        }
        int insertAt = section == null ? xml.lastIndexOf("</YoungPersonsRecord>") : section[2];
        return xml.substring(0, insertAt) + add + xml.substring(insertAt);
    }

    /** Adds another element of that name at the end of the record (as CharacteristicCode is repeated). */
    private static String add(String xml, String name, String value) {
        int end = xml.lastIndexOf("</YoungPersonsRecord>");
        return xml.substring(0, end) + "<" + name + ">" + value + "</" + name + ">" + xml.substring(end);
    }

    private static String remove(String xml, String path) {
        int[] at = locate(xml, path);
        if (at == null) {
            return xml;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return xml.substring(0, at[0]) + xml.substring(at[2] + name.length() + 3);
    }

    private static String removeSection(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        int end = xml.indexOf("</" + name + ">", start);
        return xml.substring(0, start) + xml.substring(end + name.length() + 3);
    }

    /** {start of the element's tag, start of its text, end of its text} of the first element at the path, or null. */
    private static int[] locate(String xml, String path) {
        int from = 0;
        int to = xml.length();
        int[] found = null;
        for (String name : path.split("/")) {
            int start = xml.indexOf("<" + name + ">", from);
            if (start < 0 || start >= to) {
                return null;
            }
            int text = start + name.length() + 2;
            int end = xml.indexOf("</" + name + ">", text);
            if (end < 0 || end > to) {
                return null;
            }
            found = new int[] {start, text, end};
            from = text;
            to = end;
        }
        return found;
    }
}
