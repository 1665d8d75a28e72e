package org.pathwayshub.testdata;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code school-destinations} file: each Year 11 pupil's intended destination and September Guarantee
 * status, with the offer (UKPRN and date) where a provider has made one. The same draw as the pupil's NCCIS
 * record, so the two agree.
 */
public final class SchoolDestinationsFile {

    public static final String HEADER = "UPN,Forename,Surname,DOB,LAEstab,IntendedDestination,GuaranteeStatus,OfferUKPRN,OfferDate";

    private final LocalDate asAt;
    private final long seed;

    public SchoolDestinationsFile(LocalDate asAt, long seed) {
        this.asAt = asAt;
        this.seed = seed;
    }

    /** Year 11 pupils with a UPN; others are left out. */
    public static boolean covers(YoungPerson p) {
        return p.inYear11() && p.upn() != null;
    }

    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file) {
        return write(people, variant, file, List.of());
    }

    /** @param extraRows raw lines appended after the people (tests' invalid records); counted in the result */
    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file, List<String> extraRows) {
        return CsvFile.write(file, HEADER,
                people.stream().filter(SchoolDestinationsFile::covers).map(p -> row(p, variant.apply(p))).iterator(), extraRows);
    }

    private String row(YoungPerson truth, YoungPerson sent) {
        CurrentActivity.Year11Destination d = CurrentActivity.of(truth, asAt, seed).year11();
        return CsvFile.row(sent.upn(), sent.givenName(), sent.familyName(), sent.dob(), sent.laEstab(),
                d.intendedDestination(), d.guaranteeStatus(), d.offer() == null ? null : d.offer().ukprn(), d.offerDate());
    }
}
