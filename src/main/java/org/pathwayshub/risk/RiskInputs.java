package org.pathwayshub.risk;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.YoungPersonFacts;

/**
 * Everything the RONI indicators read about one young person, from every source, with the dates and the
 * record each fact came from (so an assessment can say which record made an indicator fire). Facts dated
 * after the assessment date are ignored by the engine, so a past cohort can be scored as it stood then.
 */
public record RiskInputs(UUID hubId, List<Census> census, List<Attendance> attendance,
                         List<Characteristic> characteristics, List<Activity> activities, List<Tracking> tracking,
                         List<SchoolFlag> schoolFlags) {

    /** The inputs of a young person no school has flagged. */
    public RiskInputs(UUID hubId, List<Census> census, List<Attendance> attendance, List<Characteristic> characteristics,
                      List<Activity> activities, List<Tracking> tracking) {
        this(hubId, census, attendance, characteristics, activities, tracking, List.of());
    }

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

    /**
     * A flag a school added for its pupil (mappings/codes/school-flag.yaml), held from {@code from} to {@code to}
     * inclusive: its end date, or the day before it was ended early.
     */
    public record SchoolFlag(long id, String laEstab, String code, LocalDate from, LocalDate to) {
    }

    /**
     * What the indicators read of a young person's facts. EAL comes from the first-language code list ({@code eal}
     * attribute); a level of need counts from the day it was reported (in the hub's time zone, as the
     * database session has it).
     */
    public static RiskInputs of(YoungPersonFacts f, CodeList firstLanguages) {
        List<Census> census = f.census().stream().map(c -> {
            Object eal = c.firstLanguage() == null ? null : firstLanguages.attribute(c.firstLanguage(), "eal");
            return new Census(c.censusDate(), c.laEstab(), c.ncYear(), c.fsm(), c.senProvision(),
                    eal instanceof Boolean b ? b : null, source(c.source()));
        }).toList();
        List<Attendance> attendance = f.attendance().stream().map(a -> new Attendance(a.periodStart(), a.periodEnd(),
                a.sessionsPossible(), a.sessionsAttended(), a.suspensionCount(), a.suspensionSessions(),
                a.permanentExclusionDate(), source(a.source()))).toList();
        List<Characteristic> characteristics = f.characteristics().stream().map(c -> new Characteristic(c.code(), c.from(),
                c.to(), c.firstSeen() == null ? null : LocalDate.ofInstant(c.firstSeen(), ZoneId.systemDefault()), source(c.source()))).toList();
        List<Activity> activities = f.activities().stream().map(a -> new Activity(a.code(), a.start(), a.effectiveEnd(),
                source(a.source()))).toList();
        List<Tracking> tracking = f.tracking().stream().filter(t -> t.levelOfNeed() != null).map(t -> new Tracking(
                t.levelOfNeed(), LocalDate.ofInstant(t.recordedAt(), ZoneId.systemDefault()), source(t.source()))).toList();
        List<SchoolFlag> flags = f.schoolFlags().stream().map(s -> new SchoolFlag(s.id(), s.laEstab(), s.code(), s.start(),
                s.lastDay())).toList();
        return new RiskInputs(f.hubId(), census, attendance, characteristics, activities, tracking, flags);
    }

    private static Source source(YoungPersonFacts.Source s) {
        return s == null ? null : new Source(s.feed(), s.runId(), s.line());
    }
}
