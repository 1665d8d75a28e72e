package org.pathwayshub.record;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Unique Pupil Number: 13 characters, a check letter then LA number, establishment number, year of
 * issue and serial (a temporary UPN ends in a letter). See docs/feeds.md (Identifiers).
 */
public final class UpnCheck {

    static final String CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";
    private static final Pattern PLACEHOLDER = Pattern.compile("UN[1-5]");
    private static final Pattern DIGITS_5_TO_12 = Pattern.compile("\\d{8}");

    private final Set<String> laCodes;

    /** @param laCodes the three-digit DfE LA numbers a UPN may carry (mappings/codes/la-codes.yaml) */
    public UpnCheck(Set<String> laCodes) {
        this.laCodes = Set.copyOf(laCodes);
    }

    public IdentifierCheck check(String raw) {
        if (raw == null || raw.isBlank()) {
            return IdentifierCheck.missing();
        }
        String upn = raw.trim().toUpperCase();
        if (PLACEHOLDER.matcher(upn).matches()) {
            return IdentifierCheck.placeholder(upn);
        }
        if (upn.length() != 13) {
            return IdentifierCheck.invalid("upn-length", "13 characters (this has " + upn.length() + ")");
        }
        if (!DIGITS_5_TO_12.matcher(upn.substring(4, 12)).matches()) {
            return IdentifierCheck.invalid("upn-format", "digits in characters 5 to 12");
        }
        if (!upn.substring(1, 4).chars().allMatch(Character::isDigit)) {
            return IdentifierCheck.invalid("upn-format", "the LA number (digits) in characters 2 to 4");
        }
        char last = upn.charAt(12);
        if (!Character.isDigit(last) && CHECK_LETTERS.indexOf(last) < 0) {
            return IdentifierCheck.invalid("upn-format",
                    "a digit or one of " + CHECK_LETTERS + " as the 13th character (got " + last + ")");
        }
        String la = upn.substring(1, 4);
        if (!laCodes.contains(la)) {
            return IdentifierCheck.invalid("upn-la", "a recognised LA number in characters 2 to 4 (" + la + " is not one)");
        }
        char expected = checkLetter(upn.substring(1));
        char actual = upn.charAt(0);
        if (actual != expected) {
            String got = CHECK_LETTERS.indexOf(actual) < 0 ? actual + " is never a check letter" : "got " + actual;
            return IdentifierCheck.invalid("upn-check-letter", "check letter " + expected + " for these digits (" + got + ")");
        }
        return IdentifierCheck.valid(upn);
    }

    /** The check letter for characters 2 to 13 of a UPN. */
    public static char checkLetter(String body) {
        if (body.length() != 12) {
            throw new IllegalArgumentException("a UPN body has 12 characters");
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            char c = body.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : CHECK_LETTERS.indexOf(c);
            sum += value * (i + 2);
        }
        return CHECK_LETTERS.charAt(sum % 23);
    }
}
