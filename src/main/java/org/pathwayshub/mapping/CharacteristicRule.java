package org.pathwayshub.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * How a partner's record says a characteristic holds: either a fixed code (looked after, care leaver) that
 * holds when a yes/no column says so or a from-date is given, or a column listing codes
 * ({@code 110;170}, or a repeated XML element). From and to dates come from other columns where the
 * partner has them.
 *
 * @param code        a fixed characteristic code, or null when {@code codesColumn} lists them
 * @param codesColumn a column of codes separated by {@code separator}
 * @param whenColumn  a yes/no column: the characteristic holds when it says yes
 */
public record CharacteristicRule(String code, String codesColumn, String separator, String whenColumn,
                                 String fromColumn, String toColumn, List<String> datePatterns,
                                 List<java.time.format.DateTimeFormatter> dateFormats) {

    public List<String> columns() {
        List<String> columns = new ArrayList<>(4);
        for (String c : new String[] {codesColumn, whenColumn, fromColumn, toColumn}) {
            if (c != null) {
                columns.add(c);
            }
        }
        return columns;
    }

    public String describe() {
        return code != null ? "characteristic " + code : "characteristics in " + codesColumn;
    }
}
