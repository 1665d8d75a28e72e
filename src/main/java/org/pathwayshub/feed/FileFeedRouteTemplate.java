package org.pathwayshub.feed;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.pathwayshub.mapping.FeedMappings;
import org.pathwayshub.mapping.MappingFileException;
import org.pathwayshub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Route template {@code file-feed}: a partner drops files into {@code $HUB_HOME/inbox/<feedId>/}; each is
 * read as a stream, mapped with {@code mappings/feeds/<mapping>.yaml}, checked and stored in batches. The
 * file moves to {@code done/} once every record is stored or quarantined, or to {@code failed/} (with a
 * reason file) when it cannot be read at all. An instance is a few lines in {@code routes/<feed>.yaml}.
 *
 * <p>Files are taken oldest first, under a read lock shared through the database, so several hub nodes can
 * watch one shared inbox; a file still being written (size changing) is left until it is complete.
 */
@Component
public class FileFeedRouteTemplate extends RouteBuilder {

    public static final String TEMPLATE = "file-feed";

    private final FeedCatalog catalog;
    private final FeedMappings mappings;
    private final FeedIngestor ingestor;
    private final HubProperties hub;

    public FileFeedRouteTemplate(FeedCatalog catalog, FeedMappings mappings, FeedIngestor ingestor, HubProperties hub) {
        this.catalog = catalog;
        this.mappings = mappings;
        this.ingestor = ingestor;
        this.hub = hub;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("feedId", null, "the feed's id: names its inbox folder and, by default, its mapping file")
                .templateParameter("schedule", "10s", "how often to look in the inbox: an interval (30s, 5m) or a cron with seconds")
                .templateParameter("mapping", "", "mapping file under mappings/feeds/ (without .yaml); defaults to the feed id")
                // each instance polls on its own schedule, and registers itself in the feed catalogue
                .templateBean("feedScheduler", ScheduledPollConsumerScheduler.class, rtc -> {
                    String feedId = rtc.getProperty("feedId", String.class);
                    FeedSchedule schedule = FeedSchedule.parse(rtc.getProperty("schedule", String.class));
                    String mappingName = mappingName(feedId, rtc.getProperty("mapping", String.class));
                    catalog.register(new FeedDefinition(feedId, "file", schedule, mappingName, "feed-" + feedId,
                            hub.inbox(feedId).toString()));
                    checkMapping(feedId, mappingName);
                    return schedule.scheduler();
                })
                .from("file:{{hub.home}}/inbox/{{feedId}}?scheduler=#{{feedScheduler}}"
                        + "&pollStrategy=#feedPollStrategy"
                        + "&sortBy=file:modified;file:name"
                        + "&exclude=RAW(.*\\.(tmp|part|filepart)$)"
                        + "&readLock=idempotent-changed&idempotentRepository=#feedFileLocks"
                        + "&readLockCheckInterval=1000&readLockRemoveOnCommit=true&readLockRemoveOnRollback=true"
                        + "&move=${header.HubArchiveFolder}/run-${header.HubRunId}-${file:name}"
                        + "&backoffErrorThreshold=1&backoffMultiplier=6")
                .routeConfigurationId(FeedErrorHandling.ID)
                .setHeader(FeedErrorHandling.FEED_ID, constant("{{feedId}}"))
                .setHeader(FeedErrorHandling.ARCHIVE_FOLDER, constant("failed"))
                .setHeader(FeedErrorHandling.RUN_ID, constant("none"))
                .setProperty("mappingName", constant("{{mapping}}"))
                .process(this::ingest)
                .setHeader(FeedErrorHandling.ARCHIVE_FOLDER, constant("done"));
    }

    private static String mappingName(String feedId, String mapping) {
        return mapping == null || mapping.isBlank() ? feedId : mapping;
    }

    private void checkMapping(String feedId, String mappingName) {
        try {
            mappings.get(mappingName);
            catalog.configured(feedId);
        } catch (MappingFileException e) {
            // the hub still starts; the feed shows MISCONFIGURED and its files wait in the inbox
            catalog.misconfigured(feedId, e.getMessage());
        }
    }

    private void ingest(Exchange exchange) throws Exception {
        String feedId = exchange.getIn().getHeader(FeedErrorHandling.FEED_ID, String.class);
        String mappingName = mappingName(feedId, exchange.getProperty("mappingName", String.class));
        GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
        Path path = Path.of(file.getAbsoluteFilePath());
        try {
            ingestor.ingestFile(feedId, mappingName, path,
                    runId -> exchange.getIn().setHeader(FeedErrorHandling.RUN_ID, runId));
            catalog.configured(feedId);
        } catch (MappingFileException e) {
            catalog.misconfigured(feedId, e.getMessage());
            throw e;
        }
    }
}
