package org.pathwayshub.record;

/**
 * The outcome of checking an identifier: a valid normalised value, a placeholder that means "not known"
 * (never matched on), missing, or invalid with the rule it broke and what was expected.
 */
public record IdentifierCheck(Outcome outcome, String value, String rule, String expected) {

    public enum Outcome { VALID, PLACEHOLDER, MISSING, INVALID }

    public static IdentifierCheck valid(String value) {
        return new IdentifierCheck(Outcome.VALID, value, null, null);
    }

    public static IdentifierCheck placeholder(String value) {
        return new IdentifierCheck(Outcome.PLACEHOLDER, value, null, null);
    }

    public static IdentifierCheck missing() {
        return new IdentifierCheck(Outcome.MISSING, null, null, null);
    }

    public static IdentifierCheck invalid(String rule, String expected) {
        return new IdentifierCheck(Outcome.INVALID, null, rule, expected);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }
}
