package org.pathwayshub.testdata;

import java.text.Normalizer;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The spellings partner systems give a name: each helper returns a new string and is deterministic (the same
 * name always gives the same variant); null stays null. The {@code Function<YoungPerson, YoungPerson>} forms
 * are what the file writers take as a feed's own variant.
 */
public final class NameVariants {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final String VOWELS = "aeiouy";
    /** Each vowel's stand-in: the slips people make when typing a name they heard (Jonathan, Jonathon). */
    private static final String SWAPPED = "oieaoi";

    private NameVariants() {
    }

    public static String upperCase(String name) {
        return name == null ? null : name.toUpperCase(Locale.ROOT);
    }

    /** Zoë to Zoe, Chloé to Chloe: letters keep their base, accents go. */
    public static String stripAccents(String name) {
        return name == null ? null : MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
    }

    /** O'Brien to OBrien (straight and typographic apostrophes). */
    public static String dropApostrophe(String name) {
        return name == null ? null : name.replace("'", "").replace("\u2019", "");
    }

    /** Smith-Jones to Smith Jones. */
    public static String hyphenToSpace(String name) {
        return name == null ? null : name.replace('-', ' ');
    }

    /** What older systems keep: no accents, apostrophes or hyphens, all capitals (O'Brien to OBRIEN). */
    public static String asciiUpperCase(String name) {
        return upperCase(hyphenToSpace(dropApostrophe(stripAccents(name))));
    }

    /**
     * One letter wrong, never the first: the last vowel after the first letter is swapped for another
     * (Jonathan to Jonathon, Amelia to Amelie); a name without one has its last two letters transposed.
     * The result always differs from the name and has the same first letter.
     */
    public static String typo(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        char[] c = name.toCharArray();
        for (int i = c.length - 1; i >= 1; i--) {
            int v = VOWELS.indexOf(Character.toLowerCase(c[i]));
            if (v >= 0) {
                char swapped = SWAPPED.charAt(v);
                c[i] = Character.isUpperCase(c[i]) ? Character.toUpperCase(swapped) : swapped;
                return new String(c);
            }
        }
        int last = c.length - 1;
        if (last >= 2 && c[last] != c[last - 1]) {
            char t = c[last];
            c[last] = c[last - 1];
            c[last - 1] = t;
            return new String(c);
        }
        // a one- or two-letter name, or one ending in a double consonant: its last letter is misread
        if (last >= 1) {
            c[last] = Character.toLowerCase(c[last]) == 'x' ? 'z' : 'x';
            return new String(c);
        }
        return name + "h";
    }

    /** James to J. */
    public static String initialOnly(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        return name.substring(0, Character.charCount(name.codePointAt(0)));
    }

    /** The feed spells people as the truth has them. */
    public static Function<YoungPerson, YoungPerson> unchanged() {
        return p -> p;
    }

    public static Function<YoungPerson, YoungPerson> givenName(UnaryOperator<String> variant) {
        return p -> p.withNames(variant.apply(p.givenName()), p.familyName());
    }

    public static Function<YoungPerson, YoungPerson> familyName(UnaryOperator<String> variant) {
        return p -> p.withNames(p.givenName(), variant.apply(p.familyName()));
    }

    public static Function<YoungPerson, YoungPerson> bothNames(UnaryOperator<String> variant) {
        return p -> p.withNames(variant.apply(p.givenName()), variant.apply(p.familyName()));
    }
}
