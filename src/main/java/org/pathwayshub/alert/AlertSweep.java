package org.pathwayshub.alert;

import org.pathwayshub.job.HubJob;
import org.pathwayshub.record.PersonChanges;
import org.springframework.stereotype.Component;

/**
 * Job {@code alert-sweep}: every young person goes through the alert rules again, for what depends on the date rather
 * than on a new record. The job puts everyone on the change feed in one statement; the reassessment service runs the
 * rules (after scoring) as it does for any change.
 */
@Component
public class AlertSweep implements HubJob {

    private final PersonChanges changes;

    public AlertSweep(PersonChanges changes) {
        this.changes = changes;
    }

    @Override
    public String name() {
        return "alert-sweep";
    }

    @Override
    public String run() {
        int queued = changes.reassessAll("select hub_id from young_person where merged_into is null", "daily alert sweep",
                PersonChanges.Scope.ALL);
        return queued + " young people queued for the alert rules";
    }
}
