package org.pathwayshub.mapping;

import java.nio.charset.Charset;
import java.util.List;

/**
 * A partner layout mapped onto the common record: {@code mappings/feeds/<feed>.yaml}.
 *
 * @param primaryIdentifier the field that identifies a record in this feed; a record without a valid one
 *                          is quarantined
 */
public record FeedMapping(String feedId, String file, String description, String format, Charset encoding,
                          char delimiter, CommonField primaryIdentifier, List<FieldMapping> fields) {

    public List<FieldMapping> requiredColumns() {
        return fields.stream().filter(f -> f.column() != null && f.required()).toList();
    }
}
