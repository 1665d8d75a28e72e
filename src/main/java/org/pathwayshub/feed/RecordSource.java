package org.pathwayshub.feed;

import java.io.Closeable;
import java.io.IOException;

import org.pathwayshub.mapping.SourceLayout;
import org.pathwayshub.mapping.SourceRecord;

/** Records read one at a time from a partner's file, never the whole file in memory. */
public interface RecordSource extends Closeable {

    SourceLayout layout();

    /** The next record, or null at the end. */
    SourceRecord next() throws IOException, UnreadableFileException;

    /** SHA-256 of the bytes read, in hex; complete once {@link #next()} has returned null. */
    String sha256();

    long bytesRead();
}
