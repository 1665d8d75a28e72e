package org.pathwayshub.feed;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.pathwayshub.ingest.FeedIngestor;
import org.pathwayshub.system.MappingFileException;
import org.springframework.stereotype.Component;

/**
 * What the file-fed templates (an inbox folder, an SFTP server) do with a file once it is in hand: ingest it
 * under the feed's mapping, and leave headers that tell the consumer where to move it afterwards.
 */
@Component
public class FileDelivery implements Processor {

    public static final String KIND = "HubFeedKind";
    public static final String MAPPING = "HubMapping";

    private final FeedIngestor ingestor;
    private final FeedCatalog catalog;

    public FileDelivery(FeedIngestor ingestor, FeedCatalog catalog) {
        this.ingestor = ingestor;
        this.catalog = catalog;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String feedId = exchange.getIn().getHeader(FeedErrorHandling.FEED_ID, String.class);
        String kind = exchange.getIn().getHeader(KIND, String.class);
        String mappingName = mappingName(feedId, exchange.getIn().getHeader(MAPPING, String.class));
        exchange.getIn().setHeader(FeedErrorHandling.ARCHIVE_FOLDER, "failed");
        exchange.getIn().setHeader(FeedErrorHandling.RUN_ID, "none");
        GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
        // SFTP files arrive in a local work file (localWorkDirectory), so both kinds stream from disk
        String localWork = exchange.getIn().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        Path path = Path.of(localWork != null ? localWork : file.getAbsoluteFilePath());
        FeedIngestor.RunListener onRun = runId -> exchange.getIn().setHeader(FeedErrorHandling.RUN_ID, runId);
        String refusal = InboxFiles.refusal(path);
        if (refusal != null) {
            ingestor.refuse(feedId, kind, file.getFileNameOnly(), refusal, onRun);
        }
        try {
            ingestor.ingestFile(feedId, kind, mappingName, path, onRun);
            catalog.configured(feedId);
        } catch (MappingFileException e) {
            catalog.misconfigured(feedId, e.getMessage());
            throw e;
        }
        exchange.getIn().setHeader(FeedErrorHandling.ARCHIVE_FOLDER, "done");
    }

    static String mappingName(String feedId, String mapping) {
        return mapping == null || mapping.isBlank() ? feedId : mapping;
    }
}
