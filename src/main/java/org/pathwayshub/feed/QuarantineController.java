package org.pathwayshub.feed;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.RecordIssues;
import org.pathwayshub.ingest.UnreadableFileException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A quarantined record through the API: {@code GET /api/feeds/{feed}/quarantine/{id}} (its values as kept, state,
 * decision), {@code POST .../replay} with {@code {"values": {column: corrected value}}}, {@code POST .../close} with
 * {@code {"reason": ...}}.
 */
@RestController
@RequestMapping("/api/feeds/{feedId}/quarantine/{id}")
@Tag(name = "Quarantine", description = "A record a feed refused, as kept: corrected and replayed, or closed with a reason. "
        + "Who decided, and when, is kept.")
public class QuarantineController {

    private final QuarantineDecisions decisions;
    private final RecordIssues issues;

    public QuarantineController(QuarantineDecisions decisions, RecordIssues issues) {
        this.decisions = decisions;
        this.issues = issues;
    }

    public record Replay(Map<String, String> values) {
    }

    public record Close(String reason) {
    }

    /** The replay's own run, the record's state after it, and that run's rejects if it was refused again. */
    @Schema(description = "The replay's own run, the record's state after it, and that run's rejects if it was refused "
            + "again")
    public record Replayed(FeedController.RunView run, String state, List<RecordIssues.Reject> rejects) {
    }

    @GetMapping
    @Operation(summary = "A quarantined record as kept",
            description = "Its values as received, the run and line it came from, its state (OPEN, REPLAYED or DISMISSED) "
                    + "and any decision: the replay's run or the reason it was closed, and who decided. An unknown record "
                    + "is a 404.")
    public QuarantineDecisions.Quarantined get(@PathVariable String feedId,
                                               @Parameter(description = "The record's quarantineId, as the run's rejects "
                                                       + "give it")
                                               @PathVariable long id) {
        return found(() -> decisions.find(feedId, id));
    }

    @PostMapping("/replay")
    @Operation(summary = "Correct a quarantined record and replay it",
            description = "Body {\"values\": {column: corrected value}}; a column left out keeps its value. The record "
                    + "goes through the feed's mapping and checks again, as a run of kind replay of its own. Stored, it is "
                    + "REPLAYED; refused again, it stays OPEN and the answer has that run's rejects. A record that is not "
                    + "OPEN is a 409.")
    public Replayed replay(@PathVariable String feedId, @PathVariable long id, @RequestBody(required = false) Replay body,
                           Principal who) {
        FeedRun run = found(() -> {
            try {
                return decisions.replay(feedId, id, body == null ? Map.of() : body.values(), who.getName());
            } catch (IOException | UnreadableFileException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the record could not be read again: " + e.getMessage());
            }
        });
        return new Replayed(FeedController.RunView.of(run), decisions.find(feedId, id).state(),
                run.quarantined() > 0 ? issues.rejects(run.id(), 0, 10) : List.of());
    }

    @PostMapping("/close")
    @Operation(summary = "Close a quarantined record without storing it",
            description = "Body {\"reason\"}: why it is not to be stored, such as sent twice. The record becomes "
                    + "DISMISSED, with the reason, who and when. No reason is a 400; a record that is not OPEN is a 409.")
    public QuarantineDecisions.Quarantined close(@PathVariable String feedId, @PathVariable long id,
                                                 @RequestBody(required = false) Close body, Principal who) {
        return found(() -> decisions.close(feedId, id, body == null ? null : body.reason(), who.getName()));
    }

    private static <T> T found(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (QuarantineDecisions.NotPossible e) {
            throw new ResponseStatusException(e.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
