package org.pathwayshub.feed;

import java.nio.file.Path;
import java.time.Instant;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Notes when each file feed last looked in its inbox, for "next run" in the feed list. */
@Component("feedPollStrategy")
public class FeedPollStrategy implements PollingConsumerPollStrategy {

    private static final Logger log = LoggerFactory.getLogger(FeedPollStrategy.class);

    private final FeedCatalog catalog;

    public FeedPollStrategy(FeedCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        if (endpoint instanceof GenericFileEndpoint<?> file) {
            Path inbox = Path.of(file.getConfiguration().getDirectory());
            catalog.polled(inbox.getFileName().toString(), Instant.now());
        }
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // nothing to do: the run record keeps what the poll found
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        // a poll that fails is about folders and servers, not records: safe to log, and retried at the next poll
        log.warn("Polling {} failed: {}", endpoint.getEndpointBaseUri(), cause.toString());
        return false;
    }
}
