package org.pathwayshub.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record as a partner sent it: where it is (line, or element path for XML) and its values in the
 * order of the {@link SourceLayout}. {@code problem} is set when the record cannot be read as a whole
 * (a row with more or fewer fields than the header). {@code unmapped} lists the elements (XML paths below the
 * record) the mapping does not read that this record is the first in its file to hold: each is reported once.
 */
public record SourceRecord(long line, String element, String[] values, String problem, List<String> unmapped) {

    public SourceRecord(long line, String element, String[] values, String problem) {
        this(line, element, values, problem, List.of());
    }

    public String value(int index) {
        return index >= 0 && index < values.length ? values[index] : null;
    }

    /** The record as column -> value, as kept in quarantine for a fix and replay. */
    public Map<String, String> asMap(SourceLayout layout) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            String column = i < layout.size() ? layout.columns().get(i) : "column " + (i + 1);
            map.put(column, values[i]);
        }
        return map;
    }
}
