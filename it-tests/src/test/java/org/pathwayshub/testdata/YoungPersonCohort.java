package org.pathwayshub.testdata;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
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
        Set<String> issued = new HashSet<>();
        List<YoungPerson> people = new ArrayList<>(pupils.size());
        Converter convert = new Converter(asAt, databaseId, seed,
                (r, no) -> unique(issued, () -> uln(r)), (r, no) -> unique(issued, () -> nino(r)));
        for (Pupil p : pupils) {
            people.add(convert.next(p));
        }
        return List.copyOf(people);
    }

    /**
     * The same young people one at a time, for files too large to hold (a national-scale benchmark): ULNs and
     * National Insurance numbers are unique by construction from each person's number rather than drawn and
     * checked against every one issued, so memory stays flat however many are written.
     */
    public static Iterable<YoungPerson> streamed(SyntheticCohort pupils, LocalDate asAt, String databaseId, long seed) {
        return () -> {
            Iterator<Pupil> source = pupils.iterator();
            Converter convert = new Converter(asAt, databaseId, seed,
                    (r, no) -> Long.toString(1_000_000_000L + no * 7_919L % 8_999_999_999L),
                    (r, no) -> NINO_PREFIXES[no / 1_000_000 % NINO_PREFIXES.length]
                            + String.format("%06d", no % 1_000_000) + "ABCD".charAt(no % 4));
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return source.hasNext();
                }

                @Override
                public YoungPerson next() {
                    return convert.next(source.next());
                }
            };
        };
    }

    private static final String[] NINO_PREFIXES = {"AB", "CE", "HJ", "KL", "MP", "RS", "TW", "YZ"};

    /** Turns pupils into young people in order, numbering them; how ULNs and NINOs are issued is given. */
    private static final class Converter {
        private final LocalDate ageDate;
        private final String databaseId;
        private final SplittableRandom r;
        private final BiFunction<SplittableRandom, Integer, String> uln;
        private final BiFunction<SplittableRandom, Integer, String> nino;
        private int no;

        Converter(LocalDate asAt, String databaseId, long seed, BiFunction<SplittableRandom, Integer, String> uln,
                  BiFunction<SplittableRandom, Integer, String> nino) {
            if (!databaseId.matches("\\d{3}")) {
                throw new IllegalArgumentException("an NCCIS DatabaseID has 3 digits, not '" + databaseId + "'");
            }
            this.ageDate = Draws.academicYearStart(asAt).minusDays(1);
            this.databaseId = databaseId;
            this.r = new SplittableRandom(seed ^ 0x1D5EEDL);
            this.uln = uln;
            this.nino = nino;
        }

        YoungPerson next(Pupil p) {
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
            String ulnValue = r.nextDouble() < 0.05 ? null : uln.apply(r, no);
            String ninoValue = academicAge < 16 || r.nextDouble() < 0.08 ? null : nino.apply(r, no);
            String ypid = databaseId + String.format("%010d", 1000 + no);
            YoungPerson person = new YoungPerson(no, upn, ulnValue, ninoValue, ypid, given, family, p.dob(), p.gender(),
                    p.postcode(), p.laEstab(), academicAge, send, senSupport);
            no++;
            return person;
        }
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

    /** Two letters from those issued, six digits, a final letter A to D (docs/feeds.md, Identifiers). */
    static String nino(SplittableRandom r) {
        String prefix;
        do {
            prefix = "" + NINO_FIRST.charAt(r.nextInt(NINO_FIRST.length())) + NINO_SECOND.charAt(r.nextInt(NINO_SECOND.length()));
        } while (NINO_NEVER_ISSUED.contains(prefix));
        return prefix + Draws.digits(r, 6) + "ABCD".charAt(r.nextInt(4));
    }
}
