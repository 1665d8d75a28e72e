package org.pathwayshub.testdata;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Random draws that depend only on the seed, the person and what is being drawn, so a young person's row in one
 * file does not change with who else is in it, and every feed tells the same story about them.
 */
final class Draws {

    private Draws() {
    }

    static SplittableRandom forPerson(long seed, int personNo, String what) {
        return new SplittableRandom(mix(seed ^ mix(personNo ^ mix(what.hashCode()))));
    }

    static <T> T pick(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    /** A day from {@code from} to {@code to}, both included; {@code from} when the range is empty. */
    static LocalDate dayBetween(SplittableRandom r, LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to);
        return days <= 0 ? from : from.plusDays(r.nextLong(days + 1));
    }

    static String digits(SplittableRandom r, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + r.nextInt(10)));
        }
        return s.toString();
    }

    /** 1 September on or before the date: the start of its academic year. */
    static LocalDate academicYearStart(LocalDate date) {
        int year = date.getMonthValue() >= 9 ? date.getYear() : date.getYear() - 1;
        return LocalDate.of(year, 9, 1);
    }

    /** Stafford's mix 13, as in SplittableRandom: nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
