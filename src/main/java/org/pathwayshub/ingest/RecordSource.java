package org.pathwayshub.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

import org.pathwayshub.mapping.SourceLayout;
import org.pathwayshub.mapping.SourceRecord;

/** Records read one at a time from a partner's file, never the whole file in memory. */
public interface RecordSource extends Closeable {

    SourceLayout layout();

    /** What the file says about itself before its records (NCCIS: DatabaseID, SourceLEAs, PeriodEnd). */
    default Map<String, String> fileHeader() {
        return Map.of();
    }

    /** The next record, or null at the end. */
    SourceRecord next() throws IOException, UnreadableFileException;

    /**
     * Where the source stands after the last record returned, for incremental pulls (a high-water mark stored
     * with the batch that holds that record); null for sources read whole.
     */
    default String checkpoint() {
        return null;
    }

    /** SHA-256 of the bytes read, in hex; complete once {@link #next()} has returned null. */
    String sha256();

    long bytesRead();
}
