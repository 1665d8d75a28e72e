package org.pathwayshub.testdata;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The {@code post16-enrolments} file from colleges and training providers. A young person whose current
 * activity is a course or training has that enrolment (the activity's provider, start and predicted end);
 * anyone else (working, NEET, not known) enrolled at college at the start of the year and withdrew just
 * before that activity began, so the withdrawal and the NCCIS record tell the same story.
 */
public final class EnrolmentsFile {

    public static final String HEADER = "ULN,UPN,Forename,Surname,DOB,Postcode,UKPRN,ProviderName,LearningStartDate,"
            + "ProgrammeType,PlannedEndDate,Withdrawn,WithdrawalDate";

    private final LocalDate asAt;
    private final long seed;

    public EnrolmentsFile(LocalDate asAt, long seed) {
        this.asAt = asAt;
        this.seed = seed;
    }

    /** Post-16 only: Year 11 pupils are left out. */
    public static boolean covers(YoungPerson p) {
        return !p.inYear11();
    }

    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file) {
        return write(people, variant, file, List.of());
    }

    /** @param extraRows raw lines appended after the people (tests' invalid records); counted in the result */
    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file, List<String> extraRows) {
        return CsvFile.write(file, HEADER,
                people.stream().filter(EnrolmentsFile::covers).map(p -> row(p, variant.apply(p))).iterator(), extraRows);
    }

    /** SIXTH_FORM, FE, APPRENTICESHIP, TRAINEESHIP, SUPPORTED_INTERNSHIP or HE for a course activity, else null. */
    static String programmeType(String activityCode) {
        return switch (activityCode) {
            case "210" -> "SIXTH_FORM";
            case "220", "230", "250", "270", "280", "410" -> "FE";
            case "240" -> "HE";
            case "310" -> "APPRENTICESHIP";
            case "450" -> "TRAINEESHIP";
            case "460" -> "SUPPORTED_INTERNSHIP";
            default -> null;
        };
    }

    private String row(YoungPerson truth, YoungPerson sent) {
        CurrentActivity a = CurrentActivity.of(truth, asAt, seed);
        String programme = programmeType(a.activityCode());
        if (programme != null) {
            return CsvFile.row(sent.uln(), sent.upn(), sent.givenName(), sent.familyName(), sent.dob(), sent.postcode(),
                    a.provider().ukprn(), a.provider().name(), a.startDate(), programme, a.predictedEndDate(), "N", null);
        }
        SplittableRandom r = Draws.forPerson(seed, truth.personNo(), "enrolment");
        LocalDate yearStart = Draws.academicYearStart(asAt);
        LocalDate start = Draws.dayBetween(r, yearStart, yearStart.plusDays(6));
        LocalDate moved = a.neetStartDate() != null ? a.neetStartDate() : a.startDate();
        LocalDate withdrawn = moved.minusDays(r.nextInt(4));
        if (!withdrawn.isAfter(start)) {
            withdrawn = start.plusDays(1);
        }
        Provider college = r.nextBoolean() ? Provider.FE_COLLEGE : Provider.FE_COLLEGE_TOWN;
        return CsvFile.row(sent.uln(), sent.upn(), sent.givenName(), sent.familyName(), sent.dob(), sent.postcode(),
                college.ukprn(), college.name(), start, "FE", LocalDate.of(yearStart.getYear() + 1, 7, 31), "Y", withdrawn);
    }
}
