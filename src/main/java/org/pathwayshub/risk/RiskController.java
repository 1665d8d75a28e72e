package org.pathwayshub.risk;

import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.person.YoungPeople;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.record.YoungPersonFactsReader;
import org.pathwayshub.access.AccessAudit;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A young person's risk: the current assessment and its history, practitioners' notes and suppressions; and how
 * well a rule set would have picked out a past cohort that became NEET.
 */
@RestController
@Tag(name = "Risk", description = "Risk of NEET (RONI): a young person's assessment and its history, practitioners' "
        + "notes and suppressions, and how well a rule set would have picked out a past cohort")
public class RiskController {

    private final JdbcTemplate jdbc;
    private final YoungPeople people;
    private final RiskScoring scoring;
    private final PersonChanges changes;
    private final YoungPersonFactsReader facts;
    private final RuleSets ruleSets;
    private final CodeList activities;
    private final ObjectMapper json;
    private final AccessAudit audit;

    public RiskController(JdbcTemplate jdbc, YoungPeople people, RiskScoring scoring, PersonChanges changes,
                          YoungPersonFactsReader facts, RuleSets ruleSets, CodeLists codes, ObjectMapper json,
                          AccessAudit audit) {
        this.jdbc = jdbc;
        this.people = people;
        this.scoring = scoring;
        this.changes = changes;
        this.facts = facts;
        this.ruleSets = ruleSets;
        this.activities = codes.get("activity");
        this.json = json;
        this.audit = audit;
    }

    public record AssessmentView(long id, String ruleSet, String version, LocalDate asAt, Integer ncYear, boolean inScope,
                                 int score, String band, JsonNode factors, String cause, Instant assessedAt, Instant supersededAt) {
    }

    public record ReviewView(long id, String action, String indicator, String reason, String decidedBy, Instant decidedAt) {
    }

    @Schema(description = "The current assessment, every assessment newest first, and practitioners' reviews")
    public record RiskView(AssessmentView current, List<AssessmentView> history, List<ReviewView> reviews) {
    }

    @GetMapping("/api/young-people/{hubId}/risk")
    @Operation(summary = "A young person's risk assessment, its history and reviews",
            description = "The current RONI assessment (rule set and version, score, band, and the factors with their "
                    + "evidence), every earlier one newest first, and practitioners' notes and suppressions. The hub id "
                    + "of any of the young person's records finds them. The read is recorded in the access audit.")
    public RiskView risk(@PathVariable UUID hubId) {
        UUID master = master(hubId);
        audit.readYoungPerson(master, "risk assessments");
        List<AssessmentView> history = jdbc.query("""
                select id, rule_set, rule_set_version, as_at, nc_year, in_scope, score, band, factors::text, cause, assessed_at,
                  superseded_at from risk_assessment where hub_id = ? order by id desc""", (rs, n) -> new AssessmentView(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(), (Integer) rs.getObject(5),
                rs.getBoolean(6), rs.getInt(7), rs.getString(8), read(rs.getString(9)), rs.getString(10),
                rs.getTimestamp(11).toInstant(), rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant()), master);
        List<ReviewView> reviews = jdbc.query("""
                select id, action, indicator, reason, decided_by, decided_at from risk_review where hub_id = ? order by id""",
                (rs, n) -> new ReviewView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant()), master);
        AssessmentView current = history.stream().filter(a -> a.supersededAt() == null).findFirst().orElse(null);
        return new RiskView(current, history, reviews);
    }

    /** {"action": "ANNOTATE" | "SUPPRESS" | "UNSUPPRESS", "indicator": "fsm" (optional), "reason": "..."} */
    public record Review(String action, String indicator, String reason) {
    }

    /**
     * A practitioner adds context, or holds a flag back before it goes to a school: SUPPRESS without an indicator
     * stops RISK_RAISED alerts for the young person; with one, that indicator stops counting for them. The reason
     * is required and kept with who gave it.
     */
    @PostMapping("/api/young-people/{hubId}/risk/review")
    @Transactional
    @Operation(summary = "Add context to a young person's risk, or hold a flag back",
            description = "Body {\"action\": \"ANNOTATE\" | \"SUPPRESS\" | \"UNSUPPRESS\", \"indicator\" (optional), "
                    + "\"reason\"}. ANNOTATE adds a note. SUPPRESS without an indicator stops RISK_RAISED alerts for the "
                    + "young person; with one, that indicator stops counting for them. UNSUPPRESS lifts it. The reason is "
                    + "required and kept with who gave it. After SUPPRESS or UNSUPPRESS the young person is scored again "
                    + "shortly. Answers the risk as it stands.")
    public RiskView review(@PathVariable UUID hubId, @RequestBody Review review, Principal who) {
        UUID master = master(hubId);
        if (review.action() == null || !Set.of("ANNOTATE", "SUPPRESS", "UNSUPPRESS").contains(review.action())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "action must be ANNOTATE, SUPPRESS or UNSUPPRESS");
        }
        if (review.reason() == null || review.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a reason is required: it is kept with the review");
        }
        if (review.indicator() != null && ruleSets.active().indicators().stream().noneMatch(i -> i.id().equals(review.indicator()))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "no indicator '" + review.indicator() + "' in "
                    + ruleSets.active().id());
        }
        jdbc.update("""
                insert into risk_review (hub_id, assessment_id, action, indicator, reason, decided_by)
                values (?, (select id from risk_assessment where hub_id = ? and superseded_at is null), ?, ?, ?, ?)""",
                master, master, review.action(), review.indicator(), review.reason(), who == null ? "unknown" : who.getName());
        if (!review.action().equals("ANNOTATE")) {
            // scored again, and the alert rules run, by the reassessment service once this commits
            changes.reassess(List.of(master), "risk review: " + review.action().toLowerCase() + " "
                    + (review.indicator() == null ? "flag" : review.indicator()));
        }
        return risk(master);
    }

    /**
     * How a rule set would have done on a past cohort: everyone in {@code ncYear} at {@code asAt}, scored as things
     * stood then, against who was NEET at any time between {@code outcomeFrom} and {@code outcomeTo} (by default the
     * academic year after the one containing {@code asAt}). Flagged means RED or AMBER. A window not yet begun has no
     * outcomes: the answer says so rather than giving a precision of 0.
     */
    @GetMapping("/api/risk/evaluation")
    @Operation(summary = "How well a rule set would have picked out a past cohort",
            description = "Everyone in ncYear at asAt, scored as things stood then, against who was NEET at any time in "
                    + "the outcome window. Flagged means RED or AMBER. Answers the precision and recall; outcomes "
                    + "(KNOWN, PARTLY_KNOWN, NOT_YET_KNOWN) and a note say whether the window has happened yet.")
    public CohortEvaluation.Evaluation evaluation(
                                 @Parameter(description = "A rule set's id (mappings/risk/); the active one by default")
                                 @RequestParam(required = false) String ruleSet,
                                 @Parameter(description = "The date to score the cohort at, as yyyy-MM-dd")
                                 @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asAt,
                                 @Parameter(description = "The cohort's NC year at asAt (11 by default)")
                                 @RequestParam(defaultValue = "11") int ncYear,
                                 @Parameter(description = "The first day of the outcome window, as yyyy-MM-dd; by default "
                                         + "1 September of the academic year after the one containing asAt")
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate outcomeFrom,
                                 @Parameter(description = "The last day of the outcome window, as yyyy-MM-dd; by default "
                                         + "31 August of that academic year")
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate outcomeTo) {
        RoniRuleSet rules = ruleSet == null ? ruleSets.active() : ruleSets.find(ruleSet).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no rule set " + ruleSet + " (" + ruleSets.ids() + ")"));
        int startYear = AcademicYear.start(asAt).getYear();
        LocalDate from = outcomeFrom != null ? outcomeFrom : LocalDate.of(startYear + 1, 9, 1);
        LocalDate to = outcomeTo != null ? outcomeTo : LocalDate.of(startYear + 2, 8, 31);
        if (to.isBefore(from)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "outcomeTo (" + to + ") is before outcomeFrom (" + from + ")");
        }
        List<UUID> candidates = jdbc.queryForList("""
                select distinct coalesce(p.merged_into, p.hub_id) from school_census c join young_person p on p.hub_id = c.hub_id
                where c.census_date <= ?""", UUID.class, java.sql.Date.valueOf(asAt));
        CohortEvaluation evaluation = new CohortEvaluation(rules, asAt, ncYear, from, to, LocalDate.now(), activities);
        for (int i = 0; i < candidates.size(); i += 1000) {
            facts.read(candidates.subList(i, Math.min(i + 1000, candidates.size()))).values()
                    .forEach(f -> evaluation.add(scoring.inputs(f)));
        }
        return evaluation.result();
    }

    private UUID master(UUID hubId) {
        return people.master(hubId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no young person " + hubId));
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

}
