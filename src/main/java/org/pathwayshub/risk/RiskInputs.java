package org.pathwayshub.risk;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Everything the RONI indicators read about one young person, from every source, with the dates and the
 * record each fact came from (so an assessment can say which record made an indicator fire). Facts dated
 * after the assessment date are ignored by the engine, so a past cohort can be scored as it stood then.
 */
public record RiskInputs(UUID hubId, List<Census> census, List<Attendance> attendance,
                         List<Characteristic> characteristics, List<Activity> activities, List<Tracking> tracking) {

    /** Where a fact came from: the feed, the run and the line (or element) of the record. */
    public record Source(String feed, long runId, Long line) {
        @Override
        public String toString() {
            return feed + " run " + runId + (line == null ? "" : " line " + line);
        }
    }

    /** A school census return: NC year, FSM, SEN provision (N/K/E), EAL (null when not known). */
    public record Census(LocalDate censusDate, String laEstab, Integer ncYear, Boolean fsm, String senProvision,
                         Boolean eal, Source source) {
    }

    /** An attendance period with its sessions, suspensions and any permanent exclusion. */
    public record Attendance(LocalDate periodStart, LocalDate periodEnd, int sessionsPossible, int sessionsAttended,
                             Integer suspensionCount, Integer suspensionSessions, LocalDate permanentExclusionDate,
                             Source source) {
    }

    /** A characteristic (NCCIS code or a local one: CHILD_IN_NEED, EARLY_HELP, YOUNG_CARER, CUSTODY) with its dates. */
    public record Characteristic(String code, LocalDate from, LocalDate to, LocalDate firstSeen, Source source) {
    }

    /** An NCCIS activity spell; {@code end} is the derived effective end (the next spell's start), null if open. */
    public record Activity(String code, LocalDate start, LocalDate end, Source source) {
    }

    /** NCCIS level of need (1 intensive, 2 extra, 3 minimum) as reported. */
    public record Tracking(String levelOfNeed, LocalDate reportedOn, Source source) {
    }
}
