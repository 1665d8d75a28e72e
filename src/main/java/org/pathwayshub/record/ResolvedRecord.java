package org.pathwayshub.record;

import java.util.UUID;

/**
 * A mapped record and the person record it is about; {@code newPerson} when this batch created that person record
 * (already inserted with the record's details, so nothing needs updating).
 */
public record ResolvedRecord(UUID hubId, MappedRecord record, boolean newPerson) {
}
