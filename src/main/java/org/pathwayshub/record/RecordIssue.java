package org.pathwayshub.record;

/**
 * One problem with one record: where it is (line or element, column), which common field, the value,
 * the rule it broke (with the DfE error number where NCCIS has one) and, in plain words, what was expected.
 * A REJECT quarantines the record; a WARNING keeps it without the offending value.
 */
public record RecordIssue(Severity severity, long line, String element, String column, String field,
                          String value, String rule, Integer dfeError, String reason) {

    public enum Severity { REJECT, WARNING }

    private static final int MAX_VALUE_CHARS = 200;

    public RecordIssue {
        if (value != null && value.length() > MAX_VALUE_CHARS) {
            value = value.substring(0, MAX_VALUE_CHARS) + "…";
        }
    }

    public static RecordIssue reject(long line, String element, String column, String field, String value, String rule, String reason) {
        return new RecordIssue(Severity.REJECT, line, element, column, field, value, rule, null, reason);
    }

    public static RecordIssue warning(long line, String element, String column, String field, String value, String rule, String reason) {
        return new RecordIssue(Severity.WARNING, line, element, column, field, value, rule, null, reason);
    }

    public RecordIssue withDfeError(Integer number) {
        return number == null ? this : new RecordIssue(severity, line, element, column, field, value, rule, number, reason);
    }

    public RecordIssue asWarning() {
        return new RecordIssue(Severity.WARNING, line, element, column, field, value, rule, dfeError, reason);
    }
}
