package org.pathwayshub.nccis;

import static org.pathwayshub.record.CommonField.ACTIVITY_CODE;
import static org.pathwayshub.record.CommonField.ADDRESS_LINE_1;
import static org.pathwayshub.record.CommonField.ADDRESS_LINE_2;
import static org.pathwayshub.record.CommonField.ADDRESS_LINE_3;
import static org.pathwayshub.record.CommonField.ADDRESS_LINE_4;
import static org.pathwayshub.record.CommonField.ACTIVITY_START;
import static org.pathwayshub.record.CommonField.COHORT_STATUS;
import static org.pathwayshub.record.CommonField.COUNTY;
import static org.pathwayshub.record.CommonField.CURRENCY_LAPSED;
import static org.pathwayshub.record.CommonField.DATE_ASCERTAINED;
import static org.pathwayshub.record.CommonField.DATE_VERIFIED;
import static org.pathwayshub.record.CommonField.DOB;
import static org.pathwayshub.record.CommonField.DUE_TO_LAPSE_DATE;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.carrotsearch.hppc.LongLongHashMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.mapping.RecordChecks;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.RecordIssue.Severity;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.record.Section;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The record-level checks of NCCIS Appendix D: what NCCIS would say about a young person's record once each
 * value on its own is fine (a value missing or in the wrong format is the mapping file's job). One {@link Rule} per
 * check; what each reports is data in {@value #CHECKS_FILE}: its DfE error number, the field it names, and whether
 * it quarantines the record, warns, or is off. That file is read again when it changes, before the next file is
 * checked.
 */
@Component
public class NccisAppendixDChecks implements RecordChecks {

    public static final String NAME = "nccis-appendix-d";
    static final String CHECKS_FILE = "mappings/nccis/appendix-d.yaml";

    /**
     * The rules the hub knows how to check, by the name {@value #CHECKS_FILE} gives them (the constant's name in
     * lower case with hyphens: {@code young-persons-id-twice}).
     */
    public enum Rule {
        YOUNG_PERSONS_ID_OF_ANOTHER_DATABASE, YOUNG_PERSONS_ID_TWICE, ULN_ON_TWO_YOUNG_PEOPLE, SAME_NAMES_AND_DATE_OF_BIRTH,
        PREVIOUS_YOUNG_PERSONS_ID_LENGTH, NO_ADDRESS, OVER_25, UNDER_15, AGED_18_TO_24_WITHOUT_SEND,
        TRANSFERRED_WITHOUT_LA, TRANSFER_LA_WITHOUT_STATUS_T, TRANSFER_LA_004, TRANSFER_LA_IS_LEAD_LA, LEAD_LA_NOT_A_SOURCE_LA,
        LA_AT_YEAR_11_NOT_THE_OFFER_LA, SEND_AND_SEN_SUPPORT, PREGNANT_WITH_GENDER_M, NO_ACTIVITY,
        ASCERTAINED_AFTER_VERIFIED, ASCERTAINED_BEFORE_START, VERIFIED_BEFORE_START, VERIFIED_AFTER_PERIOD_END,
        NOT_THIS_ACADEMIC_YEAR, NO_DUE_TO_LAPSE_DATE, LAPSED_BUT_DUE_LATER, NOT_LAPSED_BUT_DUE_EARLIER,
        DUE_TO_LAPSE_AFTER_PREDICTED_END, NEET_WITHOUT_NEET_START, NEET_START_NOT_NEET, NEET_START_AFTER_START,
        NEET_START_BEFORE_15, POST_16_ACTIVITY_BELOW_YEAR_12, SCHOOL_AGE_ACTIVITY_FROM_YEAR_12, DWP_PROGRAMME_UNDER_18,
        NO_PREDICTED_END, NO_REVIEW_DATE, REVIEW_AFTER_PREDICTED_END, ACTIVITY_NEEDS_SEND, ACTIVITY_NEEDS_CHARACTERISTIC,
        /** Reported on the status it is about (Year 11 or Year 12) unless the file names a field. */
        GUARANTEE_STATUS_OF_ANOTHER_YEAR,
        GUARANTEE_COHORT_WITHOUT_OFFER, INDICATOR_WITHOUT_OFFER;

        /** The rule's name in {@value #CHECKS_FILE}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean fieldFromRecord() {
            return this == GUARANTEE_STATUS_OF_ANOTHER_YEAR;
        }
    }

    /**
     * What a rule reports: its DfE number (or, where the rule is about a code, the number for that code in
     * {@code byCode}), the field, and the severity (null: off).
     */
    public record Setting(int dfe, Map<String, Integer> byCode, CommonField field, Severity severity) {
        int dfe(String code) {
            return code != null && byCode.containsKey(code) ? byCode.get(code) : dfe;
        }
    }

    private static final ZoneId UK = ZoneId.of("Europe/London");

    // attribute values in mappings/codes/activity.yaml
    private static final String NEET = "neet";
    private static final String COMPULSORY = "compulsory";
    private static final Set<String> POST_16_GROUPS = Set.of("education", "employment", "training", "participating", NEET);
    /** DfE 253 names this one activity; activity.yaml has no age attribute for it. */
    private static final String DWP_PROGRAMME = "440";
    private static final int DWP_PROGRAMME_MIN_AGE = 18;
    private static final String TRANSFER_LA_NOT_ACCEPTED = "004";
    private static final int YOUNG_PERSONS_ID_LENGTH = 13;
    private static final List<CommonField> ADDRESS = List.of(ADDRESS_LINE_1, ADDRESS_LINE_2, ADDRESS_LINE_3, ADDRESS_LINE_4,
            TOWN, COUNTY);
    private static final String PREGNANT = "180";

    private final CodeLists codeLists;
    private final HubConfigFiles files;
    private final Clock clock;
    private volatile Settings settings;

    private record Settings(long lastModified, Map<Rule, Setting> byRule) {
    }

    @Autowired
    public NccisAppendixDChecks(CodeLists codeLists, HubConfigFiles files) {
        this(codeLists, files, Clock.system(UK));
    }

    /** @param clock gives the period end (as today) for a file whose header has none */
    public NccisAppendixDChecks(CodeLists codeLists, HubConfigFiles files, Clock clock) {
        this.codeLists = codeLists;
        this.files = files;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(Map<String, String> fileHeader) {
        return new FileRun(fileHeader, settings());
    }

    /** The DfE numbers the rules report as {@value #CHECKS_FILE} has them now (the rules that are off left out). */
    public Set<Integer> numbers() {
        Set<Integer> numbers = new TreeSet<>();
        settings().values().stream().filter(s -> s.severity() != null).forEach(s -> {
            numbers.add(s.dfe());
            numbers.addAll(s.byCode().values());
        });
        return numbers;
    }

    // ---- what each rule reports: mappings/nccis/appendix-d.yaml ----

    /** Each rule's setting, read again when the file has changed. */
    public Map<Rule, Setting> settings() {
        Resource resource = files.find(CHECKS_FILE).orElseThrow(() -> new MappingFileException(CHECKS_FILE, "",
                "the file: it says what each NCCIS record check reports (the project's mappings/nccis/appendix-d.yaml)"));
        long modified = HubConfigFiles.lastModified(resource);
        Settings cached = settings;
        if (cached != null && cached.lastModified() == modified && modified != 0L) {
            return cached.byRule();
        }
        Map<Rule, Setting> byRule = read(resource);
        settings = new Settings(modified, byRule);
        return byRule;
    }

    private static Map<Rule, Setting> read(Resource resource) {
        JsonNode root;
        try (InputStream in = resource.getInputStream()) {
            root = HubConfigFiles.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CHECKS_FILE, e);
        }
        if (root == null || !root.isObject() || !root.path("checks").isObject()) {
            throw new MappingFileException(CHECKS_FILE, "checks", "a map of the record checks by name, each with dfe, "
                    + "field and severity, such as young-persons-id-twice: { dfe: 902, field: person.youngPersonsId, "
                    + "severity: reject }");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("checks")) {
                throw new MappingFileException(CHECKS_FILE, key, "only 'checks' (each record check by name)");
            }
        }
        Map<String, Rule> rules = new java.util.LinkedHashMap<>();
        for (Rule r : Rule.values()) {
            rules.put(r.key(), r);
        }
        Map<Rule, Setting> byRule = new EnumMap<>(Rule.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("checks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Rule rule = rules.get(e.getKey());
            String key = "checks." + e.getKey();
            if (rule == null) {
                throw new MappingFileException(CHECKS_FILE, key, "the name of a record check the hub makes " + rules.keySet());
            }
            byRule.put(rule, setting(rule, key, e.getValue()));
        }
        List<String> missing = rules.values().stream().filter(r -> !byRule.containsKey(r)).map(Rule::key).toList();
        if (!missing.isEmpty()) {
            throw new MappingFileException(CHECKS_FILE, "checks", "every record check the hub makes, each with dfe, field "
                    + "and severity (severity: off to stop one); missing " + missing);
        }
        return Map.copyOf(byRule);
    }

    private static Setting setting(Rule rule, String key, JsonNode node) {
        if (!node.isObject()) {
            throw new MappingFileException(CHECKS_FILE, key, "{ dfe: <number>, field: <common-record field>, severity: "
                    + "reject | warn | off }");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("dfe", "field", "severity", "byCode").contains(name)) {
                throw new MappingFileException(CHECKS_FILE, key + "." + name, "dfe, field, severity or byCode");
            }
        }
        int dfe = number(node.path("dfe"), key + ".dfe");
        Map<String, Integer> byCode = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("byCode").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byCode.put(e.getKey(), number(e.getValue(), key + ".byCode." + e.getKey()));
        }
        String fieldKey = node.path("field").asText("");
        CommonField field = null;
        if (!fieldKey.isBlank()) {
            field = CommonField.byKey(fieldKey).orElseThrow(() -> new MappingFileException(CHECKS_FILE, key + ".field",
                    "a common-record field such as person.youngPersonsId (got '" + fieldKey + "')"));
        } else if (!rule.fieldFromRecord()) {
            throw new MappingFileException(CHECKS_FILE, key + ".field", "the common-record field the problem is reported on");
        }
        JsonNode severityNode = node.path("severity");
        // YAML 1.1 reads a bare off as false
        String severity = severityNode.isBoolean() && !severityNode.booleanValue() ? "off" : severityNode.asText("");
        Severity level = switch (severity) {
            case "reject" -> Severity.REJECT;
            case "warn" -> Severity.WARNING;
            case "off" -> null;
            default -> throw new MappingFileException(CHECKS_FILE, key + ".severity", "reject, warn or off (got '"
                    + severity + "')");
        };
        return new Setting(dfe, Map.copyOf(byCode), field, level);
    }

    private static int number(JsonNode node, String key) {
        String text = node.asText();
        if (!(node.isIntegralNumber() || (node.isTextual() && text.matches("\\d{1,4}")))) {
            throw new MappingFileException(CHECKS_FILE, key, "a DfE error number such as 902 (got '" + text + "')");
        }
        return Integer.parseInt(text);
    }

    // ---- one file ----

    /** One file's header and what earlier records of the file said, for the duplicate checks. */
    private final class FileRun implements Run {

        private final String databaseId;
        private final Set<String> sourceLas;
        private final LocalDate periodEnd;
        /** 1 September that starts the academic year containing the period end. */
        private final LocalDate yearStart;
        private final Map<Rule, Setting> settings;
        private final CodeList activities = codeLists.get("activity");

        // What earlier records of the file held, for the duplicate checks: one entry per record, as primitive longs
        // (a YoungPersonsID and a ULN are numbers; names with the date of birth a 64-bit hash), about 60 bytes a record
        // over the three maps, so a file of a million young people needs some 60 MB, not the 400 MB strings would.
        /** YoungPersonsID -> the line of the first record with it. */
        private final LongLongHashMap lineByYoungPersonsId = new LongLongHashMap();
        /** ULN -> the YoungPersonsID of the first record with it. */
        private final LongLongHashMap youngPersonsIdByUln = new LongLongHashMap();
        /** given name, family name and date of birth -> the YoungPersonsID of the first record with them. */
        private final LongLongHashMap youngPersonsIdByNameAndDob = new LongLongHashMap();

        FileRun(Map<String, String> header, Map<Rule, Setting> settings) {
            this.databaseId = blankToNull(header.get("DatabaseID"));
            this.sourceLas = sourceLas(header.get("SourceLEAs"));
            this.periodEnd = periodEnd(header.get("PeriodEnd"));
            this.yearStart = AcademicYear.start(periodEnd);
            this.settings = settings;
        }

        @Override
        public List<RecordIssue> check(CheckedRecord record) {
            Findings found = new Findings(record);
            Integer age = academicAge(record);
            identity(record, found);
            personalDetails(record, found);
            age(record, age, found);
            cohortAndLas(record, found);
            need(record, found);
            activity(record, age, found);
            guarantee(record, found);
            return found.issues;
        }

        // ---- identity ----

        private void identity(CheckedRecord r, Findings found) {
            String ypid = r.get(YOUNG_PERSONS_ID);
            if (ypid == null) {
                return;
            }
            // 903
            if (databaseId != null && !ypid.startsWith(databaseId)) {
                found.add(Rule.YOUNG_PERSONS_ID_OF_ANOTHER_DATABASE, r.column(YOUNG_PERSONS_ID) + " does not start with this file's DatabaseID "
                        + databaseId + ": it is the database's number followed by the local id; correct it in the CCIS");
            }
            if (!DIGITS.matcher(ypid).matches()) {
                return;  // only a valid (13-digit) YoungPersonsID is compared with the others
            }
            long id = Long.parseLong(ypid);
            // 902
            long firstLine = lineByYoungPersonsId.getOrDefault(id, -1);
            if (firstLine >= 0) {
                found.add(Rule.YOUNG_PERSONS_ID_TWICE, "the same " + r.column(YOUNG_PERSONS_ID) + " is on the record at line " + firstLine
                        + ": a young person appears once in a return; merge the two records in the CCIS");
            } else {
                lineByYoungPersonsId.put(id, r.line());
            }
            // 907
            String uln = r.get(ULN);
            if (uln != null && DIGITS.matcher(uln).matches()) {
                long earlier = firstOwner(youngPersonsIdByUln, Long.parseLong(uln), id);
                if (earlier >= 0 && earlier != id) {
                    found.add(Rule.ULN_ON_TWO_YOUNG_PEOPLE, "the same " + r.column(ULN) + " is on the record at line " + lineOf(earlier)
                            + " (YoungPersonsID " + youngPersonsId(earlier, ypid) + "): a ULN belongs to one young person; "
                            + "correct the ULN, or merge the records if they are the same person");
                }
            }
            // 908
            String nameAndDob = nameAndDob(r);
            if (nameAndDob != null) {
                long earlier = firstOwner(youngPersonsIdByNameAndDob, hash64(nameAndDob), id);
                if (earlier >= 0 && earlier != id) {
                    found.add(Rule.SAME_NAMES_AND_DATE_OF_BIRTH, "suspected duplicate: the same given name, family name and date of birth "
                            + "as the record at line " + lineOf(earlier) + " (YoungPersonsID " + youngPersonsId(earlier, ypid)
                            + "): merge the records if they are the same young person");
                }
            }
        }

        /** The YoungPersonsID first seen with this key, or -1 (and this one is recorded as the first). */
        private long firstOwner(LongLongHashMap owners, long key, long youngPersonsId) {
            long earlier = owners.getOrDefault(key, -1);
            if (earlier < 0) {
                owners.put(key, youngPersonsId);
            }
            return earlier;
        }

        private long lineOf(long youngPersonsId) {
            return lineByYoungPersonsId.getOrDefault(youngPersonsId, 0);
        }

        /** A YoungPersonsID kept as a number, written back with the digits this file's ids have. */
        private static String youngPersonsId(long id, String like) {
            return String.format("%0" + like.length() + "d", id);
        }

        // ---- personal details ----

        private void personalDetails(CheckedRecord r, Findings found) {
            // 37
            String previous = r.sent(PREVIOUS_YPID);
            if (previous != null && previous.length() != YOUNG_PERSONS_ID_LENGTH) {
                found.add(Rule.PREVIOUS_YOUNG_PERSONS_ID_LENGTH, r.column(PREVIOUS_YPID) + " '" + previous + "' has " + previous.length()
                        + " characters, not " + YOUNG_PERSONS_ID_LENGTH + ": give the young person's YoungPersonsID in the "
                        + "database that sent them before, or leave it empty");
            }
            // 31: "no address" means no line of it at all, not an empty first line
            if (ADDRESS.stream().noneMatch(r::has)) {
                found.add(Rule.NO_ADDRESS, "no address line, town or county is recorded: add the young person's "
                        + "current address");
            }
        }

        // ---- age ----

        private void age(CheckedRecord r, Integer age, Findings found) {
            if (age == null) {
                return;
            }
            // 9
            if (age > 25) {
                found.add(Rule.OVER_25, "academic age " + age + " is over 25, beyond the NCCIS cohort: check the date of birth, "
                        + "or record that the young person has left (cohort status A)");
            }
            // 10
            if (age < 15) {
                found.add(Rule.UNDER_15, "academic age " + age + " is under 15, below the NCCIS cohort (Year 11 and over): "
                        + "check the date of birth");
            }
            // 40
            if (age >= 18 && age <= 24 && !isTrue(r, SEND)) {
                found.add(Rule.AGED_18_TO_24_WITHOUT_SEND, "academic age " + age + " (18 to 24) is tracked only with SEND, but " + r.column(SEND)
                        + " is not Y: set it to Y if the young person has SEND, otherwise check the date of birth");
            }
        }

        // ---- cohort and LAs ----

        private void cohortAndLas(CheckedRecord r, Findings found) {
            String status = r.get(COHORT_STATUS);
            // what was sent, valid or not: a code the LA list does not know (35, 15, 24) can still break these rules
            String transferredTo = laCode(r.sent(TRANSFERRED_TO_LA));
            String leadLa = laCode(r.sent(LEAD_LA));
            // 13
            if ("T".equals(status) && transferredTo == null) {
                found.add(Rule.TRANSFERRED_WITHOUT_LA, "cohort status T (transferred) has no " + r.column(TRANSFERRED_TO_LA)
                        + ": add the LA the young person moved to");
            }
            // 34
            if (transferredTo != null && status != null && !"T".equals(status)) {
                found.add(Rule.TRANSFER_LA_WITHOUT_STATUS_T, r.column(TRANSFERRED_TO_LA) + " is given but cohort status is " + status
                        + ", not T: set the status to T if the young person moved LA, otherwise remove the transfer LA");
            }
            // 41
            if (TRANSFER_LA_NOT_ACCEPTED.equals(transferredTo)) {
                found.add(Rule.TRANSFER_LA_004, r.column(TRANSFERRED_TO_LA) + " '" + r.sent(TRANSFERRED_TO_LA) + "' ("
                        + TRANSFER_LA_NOT_ACCEPTED + ") is not accepted by NCCIS: give the three-digit number of the LA the "
                        + "young person moved to");
            }
            // 42
            if (transferredTo != null && transferredTo.equals(leadLa)) {
                found.add(Rule.TRANSFER_LA_IS_LEAD_LA, r.column(TRANSFERRED_TO_LA) + " is the lead LA itself: a transfer is to "
                        + "another LA; correct the transfer LA or the cohort status");
            }
            // 26
            if (leadLa != null && !sourceLas.isEmpty() && !sourceLas.contains(leadLa)) {
                found.add(Rule.LEAD_LA_NOT_A_SOURCE_LA, r.column(LEAD_LA) + " " + leadLa + " is not one of this file's source LAs "
                        + sourceLas + ": correct the lead LA, or send the record in that LA's return");
            }
            // 25
            String laAtYear11 = laCode(r.sent(LA_AT_YEAR_11));
            String offerLa = laCode(r.sent(YEAR_11_GUARANTEE_LA));
            if (laAtYear11 != null && offerLa != null && !laAtYear11.equals(offerLa)) {
                found.add(Rule.LA_AT_YEAR_11_NOT_THE_OFFER_LA, r.column(LA_AT_YEAR_11) + " " + laAtYear11 + " differs from the LA of the Year 11 "
                        + "September Guarantee offer (" + offerLa + "): correct whichever is wrong");
            }
        }

        // ---- level of need, SEND, characteristics ----

        private void need(CheckedRecord r, Findings found) {
            // 306
            if (isTrue(r, SEND) && isTrue(r, SEN_SUPPORT)) {
                found.add(Rule.SEND_AND_SEN_SUPPORT, r.column(SEND) + " and " + r.column(SEN_SUPPORT) + " are both Y: a young person "
                        + "has one or the other; keep SEND only with an education, health and care plan");
            }
            // 260
            if ("M".equals(r.get(GENDER)) && hasCharacteristic(r, PREGNANT)) {
                found.add(Rule.PREGNANT_WITH_GENDER_M, "characteristic " + PREGNANT + " (pregnant) is recorded with gender M: "
                        + "correct the gender or remove the characteristic");
            }
        }

        // ---- activity ----

        private void activity(CheckedRecord r, Integer age, Findings found) {
            // 240
            if (Arrays.stream(CommonField.values()).noneMatch(f -> f.section() == Section.ACTIVITY && r.has(f))) {
                found.add(Rule.NO_ACTIVITY, "no activity is recorded: add the young person's current activity "
                        + "(code, start date and date ascertained)");
                return;
            }
            String code = r.get(ACTIVITY_CODE);
            if (code == null) {
                return;
            }
            activityDates(r, found);
            currency(r, code, found);
            neet(r, code, found);
            activityForAge(r, code, age, found);
            planning(r, code, found);
            activityNeeds(r, code, found);
        }

        private void activityDates(CheckedRecord r, Findings found) {
            LocalDate start = r.get(ACTIVITY_START);
            LocalDate ascertained = r.get(DATE_ASCERTAINED);
            LocalDate verified = r.get(DATE_VERIFIED);
            // 237
            if (after(ascertained, verified)) {
                found.add(Rule.ASCERTAINED_AFTER_VERIFIED, r.column(DATE_ASCERTAINED) + " " + ascertained + " is after "
                        + r.column(DATE_VERIFIED) + " " + verified + ": an activity is ascertained before it is verified; correct either date");
            }
            // 242
            if (after(start, ascertained)) {
                found.add(Rule.ASCERTAINED_BEFORE_START, r.column(DATE_ASCERTAINED) + " " + ascertained + " is before the activity's "
                        + r.column(ACTIVITY_START) + " " + start + ": correct either date");
            }
            // 256
            if (after(start, verified)) {
                found.add(Rule.VERIFIED_BEFORE_START, r.column(DATE_VERIFIED) + " " + verified + " is before the activity's "
                        + r.column(ACTIVITY_START) + " " + start + ": correct either date");
            }
            // 305
            if (after(verified, periodEnd)) {
                found.add(Rule.VERIFIED_AFTER_PERIOD_END, r.column(DATE_VERIFIED) + " " + verified + " is after the period end " + periodEnd
                        + ": correct the date");
            }
            // 909
            boolean anyDate = start != null || verified != null;
            if (anyDate && !onOrAfter(start, yearStart) && !onOrAfter(verified, yearStart)) {
                found.add(Rule.NOT_THIS_ACADEMIC_YEAR, "the activity was neither started nor verified this academic year (from "
                        + yearStart + "): confirm the young person's current activity and record when it was verified");
            }
        }

        private void currency(CheckedRecord r, String code, Findings found) {
            LocalDate dueToLapse = r.get(DUE_TO_LAPSE_DATE);
            Boolean lapsed = r.get(CURRENCY_LAPSED);
            // 243 (a date that is not one is 244, from the mapping)
            if (r.sent(DUE_TO_LAPSE_DATE) == null && isTrue(activities.attribute(code, "needsDueToLapse"))) {
                found.add(Rule.NO_DUE_TO_LAPSE_DATE, "activity " + describe(code) + " needs a " + r.column(DUE_TO_LAPSE_DATE)
                        + ": add when the information on it lapses (normally three months after it was verified for an "
                        + "activity, or the planned end)");
            }
            // 231
            if (Boolean.TRUE.equals(lapsed) && after(dueToLapse, periodEnd)) {
                found.add(Rule.LAPSED_BUT_DUE_LATER, r.column(CURRENCY_LAPSED) + " is Y but " + r.column(DUE_TO_LAPSE_DATE) + " "
                        + dueToLapse + " is after the period end " + periodEnd + ": set it to N, or correct the date");
            }
            // 232
            if (Boolean.FALSE.equals(lapsed) && after(periodEnd, dueToLapse)) {
                found.add(Rule.NOT_LAPSED_BUT_DUE_EARLIER, r.column(CURRENCY_LAPSED) + " is N but " + r.column(DUE_TO_LAPSE_DATE) + " "
                        + dueToLapse + " is before the period end " + periodEnd + ": set it to Y, or verify the activity again");
            }
            // 238
            LocalDate predictedEnd = r.get(PREDICTED_END_DATE);
            if (after(dueToLapse, predictedEnd)) {
                found.add(Rule.DUE_TO_LAPSE_AFTER_PREDICTED_END, r.column(DUE_TO_LAPSE_DATE) + " " + dueToLapse + " is after "
                        + r.column(PREDICTED_END_DATE) + " " + predictedEnd + ": correct either date");
            }
        }

        private void neet(CheckedRecord r, String code, Findings found) {
            LocalDate neetStart = r.get(NEET_START_DATE);
            boolean isNeet = NEET.equals(activities.attribute(code, "group"));
            // 224
            if (isNeet && neetStart == null) {
                found.add(Rule.NEET_WITHOUT_NEET_START, "NEET activity " + code + " has no " + r.column(NEET_START_DATE)
                        + ": add the date the young person became NEET");
            }
            // 226
            if (!isNeet && neetStart != null) {
                found.add(Rule.NEET_START_NOT_NEET, r.column(NEET_START_DATE) + " is given on activity " + describe(code)
                        + ", which is not NEET: remove it, or correct the activity code");
            }
            if (!isNeet || neetStart == null) {
                return;
            }
            // 225
            LocalDate start = r.get(ACTIVITY_START);
            if (after(neetStart, start)) {
                found.add(Rule.NEET_START_AFTER_START, r.column(NEET_START_DATE) + " " + neetStart + " is after the activity's "
                        + r.column(ACTIVITY_START) + " " + start + ": a young person is NEET by the start of a NEET activity; correct either date");
            }
            // 251
            LocalDate dob = r.get(DOB);
            if (dob != null && neetStart.isBefore(dob.plusYears(15))) {
                found.add(Rule.NEET_START_BEFORE_15, r.column(NEET_START_DATE) + " " + neetStart + " is before the young person's "
                        + "15th birthday: correct the NEET start date or the date of birth");
            }
        }

        private void activityForAge(CheckedRecord r, String code, Integer age, Findings found) {
            if (age == null) {
                return;
            }
            Object group = activities.attribute(code, "group");
            // 229
            if (POST_16_GROUPS.contains(group) && age < 16) {
                found.add(Rule.POST_16_ACTIVITY_BELOW_YEAR_12, "activity " + describe(code) + " is post-16 but the young person is below Year 12 "
                        + "(academic age " + age + "): record their school-age activity, or check the date of birth");
            }
            // 230
            if (COMPULSORY.equals(group) && age >= 16) {
                found.add(Rule.SCHOOL_AGE_ACTIVITY_FROM_YEAR_12, "activity " + describe(code) + " is for compulsory school age but the young person "
                        + "is in Year 12 or above (academic age " + age + "): record their post-16 activity, or check the date of birth");
            }
            // 253
            if (DWP_PROGRAMME.equals(code) && age < DWP_PROGRAMME_MIN_AGE) {
                found.add(Rule.DWP_PROGRAMME_UNDER_18, "activity " + describe(code) + " is for young people aged 18 or over, but academic "
                        + "age is " + age + ": correct the activity code or the date of birth");
            }
        }

        private void planning(CheckedRecord r, String code, Findings found) {
            LocalDate predictedEnd = r.get(PREDICTED_END_DATE);
            LocalDate review = r.get(REVIEW_DATE);
            // 259
            if (isTrue(activities.attribute(code, "needsPredictedEnd")) && predictedEnd == null) {
                found.add(Rule.NO_PREDICTED_END, "activity " + describe(code) + " needs a " + r.column(PREDICTED_END_DATE)
                        + ": add when the course or programme is expected to end");
            }
            // 262
            if (isTrue(activities.attribute(code, "needsReview")) && review == null) {
                found.add(Rule.NO_REVIEW_DATE, "activity " + describe(code) + " needs a " + r.column(REVIEW_DATE)
                        + ": add when the activity is to be reviewed");
            }
            // 257
            if (after(review, predictedEnd)) {
                found.add(Rule.REVIEW_AFTER_PREDICTED_END, r.column(REVIEW_DATE) + " " + review + " is after " + r.column(PREDICTED_END_DATE)
                        + " " + predictedEnd + ": review the activity by its predicted end; correct either date");
            }
        }

        private void activityNeeds(CheckedRecord r, String code, Findings found) {
            // 254, 255
            if (isTrue(activities.attribute(code, "needsSend")) && !isTrue(r, SEND)) {
                found.add(Rule.ACTIVITY_NEEDS_SEND, code, "activity " + describe(code) + " is for young people "
                        + "with SEND, but " + r.column(SEND) + " is not Y: set it to Y if they have SEND, otherwise correct the activity");
            }
            // 233, 234, 235
            Object needed = activities.attribute(code, "needsCharacteristic");
            if (needed != null && !hasCharacteristic(r, needed.toString())) {
                String characteristic = needed.toString();
                String label = codeLists.has("characteristic") ? codeLists.get("characteristic").label(characteristic) : null;
                found.add(Rule.ACTIVITY_NEEDS_CHARACTERISTIC, characteristic, "activity " + describe(code)
                        + " needs characteristic " + characteristic + (label == null ? "" : " (" + label + ")")
                        + ", which the record does not have: add the characteristic, or correct the activity");
            }
        }

        // ---- September Guarantee ----

        private void guarantee(CheckedRecord r, Findings found) {
            // 27: a status of the Year 12 list only, given for Year 11 (a value in neither list is 27 from the mapping)
            guaranteeYear(r, YEAR_11_GUARANTEE_STATUS, 11, found);
            guaranteeYear(r, YEAR_12_GUARANTEE_STATUS, 12, found);
            boolean offerRecorded = (r.has(YEAR_11_GUARANTEE_STATUS) && r.has(YEAR_11_GUARANTEE_LA))
                    || (r.has(YEAR_12_GUARANTEE_STATUS) && r.has(YEAR_12_GUARANTEE_LA));
            if (offerRecorded) {
                return;
            }
            // 905
            if ("G".equals(r.get(COHORT_STATUS))) {
                found.add(Rule.GUARANTEE_COHORT_WITHOUT_OFFER, "cohort status G (September Guarantee) needs a Year 11 or Year 12 guarantee status "
                        + "with its LA: add them, or change the cohort status");
            }
            // 906
            if ("Y".equals(r.get(GUARANTEE_INDICATOR))) {
                found.add(Rule.INDICATOR_WITHOUT_OFFER, r.column(GUARANTEE_INDICATOR) + " is Y but there is no Year 11 or Year 12 "
                        + "guarantee status with its LA: add them, or set the indicator to N");
            }
        }

        private void guaranteeYear(CheckedRecord r, CommonField field, int year, Findings found) {
            String status = r.get(field);
            if (status == null || !codeLists.has("guarantee-status")) {
                return;
            }
            Object years = codeLists.get("guarantee-status").attribute(status, "years");
            if (years instanceof List<?> list && list.stream().noneMatch(y -> y instanceof Number n && n.intValue() == year)) {
                found.add(Rule.GUARANTEE_STATUS_OF_ANOTHER_YEAR, field, "guarantee status " + status + " is not one of the Year " + year + " statuses (it is for Year "
                        + list.stream().map(Object::toString).reduce((a, b) -> a + " and " + b).orElse("?")
                        + "): correct the status, or record it under that year");
            }
        }

        // ---- shared ----

        /** Age on 31 August before the academic year containing the period end; Year 12 starts at 16. */
        private Integer academicAge(CheckedRecord r) {
            LocalDate dob = r.get(DOB);
            return dob == null ? null : Period.between(dob, yearStart.minusDays(1)).getYears();
        }

        private String describe(String activityCode) {
            String label = activities.label(activityCode);
            return label == null ? activityCode : activityCode + " (" + label + ")";
        }

        /** The issues of one record, each as warning or reject as the severity file says. */
        private final class Findings {
            private final CheckedRecord record;
            private final List<RecordIssue> issues = new ArrayList<>();

            Findings(CheckedRecord record) {
                this.record = record;
            }

            void add(Rule rule, String reason) {
                add(rule, null, null, reason);
            }

            /** A rule about a code (an activity, a characteristic), which may have a number of its own. */
            void add(Rule rule, String code, String reason) {
                add(rule, code, null, reason);
            }

            /** A rule about whichever field it found wrong (unless the checks file names one). */
            void add(Rule rule, CommonField about, String reason) {
                add(rule, null, about, reason);
            }

            /**
             * A problem with a field the feed does not send at all (a provider extract without DateVerified or
             * SEND, say) is not the partner's to fix, so it is not reported.
             */
            private void add(Rule rule, String code, CommonField about, String reason) {
                Setting setting = settings.get(rule);
                if (setting.severity() == null) {
                    return;
                }
                CommonField field = setting.field() != null ? setting.field() : about;
                if (!record.columns().isEmpty() && !record.columns().containsKey(field)) {
                    return;
                }
                issues.add(record.issue(setting.severity(), field, setting.dfe(code), reason));
            }
        }
    }

    // ---- file header ----

    private LocalDate periodEnd(String header) {
        String value = blankToNull(header);
        if (value == null) {
            return LocalDate.now(clock);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("file header PeriodEnd: expected a date as yyyy-MM-dd (got '" + value + "')", e);
        }
    }

    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern SHORT_NUMBER = Pattern.compile("\\d{1,2}");

    /** An LA code as NCCIS compares them: the three-digit number, so '4' is 004; anything else as sent. */
    static String laCode(String sent) {
        if (sent == null || sent.isBlank()) {
            return null;
        }
        String code = sent.strip();
        return SHORT_NUMBER.matcher(code).matches() ? String.format("%03d", Integer.parseInt(code)) : code;
    }

    /** FNV-1a, 64 bits: a key of a few dozen characters as a number; two different ones alike once in 10^19. */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static Set<String> sourceLas(String header) {
        Set<String> las = new LinkedHashSet<>();
        if (header != null) {
            for (String la : header.split(",")) {
                if (!la.isBlank()) {
                    las.add(laCode(la));
                }
            }
        }
        return las;
    }

    private static String nameAndDob(CheckedRecord r) {
        String given = r.get(GIVEN_NAME);
        String family = r.get(FAMILY_NAME);
        LocalDate dob = r.get(DOB);
        if (given == null || family == null || dob == null) {
            return null;
        }
        return given.strip().toLowerCase(Locale.ROOT) + "\n" + family.strip().toLowerCase(Locale.ROOT) + "\n" + dob;
    }

    private static boolean hasCharacteristic(CheckedRecord r, String code) {
        return r.characteristics() != null && r.characteristics().stream().anyMatch(c -> code.equals(c.code()));
    }

    private static boolean isTrue(CheckedRecord r, CommonField field) {
        return Boolean.TRUE.equals(r.get(field));
    }

    private static boolean isTrue(Object attribute) {
        return Boolean.TRUE.equals(attribute);
    }

    /** Both dates known and the first after the second. */
    private static boolean after(LocalDate a, LocalDate b) {
        return a != null && b != null && a.isAfter(b);
    }

    private static boolean onOrAfter(LocalDate date, LocalDate from) {
        return date != null && !date.isBefore(from);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
