package org.pathwayshub.ingest;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Stores one batch while the next is read and mapped, never more than one ahead, so batches still commit
 * in file order and a failure stops the file at the next batch boundary.
 */
final class StoreAhead implements AutoCloseable {

    private final ExecutorService executor;
    private Future<?> inFlight;

    StoreAhead(ExecutorService executor) {
        this.executor = executor;
    }

    /** Waits for the batch before to be stored, then starts storing this one. */
    void submit(Runnable storeBatch) {
        awaitStored();
        inFlight = executor.submit(storeBatch);
    }

    /** Waits for the batch in flight; its failure is thrown here. */
    void awaitStored() {
        if (inFlight == null) {
            return;
        }
        Future<?> f = inFlight;
        inFlight = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was being stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** On the way out of a failed read, the batch in flight still finishes before the run is marked. */
    @Override
    public void close() {
        try {
            awaitStored();
        } catch (RuntimeException ignored) {
            // the read already failed; that failure is the one reported
        }
    }
}
