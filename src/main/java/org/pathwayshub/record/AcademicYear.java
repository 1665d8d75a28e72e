package org.pathwayshub.record;

import java.time.LocalDate;
import java.time.Month;

/** English school years: 1 September to 31 August. */
public final class AcademicYear {

    private AcademicYear() {
    }

    /** The 1 September that starts the academic year containing {@code date}. */
    public static LocalDate start(LocalDate date) {
        int year = date.getMonthValue() >= Month.SEPTEMBER.getValue() ? date.getYear() : date.getYear() - 1;
        return LocalDate.of(year, Month.SEPTEMBER, 1);
    }

    /** How many 1 Septembers fall after {@code from}'s academic year began, up to and including {@code to}. */
    public static int yearsBetween(LocalDate from, LocalDate to) {
        return start(to).getYear() - start(from).getYear();
    }

    /** "2024/25" for the year starting 1 September 2024. */
    public static String label(LocalDate start) {
        return start.getYear() + "/" + String.format("%02d", (start.getYear() + 1) % 100);
    }
}
