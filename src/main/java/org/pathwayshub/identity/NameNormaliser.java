package org.pathwayshub.identity;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Puts a name into the one form the hub compares: lower case, no accents, no apostrophes or full stops,
 * and single spaces where the partner wrote hyphens, spaces or anything else that is not a letter.
 * So Zoë and ZOE, O'Brien and OBRIEN, St. John and St John read the same. Nicknames are out of scope.
 */
public final class NameNormaliser {

    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");
    // typed, typographic and "modifier letter" apostrophes, the spacing acute some systems use as one, and full stops
    private static final Pattern DROPPED = Pattern.compile("['\u2018\u2019\u02BC`\u00B4.]");
    private static final Pattern NOT_LETTERS = Pattern.compile("[^\\p{L}]+");

    private NameNormaliser() {
    }

    /** Names repeat (a batch compares each with dozens of candidates): each form is worked out once, up to a limit. */
    private static final int CACHED_NAMES = 50_000;
    private static final Map<String, String> NORMALISED = new ConcurrentHashMap<>();

    public static String normalise(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        String known = NORMALISED.get(name);
        if (known != null) {
            return known;
        }
        String normalised = normaliseNow(name);
        if (NORMALISED.size() >= CACHED_NAMES) {
            NORMALISED.clear();
        }
        NORMALISED.put(name, normalised);
        return normalised;
    }

    private static String normaliseNow(String name) {
        String plain = ACCENTS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        String lower = DROPPED.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("");
        return NOT_LETTERS.matcher(lower).replaceAll(" ").trim();
    }

    /** The parts of a normalised name: "Smith-Jones" gives smith, jones. */
    public static List<String> tokens(String name) {
        String normalised = normalise(name);
        return normalised.isEmpty() ? List.of() : List.of(normalised.split(" "));
    }

    /** The normalised name without spaces, so "O Brien" and "O'Brien", "Smith Jones" and "Smith-Jones" compare equal. */
    public static String compact(String name) {
        return normalise(name).replace(" ", "");
    }
}
