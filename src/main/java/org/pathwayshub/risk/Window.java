package org.pathwayshub.risk;

import java.time.LocalDate;

import org.pathwayshub.record.AcademicYear;

/**
 * The dates, relative to the assessment date, a fact must touch for an indicator to count it. Every window ends
 * on or before the assessment date: nothing after it is known.
 *
 * @param months for {@link Type#MONTHS} only: the window is the N months ending on the assessment date, so for
 *               12 months on 2026-03-16 it runs from 2025-03-17 to 2026-03-16
 */
public record Window(Type type, int months) {

    public enum Type {
        /** any time up to the assessment date */
        EVER,
        /** on the assessment date */
        CURRENT,
        /** the last N months up to the assessment date */
        MONTHS,
        /** the academic year (1 September to 31 August) before the one containing the assessment date */
        LAST_ACADEMIC_YEAR
    }

    public static final Window EVER = new Window(Type.EVER, 0);
    public static final Window CURRENT = new Window(Type.CURRENT, 0);
    public static final Window LAST_ACADEMIC_YEAR = new Window(Type.LAST_ACADEMIC_YEAR, 0);

    public Window {
        if ((type == Type.MONTHS) != (months > 0)) {
            throw new IllegalArgumentException("a number of months (at least 1) goes with a window of months, and only there");
        }
    }

    public static Window months(int months) {
        return new Window(Type.MONTHS, months);
    }

    LocalDate start(LocalDate asAt) {
        return switch (type) {
            case EVER -> LocalDate.MIN;
            case CURRENT -> asAt;
            case MONTHS -> asAt.minusMonths(months).plusDays(1);
            case LAST_ACADEMIC_YEAR -> AcademicYear.start(asAt).minusYears(1);
        };
    }

    LocalDate end(LocalDate asAt) {
        return type == Type.LAST_ACADEMIC_YEAR ? AcademicYear.start(asAt).minusDays(1) : asAt;
    }

    boolean contains(LocalDate date, LocalDate asAt) {
        return date != null && !date.isBefore(start(asAt)) && !date.isAfter(end(asAt));
    }

    /** The window in words, to end a sentence of evidence: "in the 12 months to 2026-03-16". */
    String describe(LocalDate asAt) {
        return switch (type) {
            case EVER -> "at any time up to " + asAt;
            case CURRENT -> "current on " + asAt;
            case MONTHS -> "in the " + months + " months to " + asAt;
            case LAST_ACADEMIC_YEAR -> "in academic year " + AcademicYear.label(start(asAt));
        };
    }

    /** As the rule set file writes it. */
    @Override
    public String toString() {
        return switch (type) {
            case EVER -> "ever";
            case CURRENT -> "current";
            case MONTHS -> "months: " + months;
            case LAST_ACADEMIC_YEAR -> "lastAcademicYear";
        };
    }
}
