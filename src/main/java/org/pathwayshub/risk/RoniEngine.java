package org.pathwayshub.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pathwayshub.risk.Assessment.Factor;
import org.pathwayshub.risk.RoniRuleSet.Indicator;

/**
 * Scores one young person against a RONI rule set as things stood on a date: every indicator that fires with the
 * record that made it fire, less those replaced by a heavier one that fired too, summed and banded. Pure: the
 * same rule set, inputs and date always give the same assessment, so re-scoring when an input changes is cheap.
 */
public class RoniEngine {

    public Assessment assess(RoniRuleSet rules, RiskInputs inputs, LocalDate asAt) {
        KnownFacts facts = KnownFacts.of(inputs, asAt);
        Map<String, Factor> fired = new LinkedHashMap<>();
        for (Indicator indicator : rules.indicators()) {
            indicator.condition().findIn(facts).ifPresent(hit -> fired.put(indicator.id(),
                    new Factor(indicator.id(), indicator.label(), indicator.points(), hit.source(), hit.evidence())));
        }
        Set<String> replaced = new HashSet<>();
        for (Indicator indicator : rules.indicators()) {
            if (indicator.replaces() != null && fired.containsKey(indicator.id())) {
                replaced.add(indicator.replaces());
            }
        }
        List<Factor> factors = new ArrayList<>();
        fired.values().stream().filter(f -> !replaced.contains(f.indicator())).forEach(factors::add);
        int score = factors.stream().mapToInt(Factor::points).sum();
        Integer ncYear = facts.ncYear();
        boolean inScope = ncYear != null && rules.ncYears().contains(ncYear);
        return new Assessment(rules.id(), rules.version(), asAt, ncYear, inScope, score, rules.bands().bandFor(score), factors);
    }
}
