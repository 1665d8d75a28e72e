package org.pathwayshub.record;

import java.util.regex.Pattern;

/** Unique Learner Number: 10 digits, the first not 0. */
public final class UlnCheck {

    private static final Pattern ULN = Pattern.compile("[1-9]\\d{9}");

    private UlnCheck() {
    }

    public static IdentifierCheck check(String raw) {
        if (raw == null || raw.isBlank()) {
            return IdentifierCheck.missing();
        }
        String uln = raw.trim();
        return ULN.matcher(uln).matches()
                ? IdentifierCheck.valid(uln)
                : IdentifierCheck.invalid("uln-format", "10 digits, the first not 0");
    }
}
