package org.pathwayshub.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Scores young people with the active RONI rule set and keeps their assessment history: a new assessment is
 * stored only when something in it changed (score, band, factors, NC year, rule set), and the one before is
 * kept, superseded. Runs in the caller's transaction (the reassessment of the young people a change touched),
 * before the alert rules, so an alert and the assessment that raised it commit together. Indicators a
 * practitioner suppressed for a young person do not count for them.
 */
@Component
public class RiskScoring {

    private final JdbcTemplate jdbc;
    private final RuleSets ruleSets;
    private final CodeList firstLanguages;
    private final RoniEngine engine = new RoniEngine();
    private final ObjectMapper json;

    public RiskScoring(JdbcTemplate jdbc, RuleSets ruleSets, CodeLists codeLists, ObjectMapper json) {
        this.jdbc = jdbc;
        this.ruleSets = ruleSets;
        this.firstLanguages = codeLists.get("first-language");
        this.json = json;
    }

    /** What the indicators read of a young person's facts. */
    public RiskInputs inputs(YoungPersonFacts facts) {
        return RiskInputs.of(facts, firstLanguages);
    }

    public String ruleSetLabel() {
        return ruleSets.active().id() + " " + ruleSets.active().version();
    }

    /**
     * A young person's current assessment as stored, and the band of the one before it (null if none);
     * {@code assessedNow} when this scoring stored it (something in it changed).
     */
    public record Current(long id, String ruleSet, String version, Integer ncYear, boolean inScope, int score, String band,
                          String factors, String previousBand, boolean assessedNow) {
    }

    /**
     * Scores each young person as things stand on {@code asAt}, storing an assessment where it changed.
     *
     * @param people the facts of each young person, as read in the caller's transaction
     * @param causes what led to each being scored again, kept with a new assessment
     * @return each young person's current assessment now (those out of scope with none have none)
     */
    public Map<UUID, Current> rescore(Map<UUID, YoungPersonFacts> people, Map<UUID, String> causes, LocalDate asAt) {
        Map<UUID, Current> after = new HashMap<>();
        if (people.isEmpty()) {
            return after;
        }
        RoniRuleSet rules = ruleSets.active();
        Collection<UUID> masters = people.keySet();
        BulkSql.Column ids = BulkSql.column("uuid", masters);
        Map<UUID, Current> current = new HashMap<>();
        Map<UUID, Set<String>> suppressed = new HashMap<>();
        BulkSql.query(jdbc, """
                select a.hub_id, a.id, a.rule_set, a.rule_set_version, a.nc_year, a.in_scope, a.score, a.band, a.factors::text,
                  (select p.band from risk_assessment p where p.hub_id = a.hub_id and p.id < a.id order by p.id desc limit 1)
                from risk_assessment a where a.hub_id = any(?) and a.superseded_at is null""", rs -> {
            current.put(rs.getObject(1, UUID.class), new Current(rs.getLong(2), rs.getString(3), rs.getString(4),
                    (Integer) rs.getObject(5), rs.getBoolean(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                    rs.getString(10), false));
        }, ids);
        BulkSql.query(jdbc, """
                select distinct on (hub_id, indicator) hub_id, indicator, action from risk_review
                where hub_id = any(?) and indicator is not null and action in ('SUPPRESS', 'UNSUPPRESS')
                order by hub_id, indicator, id desc""", rs -> {
            if ("SUPPRESS".equals(rs.getString(3))) {
                suppressed.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>()).add(rs.getString(2));
            }
        }, ids);
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "text", "text", "int4", "bool", "int4", "text", "text", "text");
        List<UUID> superseded = new ArrayList<>();
        Map<UUID, Current> stored = new HashMap<>();
        for (UUID hubId : masters) {
            RiskInputs in = inputs(people.get(hubId));
            Assessment a = withoutSuppressed(rules, engine.assess(rules, in, asAt), suppressed.getOrDefault(hubId, Set.of()));
            Current before = current.get(hubId);
            if (!a.inScope() && before == null) {
                continue;  // RONI is for Years 8 to 11: nothing to record for others
            }
            String factors = factorsJson(a);
            Current now = new Current(0, a.ruleSet(), a.version(), a.ncYear(), a.inScope(), a.score(), a.band().name(), factors,
                    before == null ? null : before.band(), true);
            if (before != null && same(before, now)) {
                after.put(hubId, before);
                continue;
            }
            if (before != null) {
                superseded.add(hubId);
            }
            stored.put(hubId, now);
            rows.add(hubId, a.ruleSet(), a.version(), a.ncYear(), a.inScope(), a.score(), a.band().name(), factors,
                    causes.get(hubId));
        }
        if (!superseded.isEmpty()) {
            BulkSql.update(jdbc, "update risk_assessment set superseded_at = now() where hub_id = any(?) and superseded_at is null",
                    BulkSql.column("uuid", superseded));
        }
        if (!rows.isEmpty()) {
            BulkSql.query(jdbc, """
                    insert into risk_assessment (hub_id, rule_set, rule_set_version, as_at, nc_year, in_scope, score, band,
                      factors, cause)
                    select h, r, v, ?, y, i, s, b, f::json, c
                    from unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::boolean[], ?::int[], ?::text[], ?::text[],
                      ?::text[]) as t(h, r, v, y, i, s, b, f, c)
                    returning hub_id, id""", rs -> {
                UUID hubId = rs.getObject(1, UUID.class);
                Current c = stored.get(hubId);
                after.put(hubId, new Current(rs.getLong(2), c.ruleSet(), c.version(), c.ncYear(), c.inScope(), c.score(),
                        c.band(), c.factors(), c.previousBand(), true));
            }, asAt, rows);
        }
        return after;
    }

    /** The same assessment as stored, but for the date: a nightly re-score that changes nothing stores nothing. */
    private boolean same(Current a, Current b) {
        if (!a.ruleSet().equals(b.ruleSet()) || !a.version().equals(b.version()) || a.score() != b.score()
                || !a.band().equals(b.band()) || a.inScope() != b.inScope() || !Objects.equals(a.ncYear(), b.ncYear())) {
            return false;
        }
        if (a.factors().equals(b.factors())) {
            return true;  // stored as written (json keeps the text), so usually the text alone tells
        }
        try {
            return json.readTree(a.factors()).equals(json.readTree(b.factors()));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static Assessment withoutSuppressed(RoniRuleSet rules, Assessment a, Set<String> suppressed) {
        if (suppressed.isEmpty()) {
            return a;
        }
        List<Assessment.Factor> kept = a.factors().stream().filter(f -> !suppressed.contains(f.indicator())).toList();
        int score = kept.stream().mapToInt(Assessment.Factor::points).sum();
        return new Assessment(a.ruleSet(), a.version(), a.asAt(), a.ncYear(), a.inScope(), score, rules.bands().bandFor(score), kept);
    }

    private String factorsJson(Assessment a) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Assessment.Factor f : a.factors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("indicator", f.indicator());
            m.put("label", f.label());
            m.put("points", f.points());
            Map<String, Object> source = new LinkedHashMap<>();
            if (f.source() != null) {
                source.put("feed", f.source().feed());
                source.put("runId", f.source().runId());
                source.put("line", f.source().line());
            }
            m.put("source", source);
            m.put("evidence", f.evidence());
            list.add(m);
        }
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
