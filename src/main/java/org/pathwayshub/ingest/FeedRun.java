package org.pathwayshub.ingest;

import java.time.Instant;

/** One run of a feed: a file, a pull or a batch of requests, and what became of every record in it. */
public record FeedRun(long id, String feedId, String kind, String source, Long fileSize, String fileSha256, String state,
                      String node, Instant started, Instant finished, int received, int stored, int quarantined,
                      int duplicates, int warnings, String failureReason, Long bytesRead) {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String INTERRUPTED = "INTERRUPTED";
}
