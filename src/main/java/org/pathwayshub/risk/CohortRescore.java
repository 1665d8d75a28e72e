package org.pathwayshub.risk;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.pathwayshub.alert.AlertEvaluation;
import org.pathwayshub.job.HubJob;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job {@code risk-rescore}: every young person with a school census re-scored as of today (attendance windows
 * and "in the last 12 months" move on with the date), 1,000 per transaction, with the alerts any change raises.
 */
@Component
public class CohortRescore implements HubJob {

    private static final int PAGE = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RiskScoring scoring;
    private final AlertEvaluation alerts;

    public CohortRescore(JdbcTemplate jdbc, TransactionTemplate tx, RiskScoring scoring, AlertEvaluation alerts) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.scoring = scoring;
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "risk-rescore";
    }

    @Override
    public String run() {
        LocalDate today = LocalDate.now();
        UUID after = new UUID(0, 0);
        int people = 0;
        int changed = 0;
        while (true) {
            List<UUID> page = jdbc.queryForList("""
                    select distinct coalesce(p.merged_into, p.hub_id) from school_census c join young_person p on p.hub_id = c.hub_id
                    where coalesce(p.merged_into, p.hub_id) > ? order by 1 limit ?""", UUID.class, after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            Integer n = tx.execute(s -> {
                int rescored = scoring.rescore(page, "cohort re-score", today);
                alerts.evaluate(page, "cohort re-score", today);
                return rescored;
            });
            changed += n == null ? 0 : n;
            people += page.size();
            after = page.get(page.size() - 1);
        }
        return people + " young people scored with " + scoring.ruleSetLabel() + ", " + changed + " assessments changed";
    }
}
