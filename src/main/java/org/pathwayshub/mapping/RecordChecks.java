package org.pathwayshub.mapping;

import java.util.List;
import java.util.Map;

import org.pathwayshub.record.CharacteristicFact;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.RecordIssue;

/**
 * A named set of rules a mapping file can ask for ({@code checks: [nccis-appendix-d]}), run on every mapped
 * record after its values have been read. A run of checks may remember earlier records of the same file
 * (the same identifier twice, say), so each file gets its own {@link Run}.
 */
public interface RecordChecks {

    /** The name mapping files use. */
    String name();

    /** @param fileHeader what the file says about itself (NCCIS: DatabaseID, SourceLEAs, PeriodEnd); empty for CSV */
    Run start(Map<String, String> fileHeader);

    interface Run {
        /**
         * Problems with one record, in file order. REJECT quarantines the record; WARNING keeps it and lists
         * the problem with the run. Each names the DfE error number where there is one.
         */
        List<RecordIssue> check(CheckedRecord record);
    }

    /**
     * A record as the checks see it: typed values by common field (absent = not recorded, or not valid), its
     * characteristics, the partner's column (or element) for each field, for messages, and what the partner sent
     * for each field, valid or not (a check comparing two LA codes still compares a code the list does not know).
     */
    record CheckedRecord(long line, String element, Map<CommonField, Object> values,
                         List<CharacteristicFact> characteristics, Map<CommonField, String> columns,
                         Map<CommonField, String> sent) {

        public CheckedRecord(long line, String element, Map<CommonField, Object> values,
                             List<CharacteristicFact> characteristics, Map<CommonField, String> columns) {
            this(line, element, values, characteristics, columns, Map.of());
        }

        /** What the partner sent for the field, trimmed, valid or not; null if nothing. */
        public String sent(CommonField field) {
            String raw = sent.get(field);
            if (raw != null) {
                return raw;
            }
            Object value = values.get(field);
            return value == null ? null : value.toString();
        }

        @SuppressWarnings("unchecked")
        public <T> T get(CommonField field) {
            return (T) values.get(field);
        }

        public boolean has(CommonField field) {
            return values.get(field) != null;
        }

        public String column(CommonField field) {
            return columns.getOrDefault(field, field.key());
        }

        /** A problem with one field of this record, named the way a data team sees it. */
        public RecordIssue issue(RecordIssue.Severity severity, CommonField field, int dfeError, String reason) {
            Object value = values.get(field);
            return new RecordIssue(severity, line, element, column(field), field.key(),
                    value == null ? null : value.toString(), "dfe-" + dfeError, dfeError, reason, null);
        }
    }
}
