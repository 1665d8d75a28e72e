package org.pathwayshub.demo;

import java.time.LocalDate;
import java.time.Month;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;

import org.pathwayshub.record.UpnCheck;

/**
 * A synthetic secondary-school cohort (Years 7 to 11) for a fictional local authority: valid UPNs with
 * check letters, dates of birth that fit each year group, and spreads of free school meals, SEN, EAL and
 * attendance close to those published for English secondary schools (about a quarter FSM-eligible, one in
 * eight on SEN support, one in forty with an EHC plan, one in six EAL, a fifth persistently absent).
 * Names are random pairs from common name lists: no real person is described. The same seed gives the
 * same cohort.
 */
public final class SyntheticCohort implements Iterable<Pupil> {

    private static final String[] FORENAMES = {"Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence",
            "Mia", "Willow", "Rosie", "Sophia", "Isabella", "Grace", "Daisy", "Sienna", "Poppy", "Elsie", "Emily", "Ella",
            "Evie", "Aisha", "Maryam", "Zara", "Amira", "Hannah", "Chloe", "Jessica", "Niamh", "Zofia", "Noah", "Muhammad",
            "George", "Oliver", "Leo", "Arthur", "Oscar", "Harry", "Archie", "Jack", "Henry", "Charlie", "Freddie", "Theodore",
            "Thomas", "Finley", "Theo", "Alfie", "Jacob", "Ibrahim", "Yusuf", "Adam", "Joshua", "Ethan", "Mason", "Reuben",
            "Kacper", "Jakub", "Tomasz", "Ryan", "Connor", "Liam", "Kai", "Tyler", "Callum"};
    private static final String[] SURNAMES = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
            "Davies", "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
            "Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward",
            "Hughes", "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan", "Ahmed",
            "Ali", "Begum", "Hussain", "Kowalski", "Nowak", "O'Brien", "O'Connor", "Smith-Jones", "Nguyen", "Okafor",
            "Mensah", "Adeyemi", "Murphy", "Kelly", "Campbell", "Stewart", "Scott", "Young", "Mitchell", "Bennett"};
    private static final String[] OTHER_LANGUAGES = {"POL", "URD", "PNJ", "BNG", "ARA", "ROM", "LIT", "POR", "SOM", "TUR",
            "GUJ", "TAM", "FRN", "SPA", "CHI", "RUS", "FAR", "KUR"};
    private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

    private final int size;
    private final long seed;
    private final String laCode;
    private final LocalDate censusDate;
    private final List<String> postcodeDistricts;
    private final int secondarySchools;
    private final int firstYear;
    private final int lastYear;

    /**
     * @param laCode            the fictional LA's three-digit number (UPNs and schools carry it)
     * @param censusDate        the census the cohort is as at; year groups and ages follow from it
     * @param postcodeDistricts where pupils live, e.g. NM1..NM9 (not real districts)
     */
    public SyntheticCohort(int size, long seed, String laCode, LocalDate censusDate, List<String> postcodeDistricts) {
        this(size, seed, laCode, censusDate, postcodeDistricts, 7, 11);
    }

    /**
     * As above, in year groups {@code firstYear} to {@code lastYear} (12 and 13 are the sixth form, 14 a year past
     * Year 13: academic age 18), each as likely.
     */
    public SyntheticCohort(int size, long seed, String laCode, LocalDate censusDate, List<String> postcodeDistricts,
                           int firstYear, int lastYear) {
        this.firstYear = firstYear;
        this.lastYear = lastYear;
        this.size = size;
        this.seed = seed;
        this.laCode = laCode;
        this.censusDate = censusDate;
        this.postcodeDistricts = List.copyOf(postcodeDistricts);
        this.secondarySchools = Math.max(4, size / 1000);
    }

    public static SyntheticCohort demo(int size, long seed) {
        return new SyntheticCohort(size, seed, "925", LocalDate.of(2026, 10, 1),
                List.of("NM1", "NM2", "NM3", "NM4", "NM5", "NM6", "NM7", "NM8", "NM9"));
    }

    public int size() {
        return size;
    }

    public LocalDate censusDate() {
        return censusDate;
    }

    public String laCode() {
        return laCode;
    }

    @Override
    public Iterator<Pupil> iterator() {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> serials = new HashMap<>();
        return new Iterator<>() {
            private int made;

            @Override
            public boolean hasNext() {
                return made < size;
            }

            @Override
            public Pupil next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                made++;
                return pupil(random, serials);
            }
        };
    }

    /** The academic year's start: 1 September on or before the census date. */
    private int academicYear() {
        return censusDate.getMonthValue() >= Month.SEPTEMBER.getValue() ? censusDate.getYear() : censusDate.getYear() - 1;
    }

    private Pupil pupil(SplittableRandom r, Map<String, Integer> serials) {
        int ncYear = firstYear + r.nextInt(lastYear - firstYear + 1);
        // age on 31 August before the academic year is NC year + 4
        LocalDate earliest = LocalDate.of(academicYear() - ncYear - 5, 9, 1);
        LocalDate dob = earliest.plusDays(r.nextInt(365));
        String gender = r.nextBoolean() ? "F" : "M";
        boolean fsm = r.nextDouble() < 0.25;
        double s = r.nextDouble();
        char sen = s < 0.025 ? 'E' : s < 0.155 ? 'K' : 'N';
        boolean eal = r.nextDouble() < 0.16;
        String language = eal ? OTHER_LANGUAGES[r.nextInt(OTHER_LANGUAGES.length)] : "ENG";
        String school = laCode + (sen == 'E' && r.nextDouble() < 0.4 ? "7001" : String.valueOf(4000 + r.nextInt(secondarySchools)));
        String postcode = postcodeDistricts.get(r.nextInt(postcodeDistricts.size())) + " " + r.nextInt(10)
                + INWARD_LETTERS.charAt(r.nextInt(INWARD_LETTERS.length())) + INWARD_LETTERS.charAt(r.nextInt(INWARD_LETTERS.length()));
        String middle = r.nextDouble() < 0.4 ? FORENAMES[r.nextInt(FORENAMES.length)] : "";
        return new Pupil(upn(r, serials, dob), FORENAMES[r.nextInt(FORENAMES.length)], middle,
                SURNAMES[r.nextInt(SURNAMES.length)], dob, gender, postcode, school, ncYear, fsm, sen, language,
                attendanceRate(r, fsm, sen), suspensionChance(r, fsm, sen));
    }

    /** Issued by a primary school of the LA in the year the pupil started reception. */
    private String upn(SplittableRandom r, Map<String, Integer> serials, LocalDate dob) {
        int primaries = Math.max(40, size / 250);
        String estab = String.format("%04d", 2000 + r.nextInt(primaries));
        int issued = (dob.getMonthValue() >= 9 ? dob.getYear() + 5 : dob.getYear() + 4) % 100;
        String key = estab + issued;
        int serial = serials.merge(key, 1, Integer::sum) - 1;
        if (serial > 999) {
            throw new IllegalStateException("cohort too large for " + primaries + " issuing schools");
        }
        String body = laCode + estab + String.format("%02d%03d", issued, serial);
        return UpnCheck.checkLetter(body) + body;
    }

    /** Mean near 92%; FSM and SEN pupils lower; a tail of persistent (below 90%) and severe (below 50%) absence. */
    private static double attendanceRate(SplittableRandom r, boolean fsm, char sen) {
        double mean = 0.945 - (fsm ? 0.035 : 0) - (sen == 'K' ? 0.02 : sen == 'E' ? 0.03 : 0);
        double t = r.nextDouble();
        if (t < 0.015) {
            mean = 0.35 + r.nextDouble() * 0.15;
        } else if (t < 0.13 + (fsm ? 0.08 : 0)) {
            mean = 0.72 + r.nextDouble() * 0.17;
        }
        double rate = mean + gaussian(r) * 0.025;
        return Math.max(0.05, Math.min(1.0, rate));
    }

    private static double suspensionChance(SplittableRandom r, boolean fsm, char sen) {
        double base = 0.006 + (fsm ? 0.01 : 0) + (sen == 'K' ? 0.012 : 0);
        return r.nextDouble() < 0.1 ? base * 6 : base;
    }

    private static double gaussian(SplittableRandom r) {
        return new Random(r.nextLong()).nextGaussian();
    }
}
