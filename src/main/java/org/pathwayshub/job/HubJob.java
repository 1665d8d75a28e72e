package org.pathwayshub.job;

/** Work the hub does on a schedule set in routes/ (and on demand from the API): a re-score, a sweep, a digest. */
public interface HubJob {

    /** The name routes files and the API use. */
    String name();

    /** Runs the job; returns a line for the log and the API saying what it did. */
    String run();

    /**
     * A job that runs every minute or so: a run that found nothing to do ("0 ...") is logged at DEBUG only, so
     * the log says when it did something.
     */
    default boolean frequent() {
        return false;
    }
}
