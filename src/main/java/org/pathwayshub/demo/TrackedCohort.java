package org.pathwayshub.demo;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.pathwayshub.record.AcademicYear;

/**
 * The older young people a CCIS tracks, for the demo's NCCIS file: Years 12 and 13 (academic ages 16 and 17) and, a
 * year past Year 13, those of 18 with SEND (the duty to track runs to 25 for them). Each carries what the CCIS knows
 * of them as at {@link #periodEnd}, in shares near those published for English LAs: most in education, employment or
 * training; about 5% NEET; about 3% whose situation is not known (810, 820, 830); about 3% whose activity passed its
 * due-to-lapse date with nobody checking; and about 4% of last year's Year 11 (and 8% of the Year 13) leavers with no
 * activity recorded yet. The people are a {@link SyntheticCohort} in those year groups (valid UPNs, names from the
 * same lists, never real people); the same seed and period end give the same cohort.
 */
public final class TrackedCohort implements Iterable<TrackedCohort.Tracked> {

    /** The sixth form's share of a Years 7-11 cohort of the same LA: two year groups for five. */
    public static final double SHARE_OF_SECONDARY = 2.0 / 5;

    /** What the CCIS holds on one young person: who, their YoungPersonsID, and their activity (null: none recorded). */
    public record Tracked(Pupil pupil, String youngPersonsId, int academicAge, boolean send, boolean senSupport,
                          int levelOfNeed, Activity activity) {
    }

    /**
     * A current activity as NCCIS records it; dates null where the activity does not take them.
     *
     * @param currencyLapsed the due-to-lapse date is before the period end
     */
    public record Activity(String code, LocalDate start, LocalDate ascertained, LocalDate verified, LocalDate reviewDate,
                           LocalDate dueToLapse, boolean currencyLapsed, LocalDate neetStart, LocalDate predictedEnd) {
    }

    /** Education, employment and training at 16 and 17, by weight. */
    private static final Object[][] EET = {{"210", 22}, {"220", 10}, {"230", 30}, {"250", 1}, {"310", 8}, {"410", 4},
            {"330", 4}, {"340", 2}, {"360", 1}};
    /** At 18 with SEND: specialist and supported routes weigh more. */
    private static final Object[][] EET_SEND_18 = {{"230", 35}, {"280", 15}, {"460", 10}, {"310", 5}, {"330", 5}, {"360", 3}};
    /** NEET codes that need no characteristic; 616 needs a review date. */
    private static final Object[][] NEET = {{"619", 6}, {"610", 2}, {"616", 2}, {"640", 1}, {"680", 1}};
    private static final Object[][] NOT_KNOWN = {{"810", 7}, {"820", 2}, {"830", 1}};
    /** Activities nobody checked on: mostly jobs, whose currency lapses soonest. */
    private static final Object[][] LAPSING = {{"330", 5}, {"360", 2}, {"340", 2}, {"230", 1}};

    private final SyntheticCohort people;
    private final SyntheticCohort eighteens;
    private final long seed;
    private final String databaseId;
    private final LocalDate periodEnd;
    private final LocalDate today;

    /**
     * @param size       young people in Years 12 and 13 (those of 18 with SEND come on top, a few percent)
     * @param databaseId the CCIS's DatabaseID: every YoungPersonsID starts with it
     * @param today      the day ages are counted from; the file is as at the end of the month before (see
     *                   {@link #periodEnd(LocalDate)})
     */
    public TrackedCohort(int size, long seed, String laCode, String databaseId, List<String> postcodeDistricts, LocalDate today) {
        this.seed = seed;
        this.databaseId = databaseId;
        this.today = today;
        this.periodEnd = periodEnd(today);
        this.people = new SyntheticCohort(size, seed, laCode, today, postcodeDistricts, 12, 13);
        // a year group past Year 13, of whom only those with an EHC plan are kept (about one in forty)
        this.eighteens = new SyntheticCohort(size / 2, seed + 1, laCode, today, postcodeDistricts, 14, 14);
    }

    /** The demo's: LA 925 (Northmoor), DatabaseID 925, the same postcode districts as its school census. */
    public static TrackedCohort demo(int secondaryCohortSize, long seed, LocalDate today) {
        return new TrackedCohort((int) Math.round(secondaryCohortSize * SHARE_OF_SECONDARY), seed, "925", "925",
                List.of("NM1", "NM2", "NM3", "NM4", "NM5", "NM6", "NM7", "NM8", "NM9"), today);
    }

    /**
     * The end of the month before {@code today}, as a CCIS's monthly file is; in September the start of the school
     * year instead, so the sixth form's new activities fall inside it.
     */
    public static LocalDate periodEnd(LocalDate today) {
        LocalDate monthEnd = today.withDayOfMonth(1).minusDays(1);
        LocalDate yearStart = AcademicYear.start(today);
        return monthEnd.isBefore(yearStart) ? yearStart : monthEnd;
    }

    public LocalDate periodEnd() {
        return periodEnd;
    }

    public String databaseId() {
        return databaseId;
    }

    public String laCode() {
        return people.laCode();
    }

    @Override
    public Iterator<Tracked> iterator() {
        SplittableRandom r = new SplittableRandom(seed + 2);
        Iterator<Pupil> sixthForm = people.iterator();
        Iterator<Pupil> older = eighteens.iterator();
        return new Iterator<>() {
            private int serial;
            private Tracked next = advance();

            private Tracked advance() {
                if (sixthForm.hasNext()) {
                    return tracked(sixthForm.next(), r, ++serial);
                }
                while (older.hasNext()) {
                    Pupil p = older.next();
                    if (p.senProvision() == 'E') {
                        return tracked(p, r, ++serial);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Tracked next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Tracked t = next;
                next = advance();
                return t;
            }
        };
    }

    private Tracked tracked(Pupil p, SplittableRandom r, int serial) {
        int age = p.ncYear() + 4;
        boolean send = p.senProvision() == 'E';
        String ypid = databaseId + String.format("%010d", serial);
        double leaver = r.nextDouble();
        if ((age == 16 && leaver < 0.04) || (age == 18 && leaver < 0.08)) {
            // last year's Year 11 (or Year 13) leaver: the school's list reached the CCIS, a destination has not
            return new Tracked(p, ypid, age, send, p.senProvision() == 'K', 2, null);
        }
        double kind = r.nextDouble();
        Activity a;
        if (kind < 0.03) {
            a = notKnown(r);
        } else if (kind < 0.06) {
            a = lapsed(r);
        } else if (kind < 0.11) {
            a = neet(r);
        } else {
            a = eet(r, age, send);
        }
        boolean outOfEet = kind < 0.11;
        int need = outOfEet ? (r.nextDouble() < 0.4 ? 1 : 2) : send ? 2 : r.nextDouble() < 0.85 ? 3 : 2;
        return new Tracked(p, ypid, age, send, p.senProvision() == 'K', need, a);
    }

    private Activity eet(SplittableRandom r, int age, boolean send) {
        String code = weighted(r, age >= 18 ? EET_SEND_18 : EET);
        if ((code.equals("280") || code.equals("460")) && !send) {
            code = "230";
        }
        LocalDate yearStart = AcademicYear.start(periodEnd);
        LocalDate endOfYear = LocalDate.of(yearStart.getYear() + 1, 7, 31);
        boolean continuing = age >= 17 && r.nextDouble() < 0.7;
        LocalDate start;
        LocalDate predictedEnd;
        switch (code) {
            case "310" -> {
                start = continuing ? day(r, yearStart.minusYears(1), yearStart.minusMonths(9)) : day(r, yearStart, periodEnd);
                predictedEnd = start.plusMonths(18);
            }
            case "410" -> {
                start = day(r, yearStart, periodEnd);
                predictedEnd = start.plusMonths(12);
            }
            case "330", "340", "360" -> {
                start = day(r, yearStart, periodEnd);
                predictedEnd = null;
            }
            default -> {
                start = continuing ? day(r, yearStart.minusYears(1), yearStart.minusYears(1).plusDays(14))
                        : day(r, yearStart, min(yearStart.plusDays(14), periodEnd));
                boolean twoYearCourse = !continuing && (code.equals("210") || code.equals("220"));
                predictedEnd = twoYearCourse ? endOfYear.plusYears(1) : endOfYear;
            }
        }
        LocalDate from = start.isAfter(yearStart) ? start : yearStart;
        LocalDate ascertained = day(r, from, min(from.plusDays(14), periodEnd));
        LocalDate verified = day(r, ascertained, periodEnd);
        LocalDate dueToLapse = verified.plusMonths(6);
        if (predictedEnd != null && dueToLapse.isAfter(predictedEnd)) {
            dueToLapse = predictedEnd;
        }
        return new Activity(code, start, ascertained, verified, null, dueToLapse, dueToLapse.isBefore(periodEnd), null,
                predictedEnd);
    }

    /** Last verified four to nine months before the period end, due to lapse three months after: lapsed since. */
    private Activity lapsed(SplittableRandom r) {
        String code = weighted(r, LAPSING);
        LocalDate verified = day(r, periodEnd.minusMonths(9), periodEnd.minusMonths(4));
        LocalDate start = verified.minusDays(r.nextInt(61));
        LocalDate ascertained = day(r, start, verified);
        LocalDate predictedEnd = code.equals("230") ? LocalDate.of(AcademicYear.start(start).getYear() + 1, 7, 31) : null;
        LocalDate dueToLapse = verified.plusMonths(3);
        if (predictedEnd != null && dueToLapse.isAfter(predictedEnd)) {
            dueToLapse = predictedEnd;
        }
        return new Activity(code, start, ascertained, verified, null, dueToLapse, true, null, predictedEnd);
    }

    /** Became NEET this school year, in the last three months; verified since, so still current. */
    private Activity neet(SplittableRandom r) {
        String code = weighted(r, NEET);
        LocalDate yearStart = AcademicYear.start(periodEnd);
        LocalDate neetStart = day(r, max(periodEnd.minusDays(85), yearStart), periodEnd);
        LocalDate start = day(r, neetStart, min(neetStart.plusDays(20), periodEnd));
        LocalDate ascertained = day(r, start, min(start.plusDays(7), periodEnd));
        LocalDate verified = day(r, ascertained, periodEnd);
        LocalDate review = code.equals("616") ? start.plusDays(30 + r.nextInt(31)) : null;
        LocalDate dueToLapse = verified.plusMonths(3);
        return new Activity(code, start, ascertained, verified, review, dueToLapse, dueToLapse.isBefore(periodEnd),
                neetStart, null);
    }

    /** Not known since some day this school year: a letter or a call went unanswered, or they would not say. */
    private Activity notKnown(SplittableRandom r) {
        String code = weighted(r, NOT_KNOWN);
        LocalDate yearStart = AcademicYear.start(periodEnd);
        LocalDate start = day(r, max(periodEnd.minusDays(150), yearStart), periodEnd);
        LocalDate dueToLapse = start.plusMonths(3);
        return new Activity(code, start, start, start, null, dueToLapse, dueToLapse.isBefore(periodEnd), null, null);
    }

    /** Ages are counted on this day (the day the demo starts), as the not-known queue counts them. */
    public LocalDate today() {
        return today;
    }

    private static String weighted(SplittableRandom r, Object[][] choices) {
        int total = 0;
        for (Object[] c : choices) {
            total += (Integer) c[1];
        }
        int at = r.nextInt(total);
        for (Object[] c : choices) {
            at -= (Integer) c[1];
            if (at < 0) {
                return (String) c[0];
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** A day from {@code from} to {@code to}, both included ({@code from} when {@code to} is before it). */
    private static LocalDate day(SplittableRandom r, LocalDate from, LocalDate to) {
        long days = to.toEpochDay() - from.toEpochDay();
        return days <= 0 ? from : from.plusDays(r.nextLong(days + 1));
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
