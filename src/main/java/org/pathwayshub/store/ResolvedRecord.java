package org.pathwayshub.store;

import java.util.UUID;

import org.pathwayshub.mapping.MappedRecord;

/** A mapped record and the young person it is about. */
public record ResolvedRecord(UUID hubId, MappedRecord record) {
}
