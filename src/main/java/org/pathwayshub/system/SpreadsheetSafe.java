package org.pathwayshub.system;

/**
 * Cells of the CSV files the hub writes, made safe to open in a spreadsheet: a value a partner sent that begins
 * with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return would be run as a formula (CSV or
 * formula injection), so it gets a leading apostrophe and shows as the text it is. Every CSV the hub writes passes
 * its cells through here.
 */
public final class SpreadsheetSafe {

    private SpreadsheetSafe() {
    }

    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    /** A cell of a CSV line: safe, and quoted when it holds a comma, a quote or a line break. */
    public static String csv(String value) {
        String v = cell(value);
        if (v == null) {
            return "";
        }
        boolean quote = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
