package org.pathwayshub.identity;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.pathwayshub.record.IdentifierScheme;

/**
 * Scores how likely a record with no identifier the hub knows is about a candidate young person (one with
 * the same date of birth, or day and month swapped), from names, date of birth, postcode and gender,
 * with the points and thresholds of {@link MatchingRules}. Each point counted is listed in plain words so
 * a reviewer can see why a pair was merged or put on the review list.
 */
public final class PersonMatcher {

    /**
     * What is known about a young person for matching; identifiers maps a scheme ({@link IdentifierScheme} name:
     * UPN, ULN, NINO, YPID) to a value that passed its check.
     */
    public record Profile(String givenName, String familyName, LocalDate dob, String postcode, String gender,
                          Map<String, String> identifiers) {
        public Profile {
            identifiers = identifiers == null ? Map.of() : Map.copyOf(identifiers);
        }
    }

    public enum Verdict { MERGE, REVIEW, NEW_PERSON, NEVER }

    /** The total, what it means, and each contribution as "what matched (+points)". */
    public record Score(double points, Verdict verdict, List<String> reasons) {
        public Score {
            reasons = List.copyOf(reasons);
        }
    }

    /** Identifiers a young person only ever has one valid value of: two different values are two people. */
    private static final Map<IdentifierScheme, String> ONE_PER_PERSON = new EnumMap<>(Map.of(
            IdentifierScheme.UPN, "different UPNs",
            IdentifierScheme.ULN, "different ULNs",
            IdentifierScheme.NINO, "different National Insurance numbers"));
    /** The hub's gender codes for unknown and withheld: nothing to compare. */
    private static final Set<String> GENDER_NOT_KNOWN = Set.of("", "U", "W");

    private final MatchingRules rules;

    public PersonMatcher(MatchingRules rules) {
        this.rules = rules;
    }

    /** Points, and what earned them in words (worked out only when the score is to be explained). */
    private record Contribution(Supplier<String> reason, double points) {
    }

    /** The score with each contribution in words, as a merge or a review records it. */
    public Score score(Profile incoming, Profile candidate) {
        return score(incoming, candidate, true);
    }

    /**
     * The same points and verdict without the words: for comparing a record with many candidates, of which the best
     * is then scored in full.
     */
    public Score quickScore(Profile incoming, Profile candidate) {
        return score(incoming, candidate, false);
    }

    private Score score(Profile incoming, Profile candidate, boolean explain) {
        for (Map.Entry<IdentifierScheme, String> scheme : ONE_PER_PERSON.entrySet()) {
            String key = scheme.getKey().name();
            if (differ(incoming.identifiers().get(key), candidate.identifiers().get(key))) {
                return never(scheme.getValue());
            }
        }
        if (incoming.dob() == null || candidate.dob() == null) {
            return never("date of birth not on both records");
        }
        Contribution dob = dateOfBirth(incoming.dob(), candidate.dob());
        if (dob == null) {
            return never("different date of birth");
        }
        List<Contribution> parts = new ArrayList<>();
        Contribution family = familyName(incoming.familyName(), candidate.familyName());
        // when comparing many candidates, one that cannot reach the review threshold whatever else matches is left there:
        // most candidates born on the same day have another family name, and that alone settles them
        if (!explain && family.points() + dob.points() + mostFromGivenName() + mostFromTheRest() < rules.review()) {
            return new Score(family.points() + dob.points(), Verdict.NEW_PERSON, List.of());
        }
        Contribution given = givenName(incoming.givenName(), candidate.givenName());
        if (!explain && family.points() + given.points() + dob.points() + mostFromTheRest() < rules.review()) {
            return new Score(family.points() + given.points() + dob.points(), Verdict.NEW_PERSON, List.of());
        }
        parts.add(family);
        parts.add(given);
        parts.add(dob);
        parts.add(postcode(incoming.postcode(), candidate.postcode()));
        if (differ(gender(incoming.gender()), gender(candidate.gender()))) {
            parts.add(new Contribution(() -> "gender different: " + gender(incoming.gender()) + " / " + gender(candidate.gender()),
                    rules.genderDifferent()));
        }
        String ypid = IdentifierScheme.YPID.name();
        if (differ(incoming.identifiers().get(ypid), candidate.identifiers().get(ypid))) {
            parts.add(new Contribution(() -> "different YoungPersonsIDs (a record in two CCIS databases?)", rules.ypidDifferent()));
        }
        double points = 0;
        List<String> reasons = new ArrayList<>();
        for (Contribution part : parts) {
            points += part.points();
            if (explain) {
                reasons.add(part.reason().get() + " (" + signed(part.points()) + ")");
            }
        }
        return new Score(points, verdict(points), reasons);
    }

    /** The most a given name can add. */
    private double mostFromGivenName() {
        return Math.max(0, Math.max(rules.givenNameExact(), Math.max(rules.givenNameSimilar(),
                Math.max(rules.givenNameInitial(), rules.givenNameDifferent()))));
    }

    /** The most the postcode, gender and YoungPersonsID can add. */
    private double mostFromTheRest() {
        return Math.max(0, Math.max(rules.postcodeExact(), Math.max(rules.postcodeSameDistrict(), rules.postcodeDifferent())))
                + Math.max(0, rules.genderDifferent()) + Math.max(0, rules.ypidDifferent());
    }

    private Verdict verdict(double points) {
        if (points >= rules.merge()) {
            return Verdict.MERGE;
        }
        return points >= rules.review() ? Verdict.REVIEW : Verdict.NEW_PERSON;
    }

    private static Score never(String reason) {
        return new Score(0, Verdict.NEVER, List.of(reason));
    }

    private Contribution familyName(String incoming, String candidate) {
        String a = NameNormaliser.normalise(incoming);
        String b = NameNormaliser.normalise(candidate);
        if (a.isEmpty() || b.isEmpty()) {
            return new Contribution(() -> "family name not on both records", 0);
        }
        List<Contribution> options = new ArrayList<>();
        if (NameNormaliser.compact(a).equals(NameNormaliser.compact(b))) {
            options.add(new Contribution(() -> "family name the same", rules.familyNameExact()));
        }
        if (onePartOfTheOther(a, b)) {
            options.add(new Contribution(() -> "family name part of the other: " + a + " / " + b, rules.familyNamePartMatch()));
        }
        if (similar(a, b)) {
            options.add(new Contribution(() -> "family name similar: " + a + " / " + b, rules.familyNameSimilar()));
        }
        options.add(new Contribution(() -> "family name different: " + a + " / " + b, rules.familyNameDifferent()));
        return best(options);
    }

    /** Also tries each record's first given name against the other's whole one: Mary against Mary Jane. */
    private Contribution givenName(String incoming, String candidate) {
        List<String> in = NameNormaliser.tokens(incoming);
        List<String> cand = NameNormaliser.tokens(candidate);
        if (in.isEmpty() || cand.isEmpty()) {
            return new Contribution(() -> "given name not on both records", 0);
        }
        String a = String.join(" ", in);
        String b = String.join(" ", cand);
        List<Contribution> options = new ArrayList<>();
        for (List<String> pair : List.of(List.of(a, b), List.of(a, cand.get(0)), List.of(in.get(0), b))) {
            String x = NameNormaliser.compact(pair.get(0));
            String y = NameNormaliser.compact(pair.get(1));
            if (x.equals(y)) {
                options.add(new Contribution(() -> a.equals(b) ? "given name the same" : "given name the same" + ": " + a + " / " + b, rules.givenNameExact()));
            }
            if (similar(x, y)) {
                options.add(new Contribution(() -> "given name similar" + ": " + a + " / " + b, rules.givenNameSimilar()));
            }
            if (initialOrShortForm(x, y) || initialOrShortForm(y, x)) {
                options.add(new Contribution(() -> "given name an initial or short form" + ": " + a + " / " + b, rules.givenNameInitial()));
            }
        }
        options.add(new Contribution(() -> "given name different" + ": " + a + " / " + b, rules.givenNameDifferent()));
        return best(options);
    }

    /** Null when the dates differ otherwise: candidates are chosen by date of birth, so that pair is not a match. */
    private Contribution dateOfBirth(LocalDate incoming, LocalDate candidate) {
        if (incoming.equals(candidate)) {
            return new Contribution(() -> "date of birth the same", rules.dobExact());
        }
        if (incoming.equals(IdentityResolver.swapped(candidate))) {
            return new Contribution(() -> "date of birth with day and month swapped: " + incoming + " / " + candidate, rules.dobDayMonthSwapped());
        }
        return null;
    }

    private Contribution postcode(String incoming, String candidate) {
        String a = postcode(incoming);
        String b = postcode(candidate);
        if (a.isEmpty() || b.isEmpty()) {
            return new Contribution(() -> "postcode not on both records", 0);
        }
        if (a.equals(b)) {
            return new Contribution(() -> "postcode the same", rules.postcodeExact());
        }
        if (outwardCode(a).equals(outwardCode(b))) {
            return new Contribution(() -> "postcode in the same district: " + outwardCode(a), rules.postcodeSameDistrict());
        }
        return new Contribution(() -> "postcode different: " + a + " / " + b, rules.postcodeDifferent());
    }

    private static Contribution best(List<Contribution> options) {
        Contribution best = options.get(0);
        for (Contribution option : options) {
            if (option.points() > best.points()) {
                best = option;
            }
        }
        return best;
    }

    /** Damerau-Levenshtein distance of exactly one: one substitution, insertion, deletion or adjacent swap. */
    static boolean oneEditApart(String x, String y) {
        if (x.equals(y) || Math.abs(x.length() - y.length()) > 1) {
            return false;
        }
        if (x.length() == y.length()) {
            int first = -1;
            int differences = 0;
            for (int i = 0; i < x.length(); i++) {
                if (x.charAt(i) != y.charAt(i)) {
                    if (differences++ == 0) {
                        first = i;
                    }
                }
            }
            if (differences == 1) {
                return true;
            }
            // two neighbouring letters swapped
            return differences == 2 && first + 1 < x.length() && x.charAt(first) == y.charAt(first + 1)
                    && x.charAt(first + 1) == y.charAt(first) && x.substring(first + 2).equals(y.substring(first + 2));
        }
        String longer = x.length() > y.length() ? x : y;
        String shorter = x.length() > y.length() ? y : x;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) {
            i++;
        }
        return shorter.substring(i).equals(longer.substring(i + 1));
    }

    /**
     * Alike enough to be one name mistyped: Jaro-Winkler above the threshold, or one slip of the keys apart (a
     * letter changed, added, dropped or two swapped), which in a short name (Jack / Jock) Jaro-Winkler misses.
     */
    private boolean similar(String a, String b) {
        String x = NameNormaliser.compact(a);
        String y = NameNormaliser.compact(b);
        return JaroWinkler.similarity(x, y) >= rules.similarNameThreshold()
                || (Math.min(x.length(), y.length()) >= 3 && oneEditApart(x, y));
    }

    /** Smith / Smith-Jones: every part of the shorter name is a part of the longer one. */
    private static boolean onePartOfTheOther(String a, String b) {
        List<String> x = NameNormaliser.tokens(a);
        List<String> y = NameNormaliser.tokens(b);
        return x.size() != y.size() && (x.containsAll(y) || y.containsAll(x));
    }

    /** J for James, or Alex for Alexander (a short form needs three letters: Al could be Alan or Alice). */
    private static boolean initialOrShortForm(String part, String full) {
        return part.length() < full.length() && full.startsWith(part) && (part.length() == 1 || part.length() >= 3);
    }

    private static String postcode(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!Character.isWhitespace(c)) {
                b.append(Character.toUpperCase(c));
            }
        }
        return b.toString();
    }

    /** The part before the space: a full postcode always ends in a three-character inward code. */
    private static String outwardCode(String postcode) {
        return postcode.length() > 4 ? postcode.substring(0, postcode.length() - 3) : postcode;
    }

    private static String gender(String raw) {
        String code = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
        return GENDER_NOT_KNOWN.contains(code) ? null : code;
    }

    /** True only when both values are known and they are not the same. */
    private static boolean differ(String a, String b) {
        return a != null && b != null && !a.isBlank() && !b.isBlank() && !a.trim().equalsIgnoreCase(b.trim());
    }

    private static String signed(double points) {
        return new DecimalFormat("+0.0##;-0.0##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(points);
    }
}
