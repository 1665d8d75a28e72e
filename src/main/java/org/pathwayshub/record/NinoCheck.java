package org.pathwayshub.record;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * National Insurance number: two letters, six digits, a final letter A to D. The first letter is never
 * D, F, I, Q, U or V; the second never D, F, I, O, Q, U or V; BG, GB, NK, KN, TN, NT and ZZ are never issued.
 */
public final class NinoCheck {

    private static final Pattern SHAPE = Pattern.compile("[A-Z]{2}\\d{6}[A-D]");
    private static final String NEVER_FIRST = "DFIQUV";
    private static final String NEVER_SECOND = "DFIOQUV";
    private static final Set<String> NEVER_ISSUED = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");

    private NinoCheck() {
    }

    public static IdentifierCheck check(String raw) {
        if (raw == null || raw.isBlank()) {
            return IdentifierCheck.missing();
        }
        String nino = raw.replace(" ", "").trim().toUpperCase();
        if (!SHAPE.matcher(nino).matches()) {
            return IdentifierCheck.invalid("nino-format", "two letters, six digits and a letter A to D");
        }
        if (NEVER_FIRST.indexOf(nino.charAt(0)) >= 0) {
            return IdentifierCheck.invalid("nino-prefix", "a first letter other than D, F, I, Q, U or V");
        }
        if (NEVER_SECOND.indexOf(nino.charAt(1)) >= 0) {
            return IdentifierCheck.invalid("nino-prefix", "a second letter other than D, F, I, O, Q, U or V");
        }
        if (NEVER_ISSUED.contains(nino.substring(0, 2))) {
            return IdentifierCheck.invalid("nino-prefix", "a prefix that is issued (" + nino.substring(0, 2) + " never is)");
        }
        return IdentifierCheck.valid(nino);
    }
}
