package org.pathwayshub.system;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Something to do once the current transaction has committed (a metric counted, say), or at once outside one. */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    /**
     * Once the current transaction has ended: {@code committed} if it committed, {@code notCommitted} if it rolled back
     * or its commit failed (the outcome unknown counts as not committed). Outside a transaction, {@code committed} at once.
     */
    public static void runOrUndo(Runnable committed, Runnable notCommitted) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        committed.run();
                    } else {
                        notCommitted.run();
                    }
                }
            });
        } else {
            committed.run();
        }
    }
}
