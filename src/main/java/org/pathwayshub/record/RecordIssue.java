package org.pathwayshub.record;

/**
 * One problem with one record: where it is (line or element, column), the record's own key (its primary identifier
 * as the partner sent it: what a data team searches for in its own system), which common field, the value, the rule
 * it broke (with the DfE error number where NCCIS has one) and, in plain words, what was expected.
 * A REJECT quarantines the record; a WARNING keeps it without the offending value.
 */
public record RecordIssue(Severity severity, long line, String element, String column, String field,
                          String value, String rule, Integer dfeError, String reason, String recordKey) {

    public enum Severity { REJECT, WARNING }

    private static final int MAX_VALUE_CHARS = 200;

    public RecordIssue {
        if (value != null && value.length() > MAX_VALUE_CHARS) {
            value = value.substring(0, MAX_VALUE_CHARS) + "…";
        }
    }

    public static RecordIssue reject(long line, String element, String column, String field, String value, String rule, String reason) {
        return new RecordIssue(Severity.REJECT, line, element, column, field, value, rule, null, reason, null);
    }

    public static RecordIssue warning(long line, String element, String column, String field, String value, String rule, String reason) {
        return new RecordIssue(Severity.WARNING, line, element, column, field, value, rule, null, reason, null);
    }

    public RecordIssue withDfeError(Integer number) {
        return number == null ? this : new RecordIssue(severity, line, element, column, field, value, rule, number, reason, recordKey);
    }

    public RecordIssue asWarning() {
        return new RecordIssue(Severity.WARNING, line, element, column, field, value, rule, dfeError, reason, recordKey);
    }

    public RecordIssue asReject() {
        return new RecordIssue(Severity.REJECT, line, element, column, field, value, rule, dfeError, reason, recordKey);
    }

    /** The same issue named by its record's key; one that already has a key keeps it. */
    public RecordIssue ofRecord(String key) {
        return key == null || recordKey != null ? this
                : new RecordIssue(severity, line, element, column, field, value, rule, dfeError, reason, key);
    }
}
