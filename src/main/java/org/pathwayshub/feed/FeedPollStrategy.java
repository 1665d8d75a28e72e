package org.pathwayshub.feed;

import java.time.Instant;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
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
        feedOf(consumer).ifPresent(feed -> catalog.polled(feed, Instant.now()));
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        feedOf(consumer).ifPresent(catalog::reachable);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        // a poll that fails is about folders and servers, not records: safe to log, and retried at the next poll
        String problem = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        feedOf(consumer).ifPresent(feed -> catalog.unreachable(feed, problem));
        log.warn("Polling {} failed: {}", endpoint.getEndpointBaseUri(), problem);
        return false;
    }

    /** Feed routes are named feed-&lt;id&gt;. */
    private static java.util.Optional<String> feedOf(Consumer consumer) {
        String routeId = consumer instanceof org.apache.camel.spi.RouteIdAware r ? r.getRouteId() : null;
        return routeId != null && routeId.startsWith("feed-") ? java.util.Optional.of(routeId.substring(5)) : java.util.Optional.empty();
    }
}
