package org.pathwayshub.identity;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.access.AccessAudit;
import org.pathwayshub.person.YoungPersonRecord;
import org.pathwayshub.system.Paging;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
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
 * The identity review list (pairs the hub could not decide on) and merges: decide a pair, merge two young
 * people by hand, undo any merge. Every decision is recorded with who made it.
 */
@RestController
@RequestMapping("/api/identity")
@Tag(name = "Identity", description = "Pairs of records the matcher was not sure were one young person, and their "
        + "decision; merges of young people, by hand, and undoing one. Who decided is recorded.")
public class IdentityController {

    private final JdbcTemplate jdbc;
    private final IdentityMerges merges;
    private final ObjectMapper json;

    private final AccessAudit audit;

    public IdentityController(JdbcTemplate jdbc, IdentityMerges merges, ObjectMapper json, AccessAudit audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.merges = merges;
        this.json = json;
    }

    /** One side of a pair, with what a reviewer needs to decide. */
    public record Side(UUID hubId, String givenName, String familyName, String dob, String postcode, String gender,
                       List<YoungPersonRecord.Identifier> identifiers) {
    }

    public record Review(long id, String state, double score, JsonNode reasons, String feedId, long runId, Long line,
                         Side record, Side candidate, String decidedBy, String decidedAt, String note) {
    }

    /** The reviews of a state (OPEN by default, or ALL), oldest first, a page at a time; each side read is audited. */
    @GetMapping("/reviews")
    @Operation(summary = "Identity reviews in a state, oldest first",
            description = "Pairs of records the matcher was not sure were one young person: each side with its details "
                    + "and identifiers, the score and its reasons, and the decision once made. A page at a time. "
                    + "Each side read is recorded in the access audit.")
    public List<Review> reviews(@Parameter(description = "OPEN (the default), SAME_PERSON, DIFFERENT_PEOPLE or ALL")
                                @RequestParam(defaultValue = "OPEN") String state,
                                @Parameter(description = "The page, from 0") @RequestParam(defaultValue = "0") int page,
                                @Parameter(description = "Reviews a page, 1 to 1000 (100 by default)")
                                @RequestParam(defaultValue = "100") int size) {
        if (!List.of("OPEN", "SAME_PERSON", "DIFFERENT_PEOPLE", "ALL").contains(state)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "state: expected OPEN, SAME_PERSON, DIFFERENT_PEOPLE"
                    + " or ALL (got '" + state + "')");
        }
        Paging paging = Paging.of(page, size, "oldest");
        List<Review> reviews = jdbc.query("""
                select id, state, score, reasons::text, feed_id, run_id, line_no, hub_id, candidate_id, decided_by,
                  decided_at, note from identity_review where (? = 'ALL' or state = ?) order by id offset ? limit ?""",
                (rs, n) -> new Review(rs.getLong(1), rs.getString(2), rs.getDouble(3), readJson(rs.getString(4)),
                        rs.getString(5), rs.getLong(6), (Long) rs.getObject(7), side(rs.getObject(8, UUID.class)),
                        side(rs.getObject(9, UUID.class)), rs.getString(10),
                        rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant().toString(), rs.getString(12)),
                state, state, paging.offset(), paging.size());
        audit.readYoungPeople(reviews.stream().flatMap(r -> java.util.stream.Stream.of(r.record(), r.candidate()))
                .filter(java.util.Objects::nonNull).map(Side::hubId).distinct().toList(), "identity reviews " + state);
        return reviews;
    }

    /** The latest merges, newest first. */
    public List<Merge> recentMerges(int limit) {
        return jdbc.query(MERGES + " order by id desc limit ?", this::merge, limit);
    }

    /** {"decision": "SAME_PERSON" | "DIFFERENT_PEOPLE", "note": "..."} */
    public record Decision(String decision, String note) {
    }

    @PostMapping("/reviews/{id}")
    @Transactional
    @Operation(summary = "Decide an open identity review",
            description = "Body {\"decision\": \"SAME_PERSON\" | \"DIFFERENT_PEOPLE\", \"note\"}. SAME_PERSON merges the "
                    + "two young people; a merge that is not allowed (different UPNs, say) is a 409. A review already "
                    + "decided is a 409; an unknown one is a 404. Who decided, and when, is recorded with the note.")
    public Map<String, Object> decide(@PathVariable long id, @RequestBody Decision decision, Principal who) {
        Map<String, Object> review = jdbc.queryForList("select hub_id, candidate_id, score, reasons::text, state from identity_review where id = ? for update", id)
                .stream().findFirst().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no review " + id));
        if (!"OPEN".equals(review.get("state"))) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "review " + id + " was already decided: " + review.get("state"));
        }
        String by = who == null ? "unknown" : who.getName();
        switch (decision.decision() == null ? "" : decision.decision()) {
            case "SAME_PERSON" -> {
                long merge = merges.merge((UUID) review.get("hub_id"), (UUID) review.get("candidate_id"), "REVIEW",
                        ((Number) review.get("score")).doubleValue(), (String) review.get("reasons"), by);
                jdbc.update("update identity_review set state = 'SAME_PERSON', decided_by = ?, decided_at = now(), note = ?, merge_id = ? where id = ?",
                        by, decision.note(), merge, id);
                return Map.of("review", id, "state", "SAME_PERSON", "mergeId", merge);
            }
            case "DIFFERENT_PEOPLE" -> {
                jdbc.update("update identity_review set state = 'DIFFERENT_PEOPLE', decided_by = ?, decided_at = now(), note = ? where id = ?",
                        by, decision.note(), id);
                return Map.of("review", id, "state", "DIFFERENT_PEOPLE");
            }
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "decision must be SAME_PERSON or DIFFERENT_PEOPLE");
        }
    }

    public record Merge(long id, UUID fromHubId, UUID intoHubId, String method, Double score, JsonNode reasons,
                        String decidedBy, String decidedAt, String undoneBy, String undoneAt) {
    }

    private static final String MERGES = """
            select id, from_hub_id, into_hub_id, method, score, reasons::text, decided_by, decided_at, undone_by, undone_at
            from identity_merge""";

    @GetMapping("/merges")
    @Operation(summary = "Merges of young people, oldest first",
            description = "Every merge: the young person merged away and the one kept, how it was decided (SCORE by the "
                    + "matcher, REVIEW, MANUAL), the score and its reasons, who decided it, and who undid it if anyone did.")
    public List<Merge> merges(@Parameter(description = "Only merges from or into this young person's hub id")
                              @RequestParam(required = false) UUID hubId) {
        return jdbc.query(MERGES + " where ?::uuid is null or from_hub_id = ? or into_hub_id = ? order by id", this::merge,
                hubId, hubId, hubId);
    }

    private Merge merge(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Merge(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getObject(5) == null ? null : rs.getDouble(5), readJson(rs.getString(6)), rs.getString(7),
                rs.getTimestamp(8).toInstant().toString(), rs.getString(9),
                rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant().toString());
    }

    /** {"from": hubId, "into": hubId, "note": "..."}: two records a practitioner knows are one young person. */
    public record ManualMerge(UUID from, UUID into, String note) {
    }

    @PostMapping("/merges")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Merge two young people by hand",
            description = "Body {\"from\": hubId, \"into\": hubId, \"note\"}: two records a practitioner knows are one "
                    + "young person. Either may be given by any of their records. Answers the merge's id. Records that are "
                    + "already one young person, or hold different UPNs, ULNs or National Insurance numbers, are a 409; "
                    + "an unknown hub id is a 404. Who merged them is recorded.")
    public Map<String, Object> merge(@RequestBody ManualMerge request, Principal who) {
        String reasons = json.createObjectNode().put("note", request.note() == null ? "" : request.note()).toString();
        long id = merges.merge(request.from(), request.into(), "MANUAL", null, reasons, who == null ? "unknown" : who.getName());
        return Map.of("mergeId", id);
    }

    @PostMapping("/merges/{id}/undo")
    @Operation(summary = "Undo a merge",
            description = "Puts back the records the merge moved: the young person merged away has their own record "
                    + "again, and a review that led to the merge is open again. Who undid it is recorded. An unknown "
                    + "merge is a 404; one already undone is a 409.")
    public Map<String, Object> undo(@PathVariable long id, Principal who) {
        merges.undo(id, who == null ? "unknown" : who.getName());
        return Map.of("mergeId", id, "undone", true);
    }

    @ExceptionHandler(IdentityMerges.CannotMerge.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    public Map<String, String> cannotMerge(IdentityMerges.CannotMerge e) {
        return Map.of("error", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public Map<String, String> notFound(IllegalArgumentException e) {
        return Map.of("error", e.getMessage());
    }

    private Side side(UUID hubId) {
        List<YoungPersonRecord.Identifier> ids = jdbc.query("select scheme, value, source_feed from person_identifier where hub_id = ? order by scheme",
                (rs, n) -> new YoungPersonRecord.Identifier(rs.getString(1), rs.getString(2), rs.getString(3)), hubId);
        return jdbc.query("select given_name, family_name, dob, postcode, gender from young_person where hub_id = ?",
                (rs, n) -> new Side(hubId, rs.getString(1), rs.getString(2), rs.getDate(3) == null ? null : rs.getDate(3).toString(),
                        rs.getString(4), rs.getString(5) == null ? null : rs.getString(5).trim(), ids), hubId)
                .stream().findFirst().orElse(null);
    }

    private JsonNode readJson(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
