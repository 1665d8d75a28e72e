package org.pathwayshub.record;

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
    ADDRESS_LINE_1("person.addressLine1", FieldType.TEXT, Section.PERSON, null),
    ADDRESS_LINE_2("person.addressLine2", FieldType.TEXT, Section.PERSON, null),
    ADDRESS_LINE_3("person.addressLine3", FieldType.TEXT, Section.PERSON, null),
    ADDRESS_LINE_4("person.addressLine4", FieldType.TEXT, Section.PERSON, null),
    TOWN("person.town", FieldType.TEXT, Section.PERSON, null),
    COUNTY("person.county", FieldType.TEXT, Section.PERSON, null),
    ETHNICITY("person.ethnicity", FieldType.CODE, Section.PERSON, "ethnicity"),

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
    PERMANENT_EXCLUSION_DATE("attendance.permanentExclusionDate", FieldType.DATE, Section.ATTENDANCE, null),

    COHORT_STATUS("tracking.cohortStatus", FieldType.CODE, Section.TRACKING, "cohort-status"),
    LEAD_LA("tracking.leadLa", FieldType.LA_CODE, Section.TRACKING, null),
    EDUCATED_LA("tracking.educatedLa", FieldType.LA_CODE, Section.TRACKING, null),
    TRANSFERRED_TO_LA("tracking.transferredToLa", FieldType.LA_CODE, Section.TRACKING, null),
    LA_AT_YEAR_11("tracking.laAtYear11", FieldType.LA_CODE, Section.TRACKING, null),
    PREVIOUS_YPID("tracking.previousYoungPersonsId", FieldType.TEXT, Section.TRACKING, null),
    GUARANTEE_INDICATOR("tracking.guaranteeIndicator", FieldType.CODE, Section.TRACKING, "guarantee-indicator"),
    LEVEL_OF_NEED("tracking.levelOfNeed", FieldType.CODE, Section.TRACKING, "level-of-need"),
    SEND("tracking.send", FieldType.BOOLEAN, Section.TRACKING, null),
    SEN_SUPPORT("tracking.senSupport", FieldType.BOOLEAN, Section.TRACKING, null),

    ACTIVITY_CODE("activity.code", FieldType.CODE, Section.ACTIVITY, "activity"),
    ACTIVITY_START("activity.startDate", FieldType.DATE, Section.ACTIVITY, null),
    ACTIVITY_END("activity.endDate", FieldType.DATE, Section.ACTIVITY, null),
    ACTIVITY_WITHDRAWN("activity.withdrawn", FieldType.BOOLEAN, Section.ACTIVITY, null),
    DATE_ASCERTAINED("activity.dateAscertained", FieldType.DATE, Section.ACTIVITY, null),
    DATE_VERIFIED("activity.dateVerified", FieldType.DATE, Section.ACTIVITY, null),
    REVIEW_DATE("activity.reviewDate", FieldType.DATE, Section.ACTIVITY, null),
    DUE_TO_LAPSE_DATE("activity.dueToLapseDate", FieldType.DATE, Section.ACTIVITY, null),
    CURRENCY_LAPSED("activity.currencyLapsed", FieldType.BOOLEAN, Section.ACTIVITY, null),
    ESTABLISHMENT_NUMBER("activity.establishmentNumber", FieldType.LAESTAB, Section.ACTIVITY, null),
    ESTABLISHMENT_NAME("activity.establishmentName", FieldType.TEXT, Section.ACTIVITY, null),
    UKPRN("activity.ukprn", FieldType.UKPRN, Section.ACTIVITY, null),
    PROVIDER_NAME("activity.providerName", FieldType.TEXT, Section.ACTIVITY, null),
    NEET_START_DATE("activity.neetStartDate", FieldType.DATE, Section.ACTIVITY, null),
    PREDICTED_END_DATE("activity.predictedEndDate", FieldType.DATE, Section.ACTIVITY, null),

    INTENDED_DESTINATION("guarantee.intendedDestination", FieldType.CODE, Section.GUARANTEE, "intended-destination"),
    YEAR_11_GUARANTEE_STATUS("guarantee.year11Status", FieldType.CODE, Section.GUARANTEE, "guarantee-status"),
    YEAR_11_GUARANTEE_LA("guarantee.year11La", FieldType.LA_CODE, Section.GUARANTEE, null),
    YEAR_12_GUARANTEE_STATUS("guarantee.year12Status", FieldType.CODE, Section.GUARANTEE, "guarantee-status"),
    YEAR_12_GUARANTEE_LA("guarantee.year12La", FieldType.LA_CODE, Section.GUARANTEE, null),
    OFFER_UKPRN("guarantee.offerUkprn", FieldType.UKPRN, Section.GUARANTEE, null),
    OFFER_DATE("guarantee.offerDate", FieldType.DATE, Section.GUARANTEE, null),

    CLAIM_START("claim.startDate", FieldType.DATE, Section.CLAIM, null),
    BENEFIT_TYPE("claim.benefitType", FieldType.TEXT, Section.CLAIM, null),
    JOBCENTRE_OFFICE("claim.jobcentreOffice", FieldType.TEXT, Section.CLAIM, null),
    WORK_COACH_REF("claim.workCoachRef", FieldType.TEXT, Section.CLAIM, null),
    CONSENT_TO_SHARE("claim.consentToShare", FieldType.BOOLEAN, Section.CLAIM, null),

    REFERRAL_ID("referral.id", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_FROM_ORG("referral.fromOrg", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_FROM_CONTACT("referral.fromContact", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_TO_SERVICE("referral.toService", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_REASON("referral.reason", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_TYPE("referral.type", FieldType.CODE, Section.REFERRAL, "referral-type"),
    REFERRAL_NEEDS("referral.needs", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_CONSENT_GIVEN("referral.consentGiven", FieldType.BOOLEAN, Section.REFERRAL, null),
    REFERRAL_CONSENT_DATE("referral.consentDate", FieldType.DATE, Section.REFERRAL, null),
    REFERRAL_CONSENT_SCOPE("referral.consentScope", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_CONSENT_GIVEN_BY("referral.consentGivenBy", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_LAWFUL_BASIS("referral.lawfulBasis", FieldType.CODE, Section.REFERRAL, "lawful-basis"),
    REFERRAL_VENUE("referral.venue", FieldType.TEXT, Section.REFERRAL, null),
    REFERRAL_CREATED_AT("referral.createdAt", FieldType.TIMESTAMP, Section.REFERRAL, null);

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
