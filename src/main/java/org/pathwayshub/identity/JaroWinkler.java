package org.pathwayshub.identity;

/**
 * Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (the same): the Jaro similarity raised for
 * a common prefix of up to four characters, with the standard scaling factor 0.1. Typing slips in names
 * (Jonathon/Jonathan) score about 0.95; different names (Oliver/Amelia) well under 0.7.
 */
final class JaroWinkler {

    private static final double PREFIX_SCALE = 0.1;
    private static final int MAX_PREFIX = 4;

    private JaroWinkler() {
    }

    static double similarity(String a, String b) {
        double jaro = jaro(a, b);
        int prefix = 0;
        while (prefix < Math.min(MAX_PREFIX, Math.min(a.length(), b.length())) && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        return jaro + prefix * PREFIX_SCALE * (1 - jaro);
    }

    private static double jaro(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return 0.0;
        }
        // characters count as matching only when they are no further apart than this
        int window = Math.max(0, Math.max(a.length(), b.length()) / 2 - 1);
        boolean[] aMatched = new boolean[a.length()];
        boolean[] bMatched = new boolean[b.length()];
        int matches = 0;
        for (int i = 0; i < a.length(); i++) {
            int to = Math.min(b.length() - 1, i + window);
            for (int j = Math.max(0, i - window); j <= to; j++) {
                if (!bMatched[j] && a.charAt(i) == b.charAt(j)) {
                    aMatched[i] = true;
                    bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int outOfOrder = 0;
        int j = 0;
        for (int i = 0; i < a.length(); i++) {
            if (aMatched[i]) {
                while (!bMatched[j]) {
                    j++;
                }
                if (a.charAt(i) != b.charAt(j)) {
                    outOfOrder++;
                }
                j++;
            }
        }
        // half the out-of-order matches, rounded down as in Winkler's strcmp95
        int transpositions = outOfOrder / 2;
        double m = matches;
        return (m / a.length() + m / b.length() + (m - transpositions) / m) / 3.0;
    }
}
