package org.pathwayshub.mapping;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fields of the common record a mapping file can fill, by the name used in mapping files
 * ({@code person.upn}, {@code census.fsm}, ...). Partner layouts are mapped onto these in
 * {@code mappings/feeds/*.yaml}; the hub's model is here, a partner's is never in Java.
 */
public enum CommonField {
    UPN("person.upn", FieldType.UPN, Section.PERSON, null),
    ULN("person.uln", FieldType.ULN, Section.PERSON, null),
    YOUNG_PERSONS_ID("person.youngPersonsId", FieldType.YOUNG_PERSONS_ID, Section.PERSON, null),
    NINO("person.nino", FieldType.NINO, Section.PERSON, null),
    LOCAL_ID("person.localId", FieldType.TEXT, Section.PERSON, null),
    GIVEN_NAME("person.givenName", FieldType.NAME, Section.PERSON, null),
    MIDDLE_NAMES("person.middleNames", FieldType.NAME, Section.PERSON, null),
    FAMILY_NAME("person.familyName", FieldType.NAME, Section.PERSON, null),
    DOB("person.dob", FieldType.DATE, Section.PERSON, null),
    GENDER("person.gender", FieldType.CODE, Section.PERSON, "gender"),
    POSTCODE("person.postcode", FieldType.POSTCODE, Section.PERSON, null),

    LA_ESTAB("school.laEstab", FieldType.LAESTAB, Section.SCHOOL, null),

    CENSUS_DATE("census.date", FieldType.DATE, Section.CENSUS, null),
    NC_YEAR("census.ncYear", FieldType.NC_YEAR, Section.CENSUS, null),
    FSM("census.fsm", FieldType.BOOLEAN, Section.CENSUS, null),
    SEN_PROVISION("census.senProvision", FieldType.CODE, Section.CENSUS, "sen-provision"),
    FIRST_LANGUAGE("census.firstLanguage", FieldType.CODE, Section.CENSUS, "first-language"),

    PERIOD_START("attendance.periodStart", FieldType.DATE, Section.ATTENDANCE, null),
    PERIOD_END("attendance.periodEnd", FieldType.DATE, Section.ATTENDANCE, null),
    SESSIONS_POSSIBLE("attendance.sessionsPossible", FieldType.COUNT, Section.ATTENDANCE, null),
    SESSIONS_ATTENDED("attendance.sessionsAttended", FieldType.COUNT, Section.ATTENDANCE, null),
    SUSPENSION_COUNT("attendance.suspensionCount", FieldType.COUNT, Section.ATTENDANCE, null),
    SUSPENSION_SESSIONS("attendance.suspensionSessions", FieldType.COUNT, Section.ATTENDANCE, null),
    PERMANENT_EXCLUSION_DATE("attendance.permanentExclusionDate", FieldType.DATE, Section.ATTENDANCE, null);

    private static final Map<String, CommonField> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toMap(CommonField::key, Function.identity()));

    private final String key;
    private final FieldType type;
    private final Section section;
    private final String codeList;

    CommonField(String key, FieldType type, Section section, String codeList) {
        this.key = key;
        this.type = type;
        this.section = section;
        this.codeList = codeList;
    }

    public String key() {
        return key;
    }

    public FieldType type() {
        return type;
    }

    public Section section() {
        return section;
    }

    /** The code list a CODE field is checked against unless the mapping names another. */
    public String codeList() {
        return codeList;
    }

    public static Optional<CommonField> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    public static String knownKeys() {
        return Arrays.stream(values()).map(CommonField::key).collect(Collectors.joining(", "));
    }
}
