package org.pathwayshub.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.pathwayshub.risk.KnownFacts.Hit;
import org.pathwayshub.risk.RiskInputs.Activity;
import org.pathwayshub.risk.RiskInputs.Attendance;
import org.pathwayshub.risk.RiskInputs.Characteristic;
import org.pathwayshub.risk.RiskInputs.SchoolFlag;

/**
 * What makes a RONI indicator fire: one kind from the rule set file with its parameters. Each finds, in what was
 * known on the assessment date, the record that makes it fire (the most recent when several do) and says what
 * that record shows.
 */
public sealed interface Condition {

    Optional<Hit> findIn(KnownFacts facts);

    /** {@code kind: eal}: the latest census that records first language says it is not English. */
    record Eal() implements Condition {
        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            return facts.latestCensus(c -> c.eal() != null)
                    .filter(c -> c.eal())
                    .map(c -> new Hit(c.source(), "first language other than English in the census of " + c.censusDate(),
                            c.censusDate()));
        }
    }

    /** {@code kind: senProvision}: the latest census that records SEN provision gives one of these codes (N, K, E). */
    record SenProvision(Set<String> codes) implements Condition {
        public SenProvision {
            codes = Set.copyOf(codes);
        }

        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            return facts.latestCensus(c -> c.senProvision() != null && !c.senProvision().isBlank())
                    .filter(c -> codes.contains(c.senProvision().trim()))
                    .map(c -> new Hit(c.source(), "SEN provision " + c.senProvision().trim() + " in the census of " + c.censusDate(),
                            c.censusDate()));
        }
    }

    /**
     * {@code kind: attendanceBelow}: sessions attended over sessions possible, summed over the attendance periods
     * ending in the last N months, is below the percentage.
     */
    record AttendanceBelow(BigDecimal percent, int months) implements Condition {
        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            Window window = Window.months(months);
            List<Attendance> periods = facts.attendance().stream()
                    .filter(a -> window.contains(a.periodEnd(), facts.asAt())).toList();
            long possible = periods.stream().mapToLong(Attendance::sessionsPossible).sum();
            long attended = periods.stream().mapToLong(Attendance::sessionsAttended).sum();
            // exact arithmetic: 90.0% is not below 90, however the division would round
            if (possible <= 0 || BigDecimal.valueOf(attended * 100).compareTo(percent.multiply(BigDecimal.valueOf(possible))) >= 0) {
                return Optional.empty();
            }
            Attendance latest = KnownFacts.latest(periods, Attendance::periodEnd, a -> true).orElseThrow();
            // rounded down, so the percentage shown is below the threshold whenever the indicator fires
            BigDecimal shown = BigDecimal.valueOf(attended * 100).divide(BigDecimal.valueOf(possible), 1, RoundingMode.DOWN);
            // the evidence names the window the indicator counted, the rule set's months to the assessment date
            return Optional.of(new Hit(latest.source(), "attendance " + shown + "% " + window.describe(facts.asAt())
                    + " (" + attended + " of " + possible + " sessions, in periods ending up to " + latest.periodEnd() + ")",
                    latest.periodEnd()));
        }
    }

    /**
     * {@code kind: suspension}: a suspension reported in an attendance period that ends in the window (the inputs
     * date suspensions only by their attendance period).
     */
    record Suspension(Window window) implements Condition {
        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            List<Attendance> periods = facts.attendance().stream()
                    .filter(a -> window.contains(a.periodEnd(), facts.asAt()))
                    .filter(a -> positive(a.suspensionCount()) || positive(a.suspensionSessions()))
                    .toList();
            if (periods.isEmpty()) {
                return Optional.empty();
            }
            int count = periods.stream().mapToInt(a -> a.suspensionCount() == null ? 0 : a.suspensionCount()).sum();
            int sessions = periods.stream().mapToInt(a -> a.suspensionSessions() == null ? 0 : a.suspensionSessions()).sum();
            String what = count > 0 ? count + (count == 1 ? " suspension" : " suspensions") : "suspended";
            if (sessions > 0) {
                what += " (" + sessions + " sessions)";
            }
            Attendance latest = KnownFacts.latest(periods, Attendance::periodEnd, a -> true).orElseThrow();
            return Optional.of(new Hit(latest.source(), what + " in attendance periods ending "
                    + window.describe(facts.asAt()), latest.periodEnd()));
        }

        private static boolean positive(Integer n) {
            return n != null && n > 0;
        }
    }

    /** {@code kind: permanentExclusion}: a permanent exclusion dated in the window. */
    record PermanentExclusion(Window window) implements Condition {
        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            return KnownFacts.latest(facts.attendance(), Attendance::permanentExclusionDate,
                            a -> window.contains(a.permanentExclusionDate(), facts.asAt()))
                    .map(a -> new Hit(a.source(), "permanently excluded on " + a.permanentExclusionDate() + ", "
                            + window.describe(facts.asAt()), a.permanentExclusionDate()));
        }
    }

    /** {@code kind: fsm}: eligible for free school meals in any census dated in the last N months. */
    record FreeSchoolMeals(int months) implements Condition {
        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            Window window = Window.months(months);
            return facts.latestCensus(c -> Boolean.TRUE.equals(c.fsm()) && window.contains(c.censusDate(), facts.asAt()))
                    .map(c -> new Hit(c.source(), "eligible for free school meals in the census of " + c.censusDate() + ", "
                            + window.describe(facts.asAt()), c.censusDate()));
        }
    }

    /**
     * {@code kind: characteristic}: one of these characteristics held at some time in the window (from on or before
     * its end, to empty or on or after its start; the date the hub first saw it when the source gave no from date).
     */
    record CharacteristicHeld(Set<String> codes, Window window) implements Condition {
        public CharacteristicHeld {
            codes = Set.copyOf(codes);
        }

        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            LocalDate start = window.start(facts.asAt());
            LocalDate end = window.end(facts.asAt());
            return facts.characteristics().stream()
                    .filter(c -> c.code() != null && codes.contains(c.code().trim()))
                    .filter(c -> from(c).compareTo(end) <= 0 && (c.to() == null || !c.to().isBefore(start)))
                    .max(Comparator.comparing((Characteristic c) -> lastHeld(c.to(), end)).thenComparing(CharacteristicHeld::from))
                    .map(c -> new Hit(c.source(), "characteristic " + c.code().trim() + " " + span(c, facts.asAt()) + ", "
                            + window.describe(facts.asAt()), lastHeld(c.to(), end)));
        }

        private static LocalDate from(Characteristic c) {
            LocalDate from = KnownFacts.heldFrom(c);
            return from == null ? LocalDate.MIN : from;
        }

        private static String span(Characteristic c, LocalDate asAt) {
            // an end after the assessment date was not known then: it was still held
            LocalDate to = c.to() == null || c.to().isAfter(asAt) ? null : c.to();
            if (c.from() == null) {
                return (c.firstSeen() == null ? "(start not recorded)" : "first recorded " + c.firstSeen()) + (to == null ? "" : " to " + to);
            }
            return to == null ? "since " + c.from() : "from " + c.from() + " to " + to;
        }
    }

    /**
     * {@code kind: activity}: an NCCIS activity spell with one of these codes overlapping the window. A spell's
     * end is the next spell's start, so it no longer holds on that day.
     */
    record ActivitySpell(Set<String> codes, Window window) implements Condition {
        public ActivitySpell {
            codes = Set.copyOf(codes);
        }

        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            LocalDate start = window.start(facts.asAt());
            LocalDate end = window.end(facts.asAt());
            return facts.activities().stream()
                    .filter(a -> a.code() != null && codes.contains(a.code().trim()))
                    .filter(a -> (a.start() == null || !a.start().isAfter(end)) && (a.end() == null || a.end().isAfter(start)))
                    .max(Comparator.comparing((Activity a) -> lastHeld(a.end(), end))
                            .thenComparing(Activity::start, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .map(a -> new Hit(a.source(), "activity " + a.code().trim() + " " + span(a, facts.asAt()) + ", "
                            + window.describe(facts.asAt()), lastHeld(a.end(), end)));
        }

        private static String span(Activity a, LocalDate asAt) {
            LocalDate end = a.end() == null || a.end().isAfter(asAt) ? null : a.end();
            if (a.start() == null) {
                return "(start not recorded)" + (end == null ? "" : " until " + end);
            }
            // until: the end is the day the next spell started
            return end == null ? "since " + a.start() : "from " + a.start() + " until " + end;
        }
    }

    /**
     * {@code kind: schoolFlag}: a flag with one of these codes (mappings/codes/school-flag.yaml) that a school added for
     * the young person (a flag follows them when they change school, until it ends), held at some time in the window: added on or before its end, and its end date (or the day before it was
     * ended early) on or after its start. The evidence names the code, the school and the dates, nothing of the pupil.
     */
    record SchoolFlagHeld(Set<String> codes, Window window) implements Condition {
        public SchoolFlagHeld {
            codes = Set.copyOf(codes);
        }

        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            LocalDate start = window.start(facts.asAt());
            LocalDate end = window.end(facts.asAt());
            return facts.schoolFlags().stream()
                    .filter(f -> f.code() != null && codes.contains(f.code().trim()))
                    .filter(f -> !f.from().isAfter(end) && !f.to().isBefore(start))
                    .max(Comparator.comparing((SchoolFlag f) -> lastHeld(f.to(), end)).thenComparing(SchoolFlag::from)
                            .thenComparing(SchoolFlag::id))
                    .map(f -> new Hit(null, "school flag " + f.code().trim() + " (flag " + f.id() + ") added by school "
                            + f.laEstab() + ", held from " + f.from() + " to " + f.to() + ", " + window.describe(facts.asAt()),
                            lastHeld(f.to(), end)));
        }
    }

    /** {@code kind: levelOfNeed}: the latest NCCIS level of need reported is one of these (1, 2, 3). */
    record LevelOfNeed(Set<String> values) implements Condition {
        public LevelOfNeed {
            values = Set.copyOf(values);
        }

        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            return KnownFacts.latest(facts.tracking(), RiskInputs.Tracking::reportedOn,
                            t -> t.levelOfNeed() != null && !t.levelOfNeed().isBlank())
                    .filter(t -> values.contains(t.levelOfNeed().trim()))
                    .map(t -> new Hit(t.source(), "NCCIS level of need " + t.levelOfNeed().trim()
                            + (t.reportedOn() == null ? "" : " reported on " + t.reportedOn()), t.reportedOn()));
        }
    }

    /** {@code anyOf}: fires when any of its conditions does; the most recent record among them is the evidence. */
    record AnyOf(List<Condition> conditions) implements Condition {
        public AnyOf {
            conditions = List.copyOf(conditions);
        }

        @Override
        public Optional<Hit> findIn(KnownFacts facts) {
            Hit best = null;
            for (Condition condition : conditions) {
                Hit hit = condition.findIn(facts).orElse(null);
                if (hit != null && (best == null || later(hit.date(), best.date()))) {
                    best = hit;
                }
            }
            return Optional.ofNullable(best);
        }

        private static boolean later(LocalDate a, LocalDate b) {
            return a != null && (b == null || a.isAfter(b));
        }
    }

    /** The last day a spell speaks for within a window: its end, or the window's end if it runs on past it. */
    private static LocalDate lastHeld(LocalDate to, LocalDate windowEnd) {
        return to == null || to.isAfter(windowEnd) ? windowEnd : to;
    }
}
