package org.pathwayshub.person;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The common record of one young person as the API shows it: who they are, what their school reports
 * (latest census and attendance), the identifiers each partner knows them by, and the problems the last check of
 * an NCCIS return found in their record ({@code nccisErrors}: what to fix at source before the return goes).
 */
public record YoungPersonRecord(UUID hubId, String upn, String uln, String ypid, String nino, String givenName,
                                String middleNames, String familyName, LocalDate dob, String gender, String postcode,
                                String laEstab, Integer ncYear, Boolean fsm, String senProvision, Boolean eal,
                                String firstLanguage, Census census, Attendance attendance, Activity activity,
                                List<Activity> activityHistory, List<Characteristic> characteristics, Tracking tracking,
                                List<Guarantee> septemberGuarantee, List<Claim> claims, Risk risk,
                                List<Identifier> identifiers, List<UUID> mergedRecords, List<NccisError> nccisErrors) {

    /** A problem the last check of the period's NCCIS return found in this young person's record. */
    public record NccisError(LocalDate periodEnd, Integer dfeError, String rule, String element, String field,
                             String value, String reason) {
    }

    /** The current RONI assessment: score, band, the rule set and version, and each factor with its source record. */
    public record Risk(int score, String band, String ruleSet, String version, LocalDate asAt, Integer ncYear,
                       boolean inScope, com.fasterxml.jackson.databind.JsonNode factors) {
    }

    /**
     * An activity spell. {@code effectiveEnd} is derived: the end date a source gave, else the start of the next
     * spell; the current activity is the latest spell still open.
     */
    public record Activity(String code, String label, String group, LocalDate startDate, LocalDate endDate,
                           LocalDate effectiveEnd, LocalDate dateAscertained, LocalDate dateVerified,
                           LocalDate dueToLapseDate, LocalDate neetStartDate, LocalDate predictedEndDate, String ukprn,
                           String establishmentNumber, String sourceFeed) {
    }

    public record Characteristic(String code, String label, LocalDate from, LocalDate to, String sourceFeed,
                                 java.time.Instant firstSeen, java.time.Instant lastSeen) {
    }

    /** NCCIS tracking status as most recently reported by any source. */
    public record Tracking(String cohortStatus, String leadLa, String levelOfNeed, Boolean send, Boolean senSupport,
                           String transferredToLa, String sourceFeed) {
    }

    public record Guarantee(int yearGroup, String status, String laCode, String offerUkprn, LocalDate offerDate,
                            String intendedDestination, String sourceFeed) {
    }

    public record Claim(LocalDate claimStart, String benefitType, String jobcentreOffice, boolean consentToShare) {
    }

    /** The latest school census return. */
    public record Census(LocalDate date, String laEstab, Integer ncYear, Boolean fsm, String senProvision,
                         String firstLanguage, String sourceFeed, long runId) {
    }

    /** The latest attendance period, with the percentage of possible sessions attended. */
    public record Attendance(String laEstab, LocalDate periodStart, LocalDate periodEnd, int sessionsPossible,
                             int sessionsAttended, Double percentage, Integer suspensionCount, Integer suspensionSessions,
                             LocalDate permanentExclusionDate) {
    }

    public record Identifier(String scheme, String value, String sourceFeed) {
    }
}
