package org.pathwayshub.reassessment;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.system.HubProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How far risk and alerts lag the feeds: young people whose facts changed and who are still to be assessed again,
 * how long the oldest has waited, by feed; and those set aside after failing, with a way to try them again.
 */
@RestController
@RequestMapping("/api/reassessment")
@Tag(name = "Reassessment", description = "How far risk and alerts lag the feeds: the change feed's backlog, and trying "
        + "again young people set aside after failing")
public class ReassessmentController {

    private final PersonChanges changes;
    private final int maxAttempts;

    public ReassessmentController(PersonChanges changes, HubProperties hub) {
        this.changes = changes;
        this.maxAttempts = hub.getReassessment().getMaxAttempts();
    }

    public record FeedView(long waiting, Instant oldestChange, long oldestWaitSeconds) {
    }

    @Schema(description = "Young people still to be scored and alerted on after a change, the oldest change and its "
            + "wait, those set aside after failing, and the same by feed")
    public record BacklogView(long waiting, Instant oldestChange, long oldestWaitSeconds, long setAside,
                              Map<String, FeedView> byFeed) {
    }

    @GetMapping
    @Operation(summary = "The reassessment backlog",
            description = "Young people whose facts changed and who still wait to be scored and alerted on (waiting), "
                    + "the oldest change and how many seconds it has waited, how many were set aside after failing "
                    + "(setAside), and the same by feed.")
    public BacklogView backlog() {
        PersonChanges.Backlog b = changes.backlog(maxAttempts);
        Map<String, FeedView> byFeed = new java.util.TreeMap<>();
        b.byFeed().forEach((feed, f) -> byFeed.put(feed, new FeedView(f.waiting(), f.oldestChange(), f.oldestWaitSeconds())));
        return new BacklogView(b.waiting(), b.oldestChange(), b.oldestWaitSeconds(), b.setAside(), byFeed);
    }

    /** Young people whose reassessment failed (and any set aside) are tried again now. */
    @PostMapping("/retry")
    @Operation(summary = "Try set-aside young people again",
            description = "Young people whose reassessment failed, and any set aside, are tried again now: after the "
                    + "cause has been fixed, say. Answers how many (retrying).")
    public Map<String, Object> retry() {
        return Map.of("retrying", changes.retrySetAside());
    }
}
