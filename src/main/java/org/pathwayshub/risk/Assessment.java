package org.pathwayshub.risk;

import java.time.LocalDate;
import java.util.List;

/**
 * One young person scored against one rule set as things stood on {@code asAt}: the score, its band and the
 * factors that make it up. People outside the rule set's NC years are scored too (a list can show why they
 * would be flagged) but {@code inScope} is false and they do not belong on a school's list.
 *
 * @param ncYear the NC year on {@code asAt} from the latest census, null when no census gives one
 */
public record Assessment(String ruleSet, String version, LocalDate asAt, Integer ncYear, boolean inScope, int score,
                         Band band, List<Factor> factors) {

    public Assessment {
        factors = List.copyOf(factors);
    }

    /**
     * An indicator that fired and counts towards the score, the record that made it fire, and what that record
     * says in plain words (dates, codes and numbers, never a name).
     */
    public record Factor(String indicator, String label, int points, RiskInputs.Source source, String evidence) {
    }
}
