package org.pathwayshub.record;

import java.util.Set;
import java.util.UUID;

/**
 * What reacts to a batch's changes inside the batch's transaction, in order: the risk scores of the young
 * people it changed, then the alerts those changes raise. Anything it writes (assessments, alerts, outbox
 * messages) commits with the change that caused it, or not at all.
 */
public interface AfterStore {

    /**
     * @param cause   what changed them, for the record ("feed school-census run 12", "identity merge 4")
     * @param changed the young people (not person records) the change touched
     */
    void changed(String cause, Set<UUID> changed);
}
