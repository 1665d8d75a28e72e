package org.pathwayshub.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.pathwayshub.ingest.UnreadableFileException;
import org.pathwayshub.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by every feed route ({@code routeConfigurationId: feed-errors}).
 * <ul>
 * <li>A file that cannot be read as the feed's format goes to {@code failed/} with a {@code .reason.txt}
 *     beside it; the hub carries on.</li>
 * <li>Anything else (the database down, a disk full) leaves the file where it is, to be read again at a
 *     later poll; records already committed then count as duplicates, so nothing is stored twice.</li>
 * </ul>
 * Logs name the feed, the file and the kind of failure, never record values.
 */
@Component
public class FeedErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "feed-errors";
    public static final String ARCHIVE_FOLDER = "HubArchiveFolder";
    public static final String RUN_ID = "HubRunId";
    public static final String FEED_ID = "HubFeedId";

    private static final Logger log = LoggerFactory.getLogger(FeedErrorHandling.class);

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(UnreadableFileException.class)
                    .handled(true)
                    .process(FeedErrorHandling::archiveAsFailed)
                .end()
                .onException(Exception.class)
                    .handled(false)
                    .logExhausted(false)
                    .process(FeedErrorHandling::logTransientFailure)
                .end();
    }

    private static void archiveAsFailed(Exchange exchange) throws IOException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String fileName = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Object runId = exchange.getIn().getHeader(RUN_ID);
        exchange.getIn().setHeader(ARCHIVE_FOLDER, "failed");
        String parent = exchange.getIn().getHeader(Exchange.FILE_PARENT, String.class);
        // a reason file beside a local drop only; a file on a partner's server is explained in the run record
        boolean localDrop = "file".equals(exchange.getIn().getHeader(FileDelivery.KIND, String.class));
        if (localDrop && parent != null && fileName != null) {
            Path failed = Path.of(parent).resolve("failed");
            Files.createDirectories(failed);
            Files.writeString(failed.resolve("run-" + runId + "-" + fileName + ".reason.txt"),
                    "file: " + fileName + "\nrun: " + runId + "\nreason: " + cause.getMessage() + "\n", StandardCharsets.UTF_8);
        }
        log.warn("Feed {} could not read {} (run {}): {}; moved to failed/", exchange.getIn().getHeader(FEED_ID),
                LogSafe.quoted(fileName), runId, cause.getMessage());
    }

    private static void logTransientFailure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.error("Feed {} stopped while reading {} (run {}): {}; the file stays in the inbox for the next poll",
                exchange.getIn().getHeader(FEED_ID), LogSafe.quoted(exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class)),
                exchange.getIn().getHeader(RUN_ID), LogSafe.describe(cause));
    }
}
