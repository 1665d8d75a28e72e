package org.pathwayshub.alert;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.record.AfterStore;
import org.pathwayshub.routing.Recipients;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs the alert rules over the young people a change touched, in the transaction of that change (after
 * their risk has been scored again), and over everyone in the daily sweep (for the rules that depend on the
 * date: lapsed currency, the September Guarantee deadline, six-month follow-ups, turning 18).
 */
@Component
@Order(2)
public class AlertEvaluation implements AfterStore {

    private final PersonSituations situations;
    private final AlertRules rules;
    private final Alerts alerts;

    public AlertEvaluation(PersonSituations situations, AlertRules rules, Alerts alerts) {
        this.situations = situations;
        this.alerts = alerts;
        this.rules = rules;
    }

    @Override
    public void changed(String cause, Set<UUID> changed) {
        evaluate(changed, cause, LocalDate.now());
    }

    /** @return how many alerts were raised */
    public int evaluate(Collection<UUID> masters, String cause, LocalDate today) {
        if (masters.isEmpty()) {
            return 0;
        }
        Map<UUID, PersonSituation> people = situations.load(masters);
        List<AlertCandidate> candidates = new ArrayList<>();
        Map<UUID, Recipients.Person> coverage = new HashMap<>();
        for (PersonSituation p : people.values()) {
            candidates.addAll(rules.evaluate(p, today));
            coverage.put(p.hubId(), new Recipients.Person(p.postcode(), p.school(), p.age(today)));
        }
        return alerts.raise(candidates, coverage, cause, today).size();
    }
}
