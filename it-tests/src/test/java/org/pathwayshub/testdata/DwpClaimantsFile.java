package org.pathwayshub.testdata;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The {@code dwp-claimants} file from Jobcentre Plus: young people starting a claim in the last two months.
 * It carries no UPN or ULN: the hub matches it on NINO, else on names, date of birth and postcode.
 */
public final class DwpClaimantsFile {

    public static final String HEADER = "NINO,Forename,Surname,DOB,Postcode,ClaimStartDate,BenefitType,JobcentreOffice,"
            + "WorkCoachRef,ConsentToShare";
    private static final String[] OFFICES = {"Northmere Jobcentre", "Fenside Jobcentre", "Northmere, Market Street Jobcentre"};

    private final LocalDate asAt;
    private final long seed;

    public DwpClaimantsFile(LocalDate asAt, long seed) {
        this.asAt = asAt;
        this.seed = seed;
    }

    /** Claimants are 16 or over and have a National Insurance number. */
    public static boolean covers(YoungPerson p) {
        return p.academicAge() >= 16 && p.nino() != null;
    }

    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file) {
        return write(people, variant, file, List.of());
    }

    /** @param extraRows raw lines appended after the people (tests' invalid records); counted in the result */
    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file, List<String> extraRows) {
        return CsvFile.write(file, HEADER,
                people.stream().filter(DwpClaimantsFile::covers).map(p -> row(p, variant.apply(p))).iterator(), extraRows);
    }

    private String row(YoungPerson truth, YoungPerson sent) {
        SplittableRandom r = Draws.forPerson(seed, truth.personNo(), "dwp");
        double b = r.nextDouble();
        String benefit = b < 0.8 ? "UC" : b < 0.9 ? "JSA" : "ESA";
        return CsvFile.row(sent.nino(), sent.givenName(), sent.familyName(), sent.dob(), sent.postcode(),
                Draws.dayBetween(r, asAt.minusDays(60), asAt), benefit, Draws.pick(r, OFFICES),
                "WC" + Draws.digits(r, 5), r.nextDouble() < 0.85 ? "Y" : "N");
    }
}
