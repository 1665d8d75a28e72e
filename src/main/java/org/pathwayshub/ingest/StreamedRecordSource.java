package org.pathwayshub.ingest;

import java.io.IOException;

/**
 * A record source that parses a byte stream (CSV, JSON, XML): it counts and fingerprints the bytes as the parser
 * reads them, and closing it closes the parser and then the stream.
 */
abstract class StreamedRecordSource implements RecordSource {

    protected final String name;
    private final CountingDigestStream counter;

    StreamedRecordSource(String name, CountingDigestStream counter) {
        this.name = name;
        this.counter = counter;
    }

    /** Closes the parser reading the stream. */
    protected abstract void closeParser() throws IOException;

    @Override
    public final String sha256() {
        return counter.sha256();
    }

    @Override
    public final long bytesRead() {
        return counter.count();
    }

    @Override
    public final void close() throws IOException {
        try {
            closeParser();
        } finally {
            counter.close();
        }
    }
}
