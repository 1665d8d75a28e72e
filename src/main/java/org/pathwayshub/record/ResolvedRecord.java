package org.pathwayshub.record;

import java.util.UUID;


/** A mapped record and the young person it is about. */
public record ResolvedRecord(UUID hubId, MappedRecord record) {
}
