package org.pathwayshub.job;

/** Work the hub does on a schedule set in routes/ (and on demand from the API): a re-score, a sweep, a digest. */
public interface HubJob {

    /** The name routes files and the API use. */
    String name();

    /** Runs the job; returns a line for the log and the API saying what it did. */
    String run();
}
