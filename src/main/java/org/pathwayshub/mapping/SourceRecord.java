package org.pathwayshub.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record as a partner sent it: where it is (line, or element path for XML) and its values in the
 * order of the {@link SourceLayout}. {@code problem} is set when the record cannot be read as a whole
 * (a row with more or fewer fields than the header).
 */
public record SourceRecord(long line, String element, String[] values, String problem) {

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
