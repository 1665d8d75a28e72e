package org.pathwayshub.risk;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.risk.RiskInputs.Activity;
import org.pathwayshub.risk.RiskInputs.Attendance;
import org.pathwayshub.risk.RiskInputs.Census;
import org.pathwayshub.risk.RiskInputs.Characteristic;
import org.pathwayshub.risk.RiskInputs.SchoolFlag;
import org.pathwayshub.risk.RiskInputs.Tracking;

/**
 * What was known about one young person on the assessment date: the inputs without any fact dated after it
 * (a census taken later, an attendance period ending later, a characteristic, activity or school flag starting
 * later, a level of need reported later), so a past cohort is scored as it stood then. An undated fact is kept.
 */
record KnownFacts(LocalDate asAt, List<Census> census, List<Attendance> attendance,
                  List<Characteristic> characteristics, List<Activity> activities, List<Tracking> tracking,
                  List<SchoolFlag> schoolFlags) {

    static KnownFacts of(RiskInputs inputs, LocalDate asAt) {
        return new KnownFacts(asAt,
                known(inputs.census(), Census::censusDate, asAt),
                known(inputs.attendance(), Attendance::periodEnd, asAt),
                known(inputs.characteristics(), KnownFacts::heldFrom, asAt),
                known(inputs.activities(), Activity::start, asAt),
                known(inputs.tracking(), Tracking::reportedOn, asAt),
                known(inputs.schoolFlags(), SchoolFlag::from, asAt));
    }

    /** When a characteristic began: its from date, or when the hub first saw it if the source gave none. */
    static LocalDate heldFrom(Characteristic c) {
        return c.from() != null ? c.from() : c.firstSeen();
    }

    /** The latest census, on or before the assessment date, that answers the question asked of it. */
    Optional<Census> latestCensus(Predicate<Census> answers) {
        return latest(census, Census::censusDate, answers);
    }

    /** The NC year on the assessment date: the latest census's, one more for each 1 September since. */
    Integer ncYear() {
        return latestCensus(c -> c.ncYear() != null && c.censusDate() != null)
                .map(c -> c.ncYear() + AcademicYear.yearsBetween(c.censusDate(), asAt))
                .orElse(null);
    }

    static <T> Optional<T> latest(List<T> facts, Function<T, LocalDate> date, Predicate<T> filter) {
        return facts.stream().filter(filter)
                .max(Comparator.comparing(date, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private static <T> List<T> known(List<T> facts, Function<T, LocalDate> date, LocalDate asAt) {
        if (facts == null) {
            return List.of();
        }
        return facts.stream().filter(f -> date.apply(f) == null || !date.apply(f).isAfter(asAt)).toList();
    }

    /**
     * What made an indicator fire: the record, the evidence in words, and the date it speaks for (so that of
     * two records the more recent is shown).
     */
    record Hit(RiskInputs.Source source, String evidence, LocalDate date) {
    }
}
