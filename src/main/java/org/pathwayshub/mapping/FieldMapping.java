package org.pathwayshub.mapping;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.pathwayshub.record.CommonField;

/**
 * How one common field is filled from a partner's record: from a column (matched case-insensitively) or a
 * constant, through an optional translation table of the partner's own codes, read as the field's type.
 *
 * @param rejectInvalid true: a missing or invalid value quarantines the record; false: the record is kept
 *                      without the value and a warning is listed with the run
 * @param dfeMissing    the DfE (NCCIS Appendix D) error number for a missing value, if there is one
 * @param dfeInvalid    the DfE error number for a value that is not valid
 */
public record FieldMapping(CommonField field, String column, String constant, boolean required,
                           Map<String, String> translate, List<String> dateFormatPatterns,
                           List<DateTimeFormatter> dateFormats, String codeList, boolean rejectInvalid,
                           Integer dfeMissing, Integer dfeInvalid) {

    public String source() {
        return column != null ? column : "(constant)";
    }

    /** A partner code through this field's translation table (keys matched ignoring case). */
    public String translated(String value) {
        if (translate.isEmpty() || value == null) {
            return value;
        }
        String hit = translate.get(value.toLowerCase(java.util.Locale.ROOT));
        return hit != null ? hit : value;
    }
}
