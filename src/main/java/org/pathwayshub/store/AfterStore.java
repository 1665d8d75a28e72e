package org.pathwayshub.store;

import java.util.Set;
import java.util.UUID;

/**
 * What reacts to a batch's changes inside the batch's transaction, in order: the risk scores of the young
 * people it changed, then the alerts those changes raise. Anything it writes (assessments, alerts, outbox
 * messages) commits with the change that caused it, or not at all.
 */
public interface AfterStore {

    /** @param changed the young people (not person records) the batch touched */
    void changed(String feedId, long runId, Set<UUID> changed);
}
