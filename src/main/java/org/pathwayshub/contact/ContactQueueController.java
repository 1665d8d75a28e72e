package org.pathwayshub.contact;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.access.AccessAudit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The not-known queue over HTTP: the ordered list, assignment, and contact attempts (docs/contact-queue.md). */
@RestController
@RequestMapping("/api/contact-queue")
@Tag(name = "Not-known queue", description = "The young people the LA tracking team should contact (activity not known, "
        + "lapsed, or last year's leavers with no activity), in priority order with the reason and every part of the "
        + "priority; assignment to a team or worker; contact attempts and their outcomes. Every young person listed is "
        + "recorded in the access audit.")
public class ContactQueueController {

    private final NotKnownQueue queue;
    private final ContactAttempts attempts;
    private final AccessAudit audit;

    public ContactQueueController(NotKnownQueue queue, ContactAttempts attempts, AccessAudit audit) {
        this.queue = queue;
        this.attempts = attempts;
        this.audit = audit;
    }

    /** A page of the queue: how many match the filters in all, and this page's entries, in order. */
    public record Page(int total, int page, int size, List<NotKnownQueue.Entry> entries) {
    }

    public record Assign(String team, String worker) {
    }

    @GetMapping
    @Operation(summary = "The not-known queue, highest priority first",
            description = "Each entry gives the young person, why they are on the queue (reason and words), since when, "
                    + "their current activity, when anyone last heard of them, the priority with each of its parts "
                    + "(mappings/contact/priority.yaml), who it is assigned to and the attempts so far. Filter by reason "
                    + "(NOT_KNOWN, LAPSED, LEAVER_NO_ACTIVITY), team or assignee (a worker's user name; 'none' for "
                    + "entries not assigned). The young people of the page are recorded in the access audit.")
    public Page list(@Parameter(description = "NOT_KNOWN, LAPSED or LEAVER_NO_ACTIVITY") @RequestParam(required = false) String reason,
                     @Parameter(description = "the team assigned") @RequestParam(required = false) String team,
                     @Parameter(description = "the worker assigned, or 'none'") @RequestParam(required = false) String assignee,
                     @Parameter(description = "page, from 0") @RequestParam(defaultValue = "0") int page,
                     @Parameter(description = "entries a page, 1 to 500") @RequestParam(defaultValue = "50") int size) {
        QueueReason r = null;
        if (reason != null && !reason.isBlank()) {
            try {
                r = QueueReason.valueOf(reason.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ContactAttempts.Refused("reason: one of " + List.of(QueueReason.values()) + " (got '" + reason + "')",
                        false);
            }
        }
        if (page < 0 || size < 1 || size > 500) {
            throw new ContactAttempts.Refused("page, size: a page from 0 and a size from 1 to 500", false);
        }
        List<NotKnownQueue.Entry> matching = queue.entries(LocalDate.now(), r, team, assignee);
        int from = (int) Math.min((long) page * size, matching.size());
        List<NotKnownQueue.Entry> entries = matching.subList(from, Math.min(from + size, matching.size()));
        audit.readYoungPeople(entries.stream().map(NotKnownQueue.Entry::hubId).toList(), "not-known queue");
        return new Page(matching.size(), page, size, entries);
    }

    @PostMapping(path = "/{hubId}/assign", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Assign an entry to a team or a worker",
            description = "team, worker (a user name) or both; the last assignment holds. A young person not on the queue "
                    + "is a 404. Recorded in the access audit.")
    public Map<String, Object> assign(@PathVariable UUID hubId, @RequestBody Assign body, Authentication who) {
        attempts.assign(hubId, body.team(), body.worker(), who.getName());
        return Map.of("hubId", hubId, "team", String.valueOf(body.team()), "worker", String.valueOf(body.worker()));
    }

    @PostMapping(path = "/{hubId}/attempts", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a contact attempt",
            description = "outcome REACHED (give activityCode from mappings/codes/activity.yaml and startDate: the new "
                    + "activity), NOT_REACHED (they stay on the queue; the attempt is their last contact), MOVED_AWAY (give "
                    + "newLa, the LA number they moved to: a transfer, cohort status T) or REFUSED (activity 830); note is "
                    + "optional. REACHED, REFUSED and MOVED_AWAY go through the contact-attempts feed like a partner's "
                    + "record, so risk and alerts follow, and take the young person off the queue. A young person not on "
                    + "the queue is a 404; a field missing or invalid a 400 naming it.")
    public ContactAttempts.Attempt attempt(@PathVariable UUID hubId, @RequestBody ContactAttempts.AttemptRequest body,
                                           Authentication who) {
        return attempts.record(hubId, body, who.getName());
    }

    @GetMapping("/{hubId}/attempts")
    @Operation(summary = "The contact attempts made for a young person, newest first",
            description = "Who tried, when, the outcome and, where the record changed, the feed run. Recorded in the "
                    + "access audit.")
    public List<ContactAttempts.Attempt> attempts(@PathVariable UUID hubId) {
        List<ContactAttempts.Attempt> list = attempts.attempts(hubId);
        if (!list.isEmpty()) {
            audit.readYoungPerson(list.get(0).hubId(), "contact attempts");
        }
        return list;
    }

    @ExceptionHandler(ContactAttempts.Refused.class)
    public ResponseEntity<Map<String, String>> refused(ContactAttempts.Refused e) {
        return ResponseEntity.status(e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST)
                .body(Map.of("error", e.getMessage()));
    }
}
