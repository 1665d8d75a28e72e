package org.pathwayshub.record;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the hub knows about one young person, from every person record merged into them, as risk scoring,
 * the alert rules and the API read it: one model, read for many young people at once by
 * {@link YoungPersonFactsReader}. Lists are oldest first; each fact names the feed, run and line it came from.
 */
public record YoungPersonFacts(UUID hubId, Details details, List<Identifier> identifiers, List<UUID> mergedRecords,
                               List<Census> census, List<Attendance> attendance, List<Characteristic> characteristics,
                               List<ActivitySpell> activities, List<TrackingStatus> tracking, List<Guarantee> guarantees,
                               List<Claim> claims, List<Referral> referrals, List<SchoolFlag> schoolFlags) {

    /** Where a fact came from: the feed, the run and the line (or element) of the record. */
    public record Source(String feed, long runId, Long line) {
        @Override
        public String toString() {
            return feed + " run " + runId + (line == null ? "" : " line " + line);
        }
    }

    /** Who the young person is, as the most recent source says. */
    public record Details(String givenName, String middleNames, String familyName, LocalDate dob, String gender,
                          String postcode, String previousPostcode, String ethnicity) {
    }

    /** An identifier a partner knows them by (UPN, ULN, YPID, NINO, LOCAL:&lt;feed&gt;), in the order first seen. */
    public record Identifier(String scheme, String value, String sourceFeed) {
    }

    /** A school census return. */
    public record Census(LocalDate censusDate, String laEstab, Integer ncYear, Boolean fsm, String senProvision,
                         String firstLanguage, Source source) {
    }

    /** An attendance period with its sessions, suspensions and any permanent exclusion. */
    public record Attendance(String laEstab, LocalDate periodStart, LocalDate periodEnd, int sessionsPossible,
                             int sessionsAttended, Integer suspensionCount, Integer suspensionSessions,
                             LocalDate permanentExclusionDate, Source source) {
    }

    /** A characteristic as a source reports it, with the dates it held and when the hub first and last saw it. */
    public record Characteristic(String code, LocalDate from, LocalDate to, Instant firstSeen, Instant lastSeen,
                                 Source source) {
    }

    /**
     * An activity spell. {@code effectiveEnd} is derived, here only: the end date its source gave, else the start of
     * the next spell. {@code group} and {@code eet} come from the activity code list; {@code lastUpdated} is when the
     * source last verified or ascertained it (or the day the hub recorded it). {@code withdrawn}: the learner withdrew
     * (post16-enrolments), and {@code end} is the day they did.
     */
    public record ActivitySpell(String code, String label, String group, boolean eet, LocalDate start, LocalDate end,
                                LocalDate effectiveEnd, LocalDate dateAscertained, LocalDate dateVerified,
                                LocalDate dueToLapse, LocalDate neetStart, LocalDate predictedEnd, String ukprn,
                                String establishmentNumber, LocalDate lastUpdated, Source source, boolean withdrawn) {

        public boolean isNeet() {
            return "neet".equals(group);
        }

        /** Going on that day: started on or before it and not ended by it. */
        public boolean isCurrentOn(LocalDate day) {
            return start != null && !start.isAfter(day) && (effectiveEnd == null || effectiveEnd.isAfter(day));
        }
    }

    /** NCCIS tracking status as one source last reported it. */
    public record TrackingStatus(String cohortStatus, String leadLa, String transferredToLa, String levelOfNeed,
                                 Boolean send, Boolean senSupport, Instant recordedAt, Source source) {
    }

    /**
     * A September Guarantee offer (or the Year 11 intended destination) for year group 11 or 12; {@code laEstab}: the
     * school that reported a Year 11 one (school-destinations), when the feed gives it.
     */
    public record Guarantee(int yearGroup, String status, String laCode, String offerUkprn, LocalDate offerDate,
                            String intendedDestination, String sourceFeed, Instant recordedAt, String laEstab) {
    }

    /** A benefit claim reported by Jobcentre Plus. */
    public record Claim(LocalDate start, String benefitType, String jobcentreOffice, boolean consentToShare) {
    }

    /**
     * A flag a school added for its pupil (a code of mappings/codes/school-flag.yaml), from its start to its end date,
     * or until the day it was ended early ({@code endedOn}, on which it no longer holds).
     */
    public record SchoolFlag(long id, String laEstab, String code, LocalDate start, LocalDate endDate, LocalDate endedOn) {

        /** The last day it holds. */
        public LocalDate lastDay() {
            return endedOn == null || endedOn.isAfter(endDate) ? endDate : endedOn.minusDays(1);
        }

        /** Held on that day: added by then, and neither at its end date nor ended early before it. */
        public boolean isHeldOn(LocalDate day) {
            return !start.isAfter(day) && !lastDay().isBefore(day);
        }
    }

    /** A referral to a named service. */
    public record Referral(long id, String fromOrg, String referralRef, String toService, String type, String reason,
                           Instant receivedAt) {
    }

    /** The activity going on that day: the latest spell started by then and not ended. */
    public Optional<ActivitySpell> currentActivity(LocalDate day) {
        ActivitySpell current = null;
        for (ActivitySpell s : activities) {
            if (s.isCurrentOn(day)) {
                current = s;
            }
        }
        return Optional.ofNullable(current);
    }

    /** The most recent census return (by census date, then by when it was recorded). */
    public Optional<Census> latestCensus() {
        return census.isEmpty() ? Optional.empty() : Optional.of(census.get(census.size() - 1));
    }

    /** The school of the most recent census, if any. */
    public String school() {
        return latestCensus().map(Census::laEstab).orElse(null);
    }

    /** The most recent attendance period (by its end, then its start). */
    public Optional<Attendance> latestAttendance() {
        return attendance.isEmpty() ? Optional.empty() : Optional.of(attendance.get(attendance.size() - 1));
    }

    /** The tracking status most recently reported by any source. */
    public Optional<TrackingStatus> latestTracking() {
        return tracking.isEmpty() ? Optional.empty() : Optional.of(tracking.get(tracking.size() - 1));
    }

    /** The first identifier of a scheme the hub saw for them (UPN, ULN, YPID, NINO). */
    public String identifier(String scheme) {
        return identifiers.stream().filter(i -> i.scheme().equals(scheme)).map(Identifier::value).findFirst().orElse(null);
    }
}
