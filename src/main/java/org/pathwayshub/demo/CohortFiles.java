package org.pathwayshub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic cohort as the partner files of docs/feeds.md: the school census and monthly attendance,
 * one row at a time (a large cohort never sits in memory), CRLF line ends as MIS exports have them.
 */
public final class CohortFiles {

    public static final String CENSUS_HEADER = "UPN,Forename,MiddleNames,Surname,DOB,Gender,Postcode,LAEstab,NCYearActual,"
            + "FSMEligible,SENProvision,FirstLanguage,CensusDate";
    public static final String ATTENDANCE_HEADER = "UPN,LAEstab,PeriodStart,PeriodEnd,SessionsPossible,SessionsAttended,"
            + "SuspensionCount,SuspensionSessions,PermanentExclusionDate";

    private CohortFiles() {
    }

    public static String censusRow(Pupil p, LocalDate censusDate) {
        return String.join(",", p.upn(), csv(p.forename()), csv(p.middleNames()), csv(p.surname()), p.dob().toString(),
                p.gender(), p.postcode(), p.laEstab(), Integer.toString(p.ncYear()), Boolean.toString(p.fsm()),
                String.valueOf(p.senProvision()), p.firstLanguage(), censusDate.toString());
    }

    /** @param extraRows raw lines appended after the cohort (tests add invalid records this way) */
    public static long writeCensus(SyntheticCohort cohort, Path file, List<String> extraRows) {
        return write(file, CENSUS_HEADER, out -> {
            long n = 0;
            for (Pupil p : cohort) {
                line(out, censusRow(p, cohort.censusDate()));
                n++;
            }
            for (String row : extraRows) {
                line(out, row);
                n++;
            }
            return n;
        });
    }

    /**
     * One row per pupil per school month in the six months before the census (August has none): sessions
     * possible are two per school day, attended drawn around the pupil's rate, with suspensions and the rare
     * permanent exclusion.
     */
    public static long writeAttendance(SyntheticCohort cohort, Path file, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<YearMonth> months = new ArrayList<>();
        YearMonth census = YearMonth.from(cohort.censusDate());
        for (int back = 6; back >= 1; back--) {
            YearMonth m = census.minusMonths(back);
            if (m.getMonthValue() != 8) {
                months.add(m);
            }
        }
        return write(file, ATTENDANCE_HEADER, out -> {
            long n = 0;
            for (Pupil p : cohort) {
                LocalDate excluded = null;
                for (YearMonth m : months) {
                    int possible = 2 * schoolDays(m);
                    int suspensions = r.nextDouble() < p.monthlySuspensionChance() ? 1 + (r.nextDouble() < 0.2 ? 1 : 0) : 0;
                    int suspensionSessions = suspensions == 0 ? 0 : suspensions * (2 + r.nextInt(5));
                    double rate = Math.max(0, Math.min(1, p.attendanceRate() + (r.nextDouble() - 0.5) * 0.06));
                    int attended = Math.max(0, Math.min(possible - suspensionSessions, (int) Math.round(possible * rate)));
                    if (excluded == null && r.nextDouble() < 0.00015 + p.monthlySuspensionChance() * 0.004) {
                        excluded = m.atDay(10);
                    }
                    line(out, String.join(",", p.upn(), p.laEstab(), m.atDay(1).toString(), m.atEndOfMonth().toString(),
                            Integer.toString(possible), Integer.toString(attended), Integer.toString(suspensions),
                            Integer.toString(suspensionSessions), excluded == null ? "" : excluded.toString()));
                    n++;
                }
            }
            return n;
        });
    }

    /** Roughly the school days in a month of an English school year. */
    static int schoolDays(YearMonth m) {
        return switch (m.getMonth()) {
            case APRIL -> 12;
            case JULY -> 16;
            case SEPTEMBER -> 19;
            case DECEMBER -> 14;
            case AUGUST -> 0;
            default -> 20;
        };
    }

    /** Rows already made, as one partner file. */
    static long writeRows(Path file, String header, List<String> rows) {
        return write(file, header, out -> {
            for (String row : rows) {
                line(out, row);
            }
            return rows.size();
        });
    }

    private interface Body {
        long write(Writer out) throws IOException;
    }

    /** Written to a hidden temporary file and moved into place, so a watching feed never sees half a file. */
    private static long write(Path file, String header, Body body) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            long rows;
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                line(out, header);
                rows = body.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void line(Writer out, String row) throws IOException {
        out.write(row);
        out.write("\r\n");
    }

    static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
