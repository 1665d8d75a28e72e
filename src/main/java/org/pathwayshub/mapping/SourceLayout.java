package org.pathwayshub.mapping;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The columns a source offers (a CSV header row), found by name ignoring case and surrounding spaces. */
public final class SourceLayout {

    /** Compiled once: every JSON field of every record is normalised on the way in. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> duplicates = new HashMap<>();

    public SourceLayout(List<String> columns) {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < this.columns.size(); i++) {
            String key = normalise(this.columns.get(i));
            if (index.putIfAbsent(key, i) != null) {
                duplicates.putIfAbsent(key, i);
            }
        }
    }

    public static String normalise(String column) {
        return column == null ? "" : WHITESPACE.matcher(column.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    public List<String> columns() {
        return columns;
    }

    /** Position of a column, or -1. */
    public int indexOf(String column) {
        return index.getOrDefault(normalise(column), -1);
    }

    /** Position of a second column with the same name, or -1. */
    public int duplicateOf(String column) {
        return duplicates.getOrDefault(normalise(column), -1);
    }

    public int size() {
        return columns.size();
    }
}
