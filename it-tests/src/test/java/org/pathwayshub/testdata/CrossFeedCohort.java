package org.pathwayshub.testdata;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A cohort put through four feeds with a declared ground truth, for identity-resolution tests: which records are
 * the same young person, which must never be merged, and which a person should review. Each young person
 * belongs to one {@link Category}; the category fixes the feeds they appear in, the identifiers each feed
 * carries and the name variant it uses. Counts are exact for a given N (at least 20):
 *
 * <pre>
 * category                     count           N=200  records  feeds (identifiers; name variant)
 * CENSUS_ONLY                  the rest           36     1     census (UPN)
 * CENSUS_AND_NCCIS             N/5                40     2     census (UPN); NCCIS (UPN, ULN; accents stripped)
 * CENSUS_AND_ENROLMENT         3N/20              30     2     census (UPN); enrolments (ULN, UPN; upper case)
 * NCCIS_AND_ENROLMENT_BY_ULN   3N/25              24     2     NCCIS (ULN, no UPN); enrolments (ULN, no UPN)
 * DWP_EXACT_NAMES              N/10               20     2     census (UPN); DWP (NINO only; upper case) - same DOB, postcode
 * DWP_TYPO_FOR_REVIEW          N/20               10     2     census (UPN); DWP (NINO only; one-letter typo in the given name)
 * TWIN                         2*(N/20)           20     2     census (UPN); NCCIS (UPN, ULN): pairs share family name, DOB, postcode
 * NAME_VARIANTS                N/10               20     2     census (UPN, accented/apostrophe/hyphenated name);
 *                                                              DWP (NINO only; no accents, apostrophes or hyphens, upper case)
 * </pre>
 *
 * For N=200: 200 young people, 364 records and 164 same-person pairs. Matching should merge every pair except
 * the 10 typo pairs, which go to review, and never merge a twin with the other: {@link #expectedAfterAutomaticMatching()}
 * is 210, and 200 once the reviews are confirmed ({@link #distinctPeople()}).
 */
public final class CrossFeedCohort {

    public static final String CENSUS = "school-census";
    public static final String NCCIS = "nccis-xml";
    public static final String ENROLMENTS = "post16-enrolments";
    public static final String DWP = "dwp-claimants";

    public enum Category {
        CENSUS_ONLY, CENSUS_AND_NCCIS, CENSUS_AND_ENROLMENT, NCCIS_AND_ENROLMENT_BY_ULN, DWP_EXACT_NAMES,
        DWP_TYPO_FOR_REVIEW, TWIN, NAME_VARIANTS;

        /** How many of N young people fall in this category. */
        public int count(int n) {
            return switch (this) {
                case CENSUS_AND_NCCIS -> n / 5;
                case CENSUS_AND_ENROLMENT -> 3 * n / 20;
                case NCCIS_AND_ENROLMENT_BY_ULN -> 3 * n / 25;
                case DWP_EXACT_NAMES, NAME_VARIANTS -> n / 10;
                case DWP_TYPO_FOR_REVIEW -> n / 20;
                case TWIN -> 2 * (n / 20);
                case CENSUS_ONLY -> n - others(n);
            };
        }

        private static int others(int n) {
            int sum = 0;
            for (Category c : values()) {
                if (c != CENSUS_ONLY) {
                    sum += c.count(n);
                }
            }
            return sum;
        }
    }

    /**
     * One record of a young person in one feed.
     *
     * @param asSent  the person as that feed has them: its name variant, and only the identifiers it carries
     * @param variant what was done to the names, in words
     */
    public record Appearance(String feed, YoungPerson asSent, String variant) {

        /** What identifies the record in its feed: feed id, a colon and its primary identifier. */
        public String recordKey() {
            String id = switch (feed) {
                case CENSUS -> asSent.upn();
                case NCCIS -> asSent.ypid();
                case ENROLMENTS -> asSent.uln() != null ? asSent.uln() : asSent.upn();
                case DWP -> asSent.nino();
                default -> throw new IllegalStateException("unknown feed " + feed);
            };
            return feed + ":" + id;
        }
    }

    /** A young person, their category and their records. */
    public record Member(YoungPerson person, Category category, List<Appearance> appearances) {
    }

    /** Two record keys, in order, so a pair is the same whichever way round it was found. */
    public record RecordPair(String first, String second) {
        public static RecordPair of(String a, String b) {
            return a.compareTo(b) <= 0 ? new RecordPair(a, b) : new RecordPair(b, a);
        }
    }

    /** Pairwise precision and recall of a matching against the truth. */
    public record MatchScore(int predictedPairs, int truePairs, int correctPairs) {
        public double precision() {
            return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
        }

        public double recall() {
            return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
        }
    }

    private final List<Member> members;
    private final LocalDate asAt;
    private final long seed;

    private CrossFeedCohort(List<Member> members, LocalDate asAt, long seed) {
        this.members = List.copyOf(members);
        this.asAt = asAt;
        this.seed = seed;
    }

    /** {@code n} young people (at least 20) as at {@link YoungPersonCohort#AS_AT}; the same seed gives the same cohort. */
    public static CrossFeedCohort build(int n, long seed) {
        if (n < 20) {
            throw new IllegalArgumentException("a cross-feed cohort needs at least 20 young people (one in every category), not " + n);
        }
        return new Builder(YoungPersonCohort.generate(5 * n + 100, seed), seed).build(n);
    }

    public List<Member> members() {
        return members;
    }

    public LocalDate asAt() {
        return asAt;
    }

    public Map<Category, Integer> counts() {
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            counts.put(c, 0);
        }
        members.forEach(m -> counts.merge(m.category(), 1, Integer::sum));
        return counts;
    }

    /** The young people in the truth: N. */
    public int distinctPeople() {
        return members.size();
    }

    /** What automatic matching should leave: N, plus one for each typo pair waiting for review. */
    public int expectedAfterAutomaticMatching() {
        return members.size() + Category.DWP_TYPO_FOR_REVIEW.count(members.size());
    }

    /** The people a feed's file holds, as that feed has them, by person number: write them with {@link NameVariants#unchanged()}. */
    public List<YoungPerson> sentTo(String feed) {
        List<YoungPerson> sent = new ArrayList<>();
        for (Member m : members) {
            for (Appearance a : m.appearances()) {
                if (a.feed().equals(feed)) {
                    sent.add(a.asSent());
                }
            }
        }
        return sent;
    }

    /** Every record key across the four feeds. */
    public List<String> recordKeys() {
        List<String> keys = new ArrayList<>();
        members.forEach(m -> m.appearances().forEach(a -> keys.add(a.recordKey())));
        return keys;
    }

    /** Pairs of records of the same young person: what a perfect matching puts together. */
    public Set<RecordPair> samePersonPairs() {
        Set<RecordPair> pairs = new LinkedHashSet<>();
        for (Member m : members) {
            List<Appearance> a = m.appearances();
            for (int i = 0; i < a.size(); i++) {
                for (int j = i + 1; j < a.size(); j++) {
                    pairs.add(RecordPair.of(a.get(i).recordKey(), a.get(j).recordKey()));
                }
            }
        }
        return pairs;
    }

    /** The same-person pairs only names can join, and a typo makes doubtful: they should go to review. */
    public Set<RecordPair> reviewPairs() {
        Set<RecordPair> pairs = new LinkedHashSet<>();
        for (Member m : members) {
            if (m.category() == Category.DWP_TYPO_FOR_REVIEW) {
                pairs.add(RecordPair.of(m.appearances().get(0).recordKey(), m.appearances().get(1).recordKey()));
            }
        }
        return pairs;
    }

    /**
     * Scores a matching pairwise: records sharing a cluster are predicted to be one person.
     *
     * @param clusterOfRecord record key to the matcher's person id; a record left out is a person on its own
     */
    public MatchScore score(Map<String, ?> clusterOfRecord) {
        Map<Object, List<String>> clusters = new HashMap<>();
        for (String key : recordKeys()) {
            Object cluster = clusterOfRecord.get(key);
            clusters.computeIfAbsent(cluster == null ? key : cluster, k -> new ArrayList<>()).add(key);
        }
        Set<RecordPair> truth = samePersonPairs();
        int predicted = 0;
        int correct = 0;
        for (List<String> keys : clusters.values()) {
            for (int i = 0; i < keys.size(); i++) {
                for (int j = i + 1; j < keys.size(); j++) {
                    predicted++;
                    if (truth.contains(RecordPair.of(keys.get(i), keys.get(j)))) {
                        correct++;
                    }
                }
            }
        }
        return new MatchScore(predicted, truth.size(), correct);
    }

    /**
     * Writes the four feeds' files into {@code dir}: {@code school-census.csv} (census of 1 October),
     * {@code nccis-xml.xml}, {@code post16-enrolments.csv} and {@code dwp-claimants.csv}.
     *
     * @return each feed id with its file
     */
    public Map<String, Path> writeFiles(Path dir) {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(CENSUS, dir.resolve(CENSUS + ".csv"));
        files.put(NCCIS, dir.resolve(NCCIS + ".xml"));
        files.put(ENROLMENTS, dir.resolve(ENROLMENTS + ".csv"));
        files.put(DWP, dir.resolve(DWP + ".csv"));
        LocalDate censusDate = LocalDate.of(Draws.academicYearStart(asAt).getYear(), 10, 1);
        new SchoolCensusFile(censusDate, seed).write(sentTo(CENSUS), NameVariants.unchanged(), files.get(CENSUS));
        new NccisXmlFile(asAt, YoungPersonCohort.DATABASE_ID, YoungPersonCohort.LA_CODE, seed)
                .write(sentTo(NCCIS), NameVariants.unchanged(), files.get(NCCIS));
        new EnrolmentsFile(asAt, seed).write(sentTo(ENROLMENTS), NameVariants.unchanged(), files.get(ENROLMENTS));
        new DwpClaimantsFile(asAt, seed).write(sentTo(DWP), NameVariants.unchanged(), files.get(DWP));
        return files;
    }

    /** Draws young people for each category from a larger generated pool, the hardest to fill first. */
    private static final class Builder {

        private static final List<Category> FILL_ORDER = List.of(Category.NAME_VARIANTS, Category.DWP_TYPO_FOR_REVIEW,
                Category.DWP_EXACT_NAMES, Category.CENSUS_AND_ENROLMENT, Category.NCCIS_AND_ENROLMENT_BY_ULN,
                Category.TWIN, Category.CENSUS_AND_NCCIS, Category.CENSUS_ONLY);

        private final List<YoungPerson> pool;
        private final boolean[] used;
        private final SplittableRandom random;
        private final long seed;

        Builder(List<YoungPerson> pool, long seed) {
            this.pool = pool;
            this.seed = seed;
            this.used = new boolean[pool.size()];
            this.random = new SplittableRandom(seed ^ 0xC0FFEEL);
        }

        CrossFeedCohort build(int n) {
            List<Member> drawn = new ArrayList<>(n);
            for (Category c : FILL_ORDER) {
                int wanted = c.count(n);
                for (int i = 0; i < wanted; i++) {
                    if (c == Category.TWIN) {
                        YoungPerson first = take(c, atSchool());
                        YoungPerson second = take(c, atSchool().and(p -> farApart(p.givenName(), first.givenName()))).twinOf(first);
                        drawn.add(member(c, first));
                        drawn.add(member(c, second));
                        i++;
                    } else {
                        drawn.add(member(c, take(c, needs(c))));
                    }
                }
            }
            // numbered in a shuffled order, so categories and twins do not sit together in the files
            Collections.shuffle(drawn, new Random(random.nextLong()));
            List<Member> numbered = new ArrayList<>(n);
            for (int no = 0; no < drawn.size(); no++) {
                Member m = drawn.get(no);
                int personNo = no;
                List<Appearance> appearances = m.appearances().stream()
                        .map(a -> new Appearance(a.feed(), a.asSent().withPersonNo(personNo), a.variant())).toList();
                numbered.add(new Member(m.person().withPersonNo(personNo), m.category(), appearances));
            }
            numbered.sort((a, b) -> Integer.compare(a.person().personNo(), b.person().personNo()));
            return new CrossFeedCohort(numbered, YoungPersonCohort.AS_AT, seed);
        }

        private static Predicate<YoungPerson> atSchool() {
            return p -> p.upn() != null && p.academicAge() <= 17;
        }

        private static Predicate<YoungPerson> needs(Category c) {
            return switch (c) {
                case CENSUS_ONLY, CENSUS_AND_NCCIS, TWIN -> atSchool();
                case CENSUS_AND_ENROLMENT -> atSchool().and(p -> p.academicAge() >= 16 && p.uln() != null);
                case NCCIS_AND_ENROLMENT_BY_ULN -> p -> p.academicAge() >= 16 && p.uln() != null;
                case DWP_EXACT_NAMES, DWP_TYPO_FOR_REVIEW, NAME_VARIANTS -> atSchool().and(p -> p.academicAge() >= 16 && p.nino() != null);
            };
        }

        private YoungPerson take(Category c, Predicate<YoungPerson> fits) {
            for (int i = 0; i < pool.size(); i++) {
                if (!used[i] && fits.test(pool.get(i))) {
                    used[i] = true;
                    return pool.get(i);
                }
            }
            throw new IllegalStateException("the generated pool of " + pool.size() + " ran out of young people for " + c);
        }

        private Member member(Category c, YoungPerson p) {
            return switch (c) {
                case CENSUS_ONLY -> new Member(p, c, List.of(census(p)));
                case CENSUS_AND_NCCIS -> new Member(p, c, List.of(census(p),
                        appearance(NCCIS, p.withIdentifiers(p.upn(), p.uln(), null), NameVariants::stripAccents, "accents stripped")));
                case CENSUS_AND_ENROLMENT -> new Member(p, c, List.of(census(p),
                        appearance(ENROLMENTS, p.withIdentifiers(p.upn(), p.uln(), null), NameVariants::upperCase, "upper case")));
                case NCCIS_AND_ENROLMENT_BY_ULN -> new Member(p, c, List.of(
                        appearance(NCCIS, p.withIdentifiers(null, p.uln(), null), null, "as is"),
                        appearance(ENROLMENTS, p.withIdentifiers(null, p.uln(), null), null, "as is")));
                case DWP_EXACT_NAMES -> new Member(p, c, List.of(census(p),
                        appearance(DWP, p.withIdentifiers(null, null, p.nino()), NameVariants::upperCase, "upper case")));
                case DWP_TYPO_FOR_REVIEW -> new Member(p, c, List.of(census(p), new Appearance(DWP,
                        p.withIdentifiers(null, null, p.nino()).withNames(NameVariants.typo(p.givenName()), p.familyName()),
                        "one-letter typo in the given name")));
                case TWIN -> new Member(p, c, List.of(census(p),
                        appearance(NCCIS, p.withIdentifiers(p.upn(), p.uln(), null), null, "as is")));
                case NAME_VARIANTS -> {
                    YoungPerson marked = withMarkedName(p);
                    yield new Member(marked, c, List.of(census(marked), appearance(DWP,
                            marked.withIdentifiers(null, null, marked.nino()), NameVariants::asciiUpperCase,
                            "no accents, apostrophes or hyphens; upper case")));
                }
            };
        }

        private static Appearance census(YoungPerson p) {
            return new Appearance(CENSUS, p.withIdentifiers(p.upn(), null, null), "as is");
        }

        private static Appearance appearance(String feed, YoungPerson p, UnaryOperator<String> names, String variant) {
            YoungPerson sent = names == null ? p : p.withNames(names.apply(p.givenName()), names.apply(p.familyName()));
            return new Appearance(feed, sent, variant);
        }

        /** In turn an accented given name, an apostrophe and a hyphenated family name. */
        private YoungPerson withMarkedName(YoungPerson p) {
            return switch (random.nextInt(3)) {
                case 0 -> p.withNames(Draws.pick(random, "F".equals(p.gender())
                        ? YoungPersonCohort.ACCENTED_GIVEN_F : YoungPersonCohort.ACCENTED_GIVEN_M), p.familyName());
                case 1 -> p.withNames(p.givenName(), Draws.pick(random, YoungPersonCohort.APOSTROPHE_FAMILY));
                default -> p.withNames(p.givenName(), Draws.pick(random, YoungPersonCohort.HYPHENATED_FAMILY));
            };
        }

        /** Twins' names must not pass for a typo of each other: different first letters, three edits or more apart. */
        private static boolean farApart(String a, String b) {
            return Character.toLowerCase(a.charAt(0)) != Character.toLowerCase(b.charAt(0)) && editDistance(a, b) >= 3;
        }

        private static int editDistance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
                }
                int[] t = previous;
                previous = current;
                current = t;
            }
            return previous[b.length()];
        }
    }
}
