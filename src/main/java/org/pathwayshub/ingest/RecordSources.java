package org.pathwayshub.ingest;

import java.io.IOException;
import java.io.InputStream;

import org.pathwayshub.mapping.FeedMapping;

/** Opens the reader for a mapping's format over a stream of a partner's bytes. */
final class RecordSources {

    private RecordSources() {
    }

    static RecordSource open(String name, InputStream stream, FeedMapping mapping, int maxFieldChars)
            throws IOException, UnreadableFileException {
        return switch (mapping.format()) {
            case FeedMapping.NCCIS_XML -> NccisXmlSource.open(name, stream, mapping.sourceColumns(), mapping.ignored(),
                    maxFieldChars);
            case FeedMapping.JSON -> JsonRecordSource.open(name, stream, mapping.sourceColumns(), maxFieldChars);
            default -> CsvRecordSource.open(name, stream, mapping.encoding(), mapping.delimiter(), maxFieldChars);
        };
    }
}
