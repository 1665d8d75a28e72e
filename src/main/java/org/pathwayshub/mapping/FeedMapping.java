package org.pathwayshub.mapping;

import java.nio.charset.Charset;
import java.util.List;

import org.pathwayshub.record.CommonField;

/**
 * A partner layout mapped onto the common record: {@code mappings/feeds/<feed>.yaml}.
 *
 * @param format            csv, nccis-xml or json
 * @param primaryIdentifiers the fields that identify a record in this feed, in order of preference; a record
 *                           without a valid one of them is quarantined
 * @param characteristics   how the partner's record says which characteristics hold, and since when
 * @param checks            named rule sets run on every record (e.g. nccis-appendix-d)
 * @param ignored           elements the partner sends that the hub knowingly does not read (XML); any other element
 *                          the mapping does not name is reported once per file, never dropped without a word
 * @param optionalSections  element paths a record may leave out altogether (XML): the missing-value checks of the
 *                          fields below one apply only when the record has it; a section left out is a record check's
 *                          to report, once (NCCIS 240 for no Activities)
 */
public record FeedMapping(String feedId, String file, String description, String format, Charset encoding,
                          char delimiter, List<CommonField> primaryIdentifiers, List<FieldMapping> fields,
                          List<CharacteristicRule> characteristics, List<String> checks, List<String> ignored,
                          List<String> optionalSections) {

    public static final String CSV = "csv";
    public static final String NCCIS_XML = "nccis-xml";
    public static final String JSON = "json";

    /** The preferred primary identifier (the only one, for most feeds), or null if the feed names none. */
    public CommonField primaryIdentifier() {
        return primaryIdentifiers.isEmpty() ? null : primaryIdentifiers.get(0);
    }

    /** Every source column or element the mapping reads, in mapping order. */
    public List<String> sourceColumns() {
        java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>();
        fields.stream().map(FieldMapping::column).filter(java.util.Objects::nonNull).forEach(columns::add);
        characteristics.forEach(c -> columns.addAll(c.columns()));
        return List.copyOf(columns);
    }

    public List<FieldMapping> requiredColumns() {
        return fields.stream().filter(f -> f.column() != null && f.required()).toList();
    }
}
