package org.pathwayshub.testdata;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;

/**
 * Young people from Year 11 to 18+ for the partner feeds, made from a {@link SyntheticCohort}: that cohort is
 * Years 7 to 11 at its census, so taken four years before the as-at date its pupils are now Years 11 to 15,
 * academic ages 15 to 19. They keep their UPN, birth date, gender, postcode and school; they gain a ULN, a
 * National Insurance number from 16, an NCCIS YoungPersonsID, and for about one in six an accented, apostrophe
 * or hyphenated name, so name variants have something to work on.
 *
 * <p>An LA tracks young people past academic age 17 only when they have SEND (NCCIS error 40), so everyone
 * generated at 18 or over has {@code send} set. Generated data only: names are random pairs from common lists.
 */
public final class YoungPersonCohort {

    /** A month end, as NCCIS periods are: the date every generated file is as at. */
    public static final LocalDate AS_AT = LocalDate.of(2026, 10, 31);
    public static final String LA_CODE = "925";
    /** The NCCIS DatabaseID the YoungPersonsIDs start with. */
    public static final String DATABASE_ID = "601";
    public static final List<String> POSTCODE_DISTRICTS = List.of("NM1", "NM2", "NM3", "NM4", "NM5", "NM6", "NM7", "NM8", "NM9");

    static final String[] ACCENTED_GIVEN_F = {"Zoë", "Chloé", "Anaïs", "Renée", "Siân", "Élodie", "Noémie", "Inès"};
    static final String[] ACCENTED_GIVEN_M = {"Seán", "José", "Björn", "Jérôme", "Stéphane", "Andrés"};
    static final String[] APOSTROPHE_FAMILY = {"O'Brien", "D'Souza", "O'Neill", "O'Connor", "D'Angelo", "O'Sullivan"};
    static final String[] HYPHENATED_FAMILY = {"Smith-Jones", "Taylor-Khan", "Brown-Okafor", "Evans-Patel", "Hughes-Mensah"};

    private static final String NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ";
    private static final String NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ";
    private static final Set<String> NINO_NEVER_ISSUED = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");

    private YoungPersonCohort() {
    }

    /** {@code size} young people in LA 925 as at {@link #AS_AT}; the same seed gives the same people. */
    public static List<YoungPerson> generate(int size, long seed) {
        SyntheticCohort fourYearsEarlier = new SyntheticCohort(size, seed, LA_CODE, AS_AT.minusYears(4), POSTCODE_DISTRICTS);
        return fromPupils(fourYearsEarlier, AS_AT, DATABASE_ID, seed);
    }

    /**
     * @param pupils     a school cohort; its pupils' ages at {@code asAt} follow from their birth dates
     * @param databaseId the 3-digit NCCIS DatabaseID for YoungPersonsIDs
     */
    public static List<YoungPerson> fromPupils(SyntheticCohort pupils, LocalDate asAt, String databaseId, long seed) {
        if (!databaseId.matches("\\d{3}")) {
            throw new IllegalArgumentException("an NCCIS DatabaseID has 3 digits, not '" + databaseId + "'");
        }
        LocalDate ageDate = Draws.academicYearStart(asAt).minusDays(1);
        SplittableRandom r = new SplittableRandom(seed ^ 0x1D5EEDL);
        Set<String> issued = new HashSet<>();
        List<YoungPerson> people = new ArrayList<>(pupils.size());
        int no = 0;
        for (Pupil p : pupils) {
            int academicAge = Period.between(p.dob(), ageDate).getYears();
            boolean send = p.senProvision() == 'E' || academicAge >= 18;
            boolean senSupport = !send && p.senProvision() == 'K';
            String given = p.forename();
            String family = p.surname();
            double mark = r.nextDouble();
            if (mark < 0.06) {
                given = Draws.pick(r, "F".equals(p.gender()) ? ACCENTED_GIVEN_F : ACCENTED_GIVEN_M);
            } else if (mark < 0.11) {
                family = Draws.pick(r, APOSTROPHE_FAMILY);
            } else if (mark < 0.16) {
                family = Draws.pick(r, HYPHENATED_FAMILY);
            }
            String upn = r.nextDouble() < 0.03 ? null : p.upn();
            String uln = r.nextDouble() < 0.05 ? null : unique(issued, () -> uln(r));
            String nino = academicAge < 16 || r.nextDouble() < 0.08 ? null : unique(issued, () -> nino(r));
            String ypid = databaseId + String.format("%010d", 1000 + no);
            people.add(new YoungPerson(no, upn, uln, nino, ypid, given, family, p.dob(), p.gender(), p.postcode(),
                    p.laEstab(), academicAge, send, senSupport));
            no++;
        }
        return List.copyOf(people);
    }

    private static String unique(Set<String> issued, Supplier<String> draw) {
        String value;
        do {
            value = draw.get();
        } while (!issued.add(value));
        return value;
    }

    /** 10 digits, the first not 0. */
    static String uln(SplittableRandom r) {
        return (1 + r.nextInt(9)) + Draws.digits(r, 9);
    }

    /** Two letters from those issued, six digits, a final letter A to D (FEEDS.md, Identifiers). */
    static String nino(SplittableRandom r) {
        String prefix;
        do {
            prefix = "" + NINO_FIRST.charAt(r.nextInt(NINO_FIRST.length())) + NINO_SECOND.charAt(r.nextInt(NINO_SECOND.length()));
        } while (NINO_NEVER_ISSUED.contains(prefix));
        return prefix + Draws.digits(r, 6) + "ABCD".charAt(r.nextInt(4));
    }
}
