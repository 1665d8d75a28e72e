package org.pathwayshub.testdata;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code provider-activity} file from the commissioned careers provider: everyone's current activity,
 * level of need and characteristics ({@code 110;170}), the same activity their NCCIS record carries.
 */
public final class ProviderActivityFile {

    public static final String HEADER = "YoungPersonsID,UPN,ULN,Forename,Surname,DOB,Postcode,ActivityCode,StartDate,"
            + "DateAscertained,EstablishmentNumber,UKPRN,NEETStartDate,ReviewDate,PredictedEndDate,LevelOfNeed,Characteristics";

    private final LocalDate asAt;
    private final long seed;

    public ProviderActivityFile(LocalDate asAt, long seed) {
        this.asAt = asAt;
        this.seed = seed;
    }

    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file) {
        return write(people, variant, file, List.of());
    }

    /** @param extraRows raw lines appended after the people (tests' invalid records); counted in the result */
    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file, List<String> extraRows) {
        return CsvFile.write(file, HEADER, people.stream().map(p -> row(p, variant.apply(p))).iterator(), extraRows);
    }

    private String row(YoungPerson truth, YoungPerson sent) {
        CurrentActivity a = CurrentActivity.of(truth, asAt, seed);
        return CsvFile.row(sent.ypid(), sent.upn(), sent.uln(), sent.givenName(), sent.familyName(), sent.dob(),
                sent.postcode(), a.activityCode(), a.startDate(), a.dateAscertained(), a.establishmentNumber(),
                a.provider() == null ? null : a.provider().ukprn(), a.neetStartDate(), a.reviewDate(),
                a.predictedEndDate(), a.levelOfNeed(), String.join(";", a.characteristics()));
    }
}
