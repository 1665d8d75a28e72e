package org.pathwayshub.referral;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.pathwayshub.ingest.FeedIngestor;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.RecordIssues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.pathwayshub.ingest.UnreadableFileException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Referrals over REST: one referral (a JSON object) or several (an array) per request, taken through the same
 * pipeline as the referrals feed (mappings/feeds/referrals.yaml), so a request is a run with the same counts,
 * checks and identity matching as a file. The answer says at once what was stored and what was refused, why.
 */
@RestController
@RequestMapping("/api/referrals")
public class ReferralController {

    static final String FEED = "referrals";

    private final FeedIngestor ingestor;
    private final RecordIssues issues;
    private final JdbcTemplate jdbc;

    public ReferralController(FeedIngestor ingestor, RecordIssues issues, JdbcTemplate jdbc) {
        this.ingestor = ingestor;
        this.issues = issues;
        this.jdbc = jdbc;
    }

    public record Intake(long runId, int received, int stored, int quarantined, int duplicates, int warnings,
                         List<RecordIssues.Reject> rejects) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Receive referrals", description = "One referral, or an array of them, read through "
            + "mappings/feeds/referrals.yaml as a run of the referrals feed: the answer counts what was stored, "
            + "quarantined (each reject with what to correct) and duplicate.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = ReferralDocument.class))))
    public Intake receive(@RequestBody byte[] body, Principal who) throws IOException {
        String source = "POST /api/referrals by " + (who == null ? "unknown" : who.getName());
        FeedRun run;
        try {
            run = ingestor.ingestStream(FEED, "rest", FEED, source, new ByteArrayInputStream(body), runId -> { });
        } catch (UnreadableFileException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return new Intake(run.id(), run.received(), run.stored(), run.quarantined(), run.duplicates(), run.warnings(),
                issues.rejects(run.id(), 0, 1000));
    }

    /** A referral as its service sees it in a list: who sent it, to whom, its state; the person by hub id only. */
    public record ReferralSummary(long id, String fromOrg, String referralRef, String toService, UUID hubId, String type,
                                  String state, Instant receivedAt) {
    }

    @GetMapping
    public List<ReferralSummary> list(@RequestParam(required = false) String toService,
                                      @RequestParam(required = false) String state) {
        return jdbc.query("""
                select id, from_org, referral_ref, to_service, hub_id, referral_type, state, received_at from referral
                where (?::text is null or to_service = ?) and (?::text is null or state = ?) order by id""",
                (rs, n) -> new ReferralSummary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()),
                toService, toService, state, state);
    }
}
