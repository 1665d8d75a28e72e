package org.pathwayshub.mapping;

/** A value a field cannot take: the rule it broke and, in plain words, what was expected. */
public final class InvalidValue extends Exception {

    private final String rule;

    public InvalidValue(String rule, String expected) {
        super(expected, null, false, false);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    public String expected() {
        return getMessage();
    }
}
