package org.pathwayshub.alert;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * An alert a rule wants to raise: its type, the young person (or school), the key that makes it raise once,
 * what caused it and when, the facts a service might be given (each service gets only its allowed fields),
 * and, for a referral, the service it names.
 */
public record AlertCandidate(AlertType type, UUID hubId, String school, String dedupeKey, String reason,
                             LocalDate causeDate, Map<String, Object> facts, String namedService) {
}
