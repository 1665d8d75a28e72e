package org.pathwayshub.referral;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.access.AccessAudit;
import org.pathwayshub.ingest.FeedIngestor;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.RecordIssues;
import org.pathwayshub.ingest.UnreadableFileException;
import org.pathwayshub.system.Paging;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
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
import org.springframework.web.server.ResponseStatusException;

/**
 * Referrals over REST: one referral (a JSON object) or several (an array) per request, taken through the same
 * pipeline as the referrals feed (mappings/feeds/referrals.yaml), so a request is a run with the same counts,
 * checks and identity matching as a file. The answer says at once what was stored and what was refused, why.
 * Each referral then moves through its life cycle by events ({@link Referrals}), and its referrer hears of each.
 */
@RestController
@ConditionalOnWebApplication
@RequestMapping("/api/referrals")
@Tag(name = "Referrals", description = "Referrals from partners, and their life cycle from received to the six-month follow-up")
public class ReferralController {

    static final String FEED = "referrals";

    private final FeedIngestor ingestor;
    private final RecordIssues issues;
    private final Referrals referrals;
    private final ReferralLifeCycle lifeCycle;
    private final PartnerScope scope;
    private final ObjectMapper json;
    private final ReferralReport report;
    private final AccessAudit audit;

    public ReferralController(FeedIngestor ingestor, RecordIssues issues, Referrals referrals, ReferralLifeCycle lifeCycle,
                              PartnerScope scope, ObjectMapper json, ReferralReport report, AccessAudit audit) {
        this.audit = audit;
        this.report = report;
        this.scope = scope;
        this.json = json;
        this.ingestor = ingestor;
        this.issues = issues;
        this.referrals = referrals;
        this.lifeCycle = lifeCycle;
    }

    public record Intake(long runId, int received, int stored, int quarantined, int duplicates, int warnings,
                         List<RecordIssues.Reject> rejects) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Receive referrals", description = "One referral, or an array of them, read through "
            + "mappings/feeds/referrals.yaml as a run of the referrals feed: the answer counts what was stored, "
            + "quarantined (each reject with what to correct) and duplicate. 202 when something was taken; 422 when "
            + "every referral was refused (a service the directory does not know, consent claimed but not given, ...).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = ReferralDocument.class))))
    public ResponseEntity<Intake> receive(@RequestBody byte[] body, Authentication who) throws IOException {
        PartnerScope.Partner partner = scope.of(who);
        if (partner != null) {
            inOwnName(partner, body);
        }
        String source = "POST /api/referrals by " + (who == null ? "unknown" : who.getName());
        FeedRun run;
        try {
            run = ingestor.ingestStream(FEED, "rest", FEED, source, new ByteArrayInputStream(body), runId -> { });
        } catch (UnreadableFileException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        Intake intake = new Intake(run.id(), run.received(), run.stored(), run.quarantined(), run.duplicates(), run.warnings(),
                issues.rejects(run.id(), 0, 1000));
        // nothing taken: every referral refused, each reject saying why (a request with some taken is accepted)
        boolean refused = run.quarantined() > 0 && run.stored() + run.duplicates() == 0;
        return ResponseEntity.status(refused ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.ACCEPTED).body(intake);
    }

    /**
     * Referrals, newest first (or {@code sort=oldest}), a page at a time: to a service, from a sender, in a state.
     */
    @GetMapping
    @Operation(summary = "List referrals", description = "Referrals to a service (toService), from a sender (fromOrg), in a "
            + "state, or past a deadline they have still not met (overdue=true); newest first unless sort=oldest; page from 0, "
            + "size 1 to 1000 (100). The young person by hub id only. A partner sees only its own.")
    public List<Referrals.Summary> list(@RequestParam(required = false) String toService,
                                        @RequestParam(required = false) String fromOrg,
                                        @RequestParam(required = false) String state,
                                        @RequestParam(defaultValue = "false") boolean overdue,
                                        @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size,
                                        @RequestParam(defaultValue = "newest") String sort, Authentication who) {
        if (state != null && !lifeCycle.states().contains(state)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "state: expected one of " + lifeCycle.states()
                    + " (got '" + state + "')");
        }
        return referrals.list(new Referrals.Filter(blankToNull(toService), blankToNull(fromOrg), state, overdue,
                scope.of(who)),
                Paging.of(page, size, sort));
    }

    @GetMapping("/report")
    @Operation(summary = "The partner report", description = "For each service referred to (by=service), each sender "
            + "(by=source) or each venue the referrals were made at (by=venue): referrals received, accepted and declined (acceptance rate of those decided), appointments "
            + "attended and missed (attendance rate), the median days from a referral being made to its first contact, "
            + "outcomes, and of those followed up six months after an education, employment or training start how many "
            + "were still in it. Referrals made from and to (dates, inclusive). A partner sees only its own referrals.")
    public ReferralReport.Report report(@RequestParam(defaultValue = "service") String by,
                                        @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate from,
                                        @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate to,
                                        @RequestParam(required = false) String toService,
                                        @RequestParam(required = false) String fromOrg, Authentication who) {
        ReferralReport.By grouping;
        try {
            grouping = ReferralReport.By.named(by);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        PartnerScope.Partner partner = scope.of(who);
        String sender = blankToNull(fromOrg);
        String service = blankToNull(toService);
        if (partner != null) {
            // a partner's report is of the referrals it sent, or of those made to its one service
            if (sender == null && service == null) {
                sender = partner.organisation();
            }
            boolean own = sender != null ? partner.sent(sender) : partner.receives(service);
            if (!own) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a partner's report is of the referrals it sent "
                        + "(fromOrg=" + partner.organisation() + ") or those made to its services " + partner.services());
            }
        }
        return report.report(grouping, from, to, service, sender);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A referral with its history", description = "Who sent it, to which service, its type, reason and "
            + "state, and every step of its life cycle: the state, when, who recorded it and what they said.")
    public Referrals.Referral find(@PathVariable long id, Authentication who) {
        Referrals.Referral r = referrals.find(id);
        PartnerScope.Partner partner = scope.of(who);
        if (partner != null && !partner.sent(r.fromOrg()) && !partner.receives(r.toService())) {
            throw new java.util.NoSuchElementException("no referral " + id);
        }
        return r;
    }

    @PostMapping(path = "/{id}/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Move a referral on", description = "Records the next step of the referral's life cycle "
            + "(mappings/referrals/life-cycle.yaml): ACCEPTED, DECLINED (reason), CONTACT_MADE (when, who), "
            + "APPOINTMENT_BOOKED (when, where, who), ATTENDED, DID_NOT_ATTEND, EET_STARTED (activityCode, startDate: "
            + "it becomes the young person's activity), STILL_NEET, MOVED_AWAY, NOT_ENGAGED, FOLLOWED_UP "
            + "(stillInActivity). A move the life cycle does not allow is 409 with the reason and nothing is stored; an "
            + "event without what its state needs is 400. The referrer is told of every move on its own channel.")
    public Referrals.Recorded record(@PathVariable long id, @RequestBody Referrals.EventRequest event, Authentication who) {
        Referrals.Referral r = find(id, who);
        PartnerScope.Partner partner = scope.of(who);
        if (partner != null && !partner.receives(r.toService())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "referral " + id + " was made to " + r.toService()
                    + ": only that service records its steps");
        }
        return referrals.record(id, event, who == null ? "unknown" : who.getName());
    }

    /** {"note": "..."}: why, and who asked. */
    public record ConsentWithdrawal(String note) {
    }

    @PostMapping(path = "/{id}/consent-withdrawn", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record that consent was withdrawn", description = "The young person (or whoever consented for "
            + "them) withdrew the consent the referral was shared on. Nothing more about it is shared: what waited to go "
            + "(its REFERRAL_RECEIVED, its steps, its deadlines) is WITHHELD, and later steps are kept but not told. "
            + "Audited. The sender, the service it was made to, or staff may record it; a second withdrawal is 409.")
    public Referrals.Withdrawal withdrawConsent(@PathVariable long id, @RequestBody(required = false) ConsentWithdrawal body,
                                                Authentication who) {
        Referrals.Referral r = find(id, who);
        Referrals.Withdrawal w = referrals.withdrawConsent(id, body == null ? null : body.note(), who.getName());
        audit.record(who.getName(), "consent-withdrawn", r.hubId(), "referral " + id + " from " + r.fromOrg() + " to "
                + r.toService() + ": " + w.deliveriesWithheld() + " deliveries withheld");
        return w;
    }

    @ExceptionHandler(ReferralLifeCycle.Refused.class)
    public ResponseEntity<Map<String, String>> refused(ReferralLifeCycle.Refused e) {
        return ResponseEntity.status(e.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST)
                .body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(java.util.NoSuchElementException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public Map<String, String> notFound(java.util.NoSuchElementException e) {
        return Map.of("error", e.getMessage());
    }

    /** A partner refers in its own name: every referral of the request names it as fromOrg. */
    private void inOwnName(PartnerScope.Partner partner, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            return; // not JSON: the run refuses it and says why
        }
        List<JsonNode> items = new java.util.ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(items::add);
        } else if (root != null) {
            items.add(root);
        }
        for (int i = 0; i < items.size(); i++) {
            String fromOrg = items.get(i).path("fromOrg").asText("");
            if (!partner.sent(fromOrg)) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, (items.size() > 1 ? "[" + i + "]." : "")
                        + "fromOrg: a partner refers in its own name, " + partner.organisation() + " (got '" + fromOrg + "')");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
