package org.pathwayshub.testdata;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;

/**
 * The {@code school-census} file for young people still at school: Years 11 to 13, and 18+ in special schools
 * (Year 14). Rows are written by {@link CohortFiles#censusRow}; free school meals and first language are drawn
 * per person from the seed, SEN provision follows {@code send} (E) and {@code senSupport} (K).
 */
public final class SchoolCensusFile {

    public static final String HEADER = CohortFiles.CENSUS_HEADER;

    private final LocalDate censusDate;
    private final long seed;

    public SchoolCensusFile(LocalDate censusDate, long seed) {
        this.censusDate = censusDate;
        this.seed = seed;
    }

    /** A school census carries everyone with a UPN. */
    public static boolean covers(YoungPerson p) {
        return p.upn() != null;
    }

    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file) {
        return write(people, variant, file, List.of());
    }

    /** @param extraRows raw lines appended after the people (tests' invalid records); counted in the result */
    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file, List<String> extraRows) {
        return CsvFile.write(file, HEADER,
                people.stream().filter(SchoolCensusFile::covers).map(p -> row(p, variant.apply(p))).iterator(), extraRows);
    }

    private String row(YoungPerson truth, YoungPerson sent) {
        SplittableRandom r = Draws.forPerson(seed, truth.personNo(), "census");
        boolean fsm = r.nextDouble() < 0.25;
        String language = r.nextDouble() < 0.84 ? "ENG" : Draws.pick(r, new String[] {"POL", "URD", "PNJ", "ARA", "SOM", "POR"});
        char sen = truth.send() ? 'E' : truth.senSupport() ? 'K' : 'N';
        Pupil pupil = new Pupil(sent.upn(), sent.givenName(), "", sent.familyName(), sent.dob(), sent.gender(),
                sent.postcode(), sent.laEstab(), truth.ncYear(), fsm, sen, language, 0.95, 0.0);
        return CohortFiles.censusRow(pupil, censusDate);
    }
}
