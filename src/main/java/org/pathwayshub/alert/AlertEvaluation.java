package org.pathwayshub.alert;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.routing.Recipients;
import org.springframework.stereotype.Component;

/**
 * Runs the alert rules over young people in the caller's transaction: the reassessment of the young people a change
 * touched (after their risk has been scored again), so each alert commits with the change that caused it. Rules
 * that depend on the date (lapsed currency, the September Guarantee deadline, six-month follow-ups, turning 18) see
 * everyone through the daily sweep, which asks for everyone to be reassessed.
 */
@Component
public class AlertEvaluation {

    private final PersonSituations situations;
    private final AlertRules rules;
    private final Alerts alerts;

    public AlertEvaluation(PersonSituations situations, AlertRules rules, Alerts alerts) {
        this.situations = situations;
        this.alerts = alerts;
        this.rules = rules;
    }

    /** A young person's current RONI assessment, as the risk rules see it, and the band of the one before it. */
    public record Risk(long id, String band, int score, Integer ncYear, boolean inScope, String factorsJson,
                       String previousBand) {
    }

    /**
     * @param people the facts of each young person, as read in the caller's transaction
     * @param causes what led to each young person being looked at again, recorded with the alerts raised
     * @param risks  each young person's current assessment, as scored just before in the same transaction
     * @return how many alerts were raised
     */
    public int evaluate(Map<UUID, YoungPersonFacts> people, Map<UUID, String> causes, Map<UUID, Risk> risks,
                        LocalDate today) {
        if (people.isEmpty()) {
            return 0;
        }
        List<AlertCandidate> candidates = new ArrayList<>();
        Map<UUID, Recipients.Person> coverage = new HashMap<>();
        for (PersonSituation p : situations.load(people, risks).values()) {
            candidates.addAll(rules.evaluate(p, today));
            coverage.put(p.hubId(), new Recipients.Person(p.postcode(), p.school(), p.age(today)));
        }
        return alerts.raise(candidates, coverage, c -> causes.get(c.hubId()), today).size();
    }
}
