package org.pathwayshub.mapping;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.record.Section;

/**
 * What a record must hold to be stored, whatever feed it came from: a census record needs its census date
 * and school, an attendance record its period and sessions, and dates must be possible.
 */
final class CommonRecordRules {

    private static final List<CommonField> CENSUS_NEEDS = List.of(CommonField.CENSUS_DATE, CommonField.LA_ESTAB);
    private static final List<CommonField> ATTENDANCE_NEEDS = List.of(CommonField.LA_ESTAB, CommonField.PERIOD_START,
            CommonField.PERIOD_END, CommonField.SESSIONS_POSSIBLE, CommonField.SESSIONS_ATTENDED);

    /** Older than this, a date of birth is no young person's: the hub's cohorts end at 25 (with SEND). */
    private static final int OLDEST_PLAUSIBLE_AGE = 30;

    private CommonRecordRules() {
    }

    /**
     * @param column  the partner's column for a field, for the message
     * @param earlier issues the mapper already found: a field rejected there is not reported again as missing
     */
    static List<RecordIssue> check(long line, String element, Map<CommonField, Object> v, Function<CommonField, String> column,
                                   LocalDate today, List<RecordIssue> earlier, List<RecordIssue> warnings) {
        List<RecordIssue> issues = new ArrayList<>(earlier);
        int already = earlier.size();
        LocalDate dob = (LocalDate) v.get(CommonField.DOB);
        if (dob != null && dob.isAfter(today)) {
            issues.add(RecordIssue.reject(line, element, column.apply(CommonField.DOB), CommonField.DOB.key(), dob.toString(),
                    "dob-future", "a date of birth in the past"));
        } else if (dob != null && dob.isBefore(today.minusYears(OLDEST_PLAUSIBLE_AGE))) {
            // possible, so stored; but more likely a placeholder (1900-01-01) or a typing slip, and it keeps the young
            // person out of every cohort and report: the data team should know
            warnings.add(RecordIssue.warning(line, element, column.apply(CommonField.DOB), CommonField.DOB.key(), dob.toString(),
                    "dob-implausible", "the date of birth of a young person (after " + today.minusYears(OLDEST_PLAUSIBLE_AGE)
                            + "); stored as sent"));
        }
        if (present(v, Section.CENSUS)) {
            requireAll(line, element, v, column, "a census record", CENSUS_NEEDS, issues);
            LocalDate censusDate = (LocalDate) v.get(CommonField.CENSUS_DATE);
            if (censusDate != null && censusDate.isAfter(today.plusMonths(1))) {
                issues.add(RecordIssue.reject(line, element, column.apply(CommonField.CENSUS_DATE), CommonField.CENSUS_DATE.key(),
                        censusDate.toString(), "census-date-future", "the date of a census that has been taken (no later than "
                                + today.plusMonths(1) + ")"));
            }
        }
        if (present(v, Section.ATTENDANCE)) {
            requireAll(line, element, v, column, "an attendance record", ATTENDANCE_NEEDS, issues);
            LocalDate start = (LocalDate) v.get(CommonField.PERIOD_START);
            LocalDate end = (LocalDate) v.get(CommonField.PERIOD_END);
            if (start != null && end != null && end.isBefore(start)) {
                issues.add(RecordIssue.reject(line, element, column.apply(CommonField.PERIOD_END), CommonField.PERIOD_END.key(),
                        end.toString(), "period-order", "a period end on or after the period start (" + start + ")"));
            }
            Integer possible = (Integer) v.get(CommonField.SESSIONS_POSSIBLE);
            Integer attended = (Integer) v.get(CommonField.SESSIONS_ATTENDED);
            if (possible != null && attended != null && attended > possible) {
                issues.add(RecordIssue.reject(line, element, column.apply(CommonField.SESSIONS_ATTENDED),
                        CommonField.SESSIONS_ATTENDED.key(), attended.toString(), "sessions-attended",
                        "sessions attended no more than sessions possible (" + possible + ")"));
            }
        }
        if (present(v, Section.ACTIVITY)) {
            activity(line, element, v, column, warnings);
        }
        return issues.subList(already, issues.size());
    }

    /** An activity without its code or start date cannot be stored; the rest of the record still is. */
    private static void activity(long line, String element, Map<CommonField, Object> v, Function<CommonField, String> column,
                                 List<RecordIssue> warnings) {
        for (CommonField f : List.of(CommonField.ACTIVITY_CODE, CommonField.ACTIVITY_START)) {
            if (v.get(f) == null && warnings.stream().noneMatch(w -> f.key().equals(w.field()))) {
                warnings.add(RecordIssue.warning(line, element, column.apply(f), f.key(), null, "activity-incomplete",
                        "an activity needs " + f.key() + " (a value in " + column.apply(f) + "); the activity was not stored"));
            }
        }
        LocalDate start = (LocalDate) v.get(CommonField.ACTIVITY_START);
        LocalDate end = (LocalDate) v.get(CommonField.ACTIVITY_END);
        if (start != null && end != null && end.isBefore(start)) {
            warnings.add(RecordIssue.warning(line, element, column.apply(CommonField.ACTIVITY_END), CommonField.ACTIVITY_END.key(),
                    end.toString(), "activity-end", "an end date on or after the start date (" + start + ")"));
        }
        if (Boolean.TRUE.equals(v.get(CommonField.ACTIVITY_WITHDRAWN)) && end == null) {
            warnings.add(RecordIssue.warning(line, element, column.apply(CommonField.ACTIVITY_END), CommonField.ACTIVITY_END.key(),
                    null, "withdrawal-date", "a withdrawal date for a withdrawn learner; the spell stays open until one is sent"));
        }
    }

    private static boolean present(Map<CommonField, Object> v, Section section) {
        for (Map.Entry<CommonField, Object> e : v.entrySet()) {
            if (e.getKey().section() == section && e.getValue() != null) {
                return true;
            }
        }
        return false;
    }

    private static void requireAll(long line, String element, Map<CommonField, Object> v, Function<CommonField, String> column,
                                   String what, List<CommonField> needs, List<RecordIssue> issues) {
        for (CommonField f : needs) {
            if (v.get(f) == null && issues.stream().noneMatch(i -> f.key().equals(i.field()))) {
                issues.add(RecordIssue.reject(line, element, column.apply(f), f.key(), null, "required",
                        what + " needs " + f.key() + " (a value in " + column.apply(f) + ")"));
            }
        }
    }
}
