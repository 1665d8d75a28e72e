package org.pathwayshub.ingest;

import java.util.List;
import java.util.Map;

import org.pathwayshub.record.RecordIssue;

/** A record that is quarantined: where it was, what it held (column -> value) and every problem found. */
public record Rejected(long line, String element, Map<String, String> raw, List<RecordIssue> issues) {
}
