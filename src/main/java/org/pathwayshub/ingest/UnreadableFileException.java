package org.pathwayshub.ingest;

/**
 * A file the hub cannot read as the feed's format at all (binary, empty, no header, broken quoting):
 * it moves to the feed's {@code failed/} folder with this reason, and the run says why.
 */
public class UnreadableFileException extends Exception {

    public UnreadableFileException(String reason) {
        super(reason, null, false, false);
    }
}
