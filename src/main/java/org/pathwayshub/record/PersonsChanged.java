package org.pathwayshub.record;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published (through the outbox, after commit) when a batch changed what the hub knows about young
 * people: risk scoring and alert rules react to it. Carries ids only, never personal data.
 */
public record PersonsChanged(UUID eventId, String feedId, long runId, List<UUID> hubIds, Instant occurredAt) {

    public static final String DESTINATION = "topic:VirtualTopic.hub.person-changed";
}
