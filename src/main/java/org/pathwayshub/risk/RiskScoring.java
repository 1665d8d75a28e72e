package org.pathwayshub.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.record.AfterStore;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Scores young people with the active RONI rule set and keeps their assessment history: a new assessment is
 * stored only when something in it changed (score, band, factors, NC year, rule set), and the one before is
 * kept, superseded. Runs in the transaction of the change that caused it, before the alert rules, so an alert
 * and the assessment that raised it commit together. Indicators a practitioner suppressed for a young person
 * do not count for them.
 */
@Component
@Order(1)
public class RiskScoring implements AfterStore {

    private final JdbcTemplate jdbc;
    private final RiskInputsReader reader;
    private final RuleSets ruleSets;
    private final RoniEngine engine = new RoniEngine();
    private final ObjectMapper json;

    public RiskScoring(JdbcTemplate jdbc, RiskInputsReader reader, RuleSets ruleSets, ObjectMapper json) {
        this.jdbc = jdbc;
        this.reader = reader;
        this.ruleSets = ruleSets;
        this.json = json;
    }

    @Override
    public void changed(String cause, Set<UUID> changed) {
        rescore(changed, cause, LocalDate.now());
    }

    public String ruleSetLabel() {
        return ruleSets.active().id() + " " + ruleSets.active().version();
    }

    private record Current(String ruleSet, String version, Integer ncYear, boolean inScope, int score, String band, String factors) {
    }

    /** @return how many young people got a new assessment */
    public int rescore(Collection<UUID> masters, String cause, LocalDate asAt) {
        if (masters.isEmpty()) {
            return 0;
        }
        RoniRuleSet rules = ruleSets.active();
        Map<UUID, RiskInputs> inputs = reader.read(masters);
        UUID[] ids = masters.toArray(UUID[]::new);
        Map<UUID, Current> current = new HashMap<>();
        Map<UUID, java.util.Set<String>> suppressed = new HashMap<>();
        jdbc.query(c -> {
            var ps = c.prepareStatement("""
                    select hub_id, rule_set, rule_set_version, nc_year, in_scope, score, band, factors::text
                    from risk_assessment where hub_id = any(?) and superseded_at is null""");
            ps.setArray(1, c.createArrayOf("uuid", ids));
            return ps;
        }, rs -> {
            current.put(rs.getObject(1, UUID.class), new Current(rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                    rs.getBoolean(5), rs.getInt(6), rs.getString(7), rs.getString(8)));
        });
        jdbc.query(c -> {
            var ps = c.prepareStatement("""
                    select distinct on (hub_id, indicator) hub_id, indicator, action from risk_review
                    where hub_id = any(?) and indicator is not null and action in ('SUPPRESS', 'UNSUPPRESS')
                    order by hub_id, indicator, id desc""");
            ps.setArray(1, c.createArrayOf("uuid", ids));
            return ps;
        }, rs -> {
            if ("SUPPRESS".equals(rs.getString(3))) {
                suppressed.computeIfAbsent(rs.getObject(1, UUID.class), k -> new java.util.HashSet<>()).add(rs.getString(2));
            }
        });
        List<Object[]> rows = new ArrayList<>();
        List<UUID> superseded = new ArrayList<>();
        for (UUID hubId : masters) {
            RiskInputs in = inputs.get(hubId);
            if (in == null) {
                continue;
            }
            Assessment a = withoutSuppressed(rules, engine.assess(rules, in, asAt), suppressed.getOrDefault(hubId, Set.of()));
            Current before = current.get(hubId);
            if (!a.inScope() && before == null) {
                continue;  // RONI is for Years 8 to 11: nothing to record for others
            }
            String factors = factorsJson(a);
            Current now = new Current(a.ruleSet(), a.version(), a.ncYear(), a.inScope(), a.score(), a.band().name(), factors);
            if (before != null && same(before, now)) {
                continue;
            }
            if (before != null) {
                superseded.add(hubId);
            }
            rows.add(new Object[] {hubId, a.ruleSet(), a.version(), java.sql.Date.valueOf(asAt), a.ncYear(), a.inScope(),
                    a.score(), a.band().name(), factors, cause});
        }
        if (!superseded.isEmpty()) {
            jdbc.update(c -> {
                var ps = c.prepareStatement("update risk_assessment set superseded_at = now() where hub_id = any(?) and superseded_at is null");
                ps.setArray(1, c.createArrayOf("uuid", superseded.toArray()));
                return ps;
            });
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into risk_assessment (hub_id, rule_set, rule_set_version, as_at, nc_year, in_scope, score, band, factors, cause)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", rows);
        }
        return rows.size();
    }

    /** The same assessment as stored, but for the date: a nightly re-score that changes nothing stores nothing. */
    private boolean same(Current a, Current b) {
        if (!a.ruleSet().equals(b.ruleSet()) || !a.version().equals(b.version()) || a.score() != b.score()
                || !a.band().equals(b.band()) || a.inScope() != b.inScope() || !java.util.Objects.equals(a.ncYear(), b.ncYear())) {
            return false;
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
