package org.pathwayshub.risk;

import org.pathwayshub.job.HubJob;
import org.pathwayshub.record.PersonChanges;
import org.springframework.stereotype.Component;

/**
 * Job {@code risk-rescore}: every young person with a school census is assessed again as of today (attendance windows
 * and "in the last 12 months" move on with the date). The job puts them on the change feed in one statement; the
 * reassessment service re-scores them, and runs the alert rules for those whose assessment changed.
 */
@Component
public class CohortRescore implements HubJob {

    private final PersonChanges changes;
    private final RiskScoring scoring;

    public CohortRescore(PersonChanges changes, RiskScoring scoring) {
        this.changes = changes;
        this.scoring = scoring;
    }

    @Override
    public String name() {
        return "risk-rescore";
    }

    @Override
    public String run() {
        int queued = changes.reassessAll("""
                select distinct coalesce(p.merged_into, p.hub_id) from school_census c join young_person p on p.hub_id = c.hub_id""",
                "cohort re-score", PersonChanges.Scope.RISK);
        return queued + " young people queued to be scored with " + scoring.ruleSetLabel();
    }
}
