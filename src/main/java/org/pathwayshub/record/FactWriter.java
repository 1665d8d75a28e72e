package org.pathwayshub.record;

import java.util.List;


/**
 * Stores one section of the common record for a batch, in the batch's transaction, with one statement
 * (or one JDBC batch) per call, never a round trip per record.
 */
public interface FactWriter {

    Section section();

    /** Whether a record carries anything for this writer; by default, any value of its section. */
    default boolean appliesTo(MappedRecord record) {
        return record.hasAny(section());
    }

    /** @param records every record of the batch holding this section, in file order */
    void write(String feedId, long runId, List<ResolvedRecord> records);
}
