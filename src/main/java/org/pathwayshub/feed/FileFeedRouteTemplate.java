package org.pathwayshub.feed;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.pathwayshub.mapping.FeedMappings;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.MappingFileException;
import org.pathwayshub.system.ScheduleLeadership;
import org.springframework.stereotype.Component;

/**
 * Route templates for feeds that arrive as files.
 * <ul>
 * <li>{@code file-feed}: a partner drops files into {@code $HUB_HOME/inbox/<feedId>/}.</li>
 * <li>{@code sftp-feed}: the hub fetches files from a partner's SFTP server; a file is moved on the server
 *     (to {@code done/} or {@code failed/} beside it) only after its records are committed.</li>
 * </ul>
 * Each file is read as a stream, mapped with {@code mappings/feeds/<mapping>.yaml}, checked and stored in
 * batches; it moves to {@code done/} once every record is stored or quarantined, or to {@code failed/}
 * (with a reason file, for local drops) when it cannot be read at all. Files are taken oldest first, and a
 * file still being written (its size changing) is left until it is complete. Nothing stays in an inbox for
 * ever: links, pipes and empty files are refused to {@code failed/}, and names unsafe to archive are made safe
 * first ({@link InboxFiles}). An instance is a few lines in {@code routes/<feed>.yaml}.
 */
@Component
public class FileFeedRouteTemplate extends RouteBuilder {

    public static final String TEMPLATE = "file-feed";
    public static final String SFTP_TEMPLATE = "sftp-feed";
    private static final String MOVE = "move=${header.HubArchiveFolder}/run-${header.HubRunId}-${file:name}";

    private final FeedCatalog catalog;
    private final FeedMappings mappings;
    private final FileDelivery delivery;
    private final HubProperties hub;
    private final ScheduleLeadership leadership;

    public FileFeedRouteTemplate(FeedCatalog catalog, FeedMappings mappings, FileDelivery delivery, HubProperties hub,
                                 ScheduleLeadership leadership) {
        this.leadership = leadership;
        this.catalog = catalog;
        this.mappings = mappings;
        this.delivery = delivery;
        this.hub = hub;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("feedId", null, "the feed's id: names its inbox folder and, by default, its mapping file")
                .templateParameter("schedule", "10s", "how often to look in the inbox: an interval (30s, 5m) or a cron with seconds")
                .templateParameter("mapping", "", "mapping file under mappings/feeds/ (without .yaml); defaults to the feed id")
                .templateParameter("expectBy", "", "optional deadline (cron with seconds) by which each delivery is expected")
                .templateBean("feedScheduler", ScheduledPollConsumerScheduler.class, rtc -> register(catalog, mappings, rtc, "file",
                        hub.inbox(param(rtc, "feedId")).toString(), true))
                .templateBean("schedulePolicy", RoutePolicy.class, rtc -> leadership.policyFor(true))
                .from("file:{{hub.home}}/inbox/{{feedId}}?scheduler=#{{feedScheduler}}"
                        + "&pollStrategy=#feedPollStrategy"
                        + "&sortBy=file:modified;file:name"
                        + "&exclude=RAW(.*\\.(tmp|part|filepart)$)"
                        + "&includeHiddenFiles=true&filter=#inboxFiles&readLock=idempotent-changed&idempotentRepository=#feedFileLocks"
                        + "&readLockCheckInterval=1000&readLockMinLength=0"
                        + "&readLockRemoveOnCommit=true&readLockRemoveOnRollback=true"
                        + "&" + MOVE + "&backoffErrorThreshold=1&backoffMultiplier=6")
                .routePolicyRef("{{schedulePolicy}}")
                .routeConfigurationId(FeedErrorHandling.ID)
                .setHeader(FeedErrorHandling.FEED_ID, constant("{{feedId}}"))
                .setHeader(FileDelivery.KIND, constant("file"))
                .setHeader(FileDelivery.MAPPING, constant("{{mapping}}"))
                .process(delivery);

        routeTemplate(SFTP_TEMPLATE)
                .templateParameter("feedId", null, "the feed's id: names its mapping file by default")
                .templateParameter("schedule", "5m", "how often to look on the server: an interval or a cron with seconds")
                .templateParameter("mapping", "", "mapping file under mappings/feeds/ (without .yaml); defaults to the feed id")
                .templateParameter("expectBy", "", "optional deadline (cron with seconds) by which each delivery is expected")
                .templateParameter("enabled", "true", "false until the partner's server is configured")
                .templateParameter("host", null, "the partner's SFTP server")
                .templateParameter("port", "22", "its port")
                .templateParameter("directory", null, "the folder the partner writes to, relative to the login folder")
                .templateParameter("username", null, "the hub's account on the server")
                .templateParameter("password", "", "its password, from an environment variable ({{env:NAME}}); empty with a key")
                .templateOptionalParameter("privateKeyFile", "a private key file for key-based login")
                .templateOptionalParameter("knownHostsFile", "the known_hosts file that holds the server's host key")
                .templateParameter("strictHostKeyChecking", "yes", "yes: refuse a server whose host key is not known")
                .templateBean("feedScheduler", ScheduledPollConsumerScheduler.class, rtc -> register(catalog, mappings, rtc, "sftp",
                        "sftp://" + param(rtc, "host") + ":" + param(rtc, "port") + "/" + param(rtc, "directory"),
                        Boolean.parseBoolean(param(rtc, "enabled"))))
                .templateBean("schedulePolicy", RoutePolicy.class, rtc -> leadership.policyFor(Boolean.parseBoolean(param(rtc, "enabled"))))
                .from("sftp://{{host}}:{{port}}/{{directory}}?username={{username}}&password=RAW({{password}})"
                        + "&privateKeyFile={{?privateKeyFile}}&knownHostsFile={{?knownHostsFile}}"
                        + "&strictHostKeyChecking={{strictHostKeyChecking}}&useUserKnownHostsFile=false"
                        + "&scheduler=#{{feedScheduler}}&pollStrategy=#feedPollStrategy"
                        + "&localWorkDirectory={{hub.home}}/data/sftp-work/{{feedId}}"
                        + "&sortBy=file:modified;file:name&exclude=RAW(.*\\.(tmp|part|filepart)$)"
                        + "&readLock=changed&readLockCheckInterval=2000&readLockMinAge=2000"
                        + "&" + MOVE + "&backoffErrorThreshold=1&backoffMultiplier=6&throwExceptionOnConnectFailed=true")
                .autoStartup("{{enabled}}")
                .routePolicyRef("{{schedulePolicy}}")
                .routeConfigurationId(FeedErrorHandling.ID)
                .setHeader(FeedErrorHandling.FEED_ID, constant("{{feedId}}"))
                .setHeader(FileDelivery.KIND, constant("sftp"))
                .setHeader(FileDelivery.MAPPING, constant("{{mapping}}"))
                .process(delivery);
    }

    /**
     * Registers a feed route template's instance (file, SFTP or SQL) in the feed catalogue and checks its mapping;
     * returns the scheduler that polls on its schedule.
     */
    static ScheduledPollConsumerScheduler register(FeedCatalog catalog, FeedMappings mappings,
                                                   org.apache.camel.RouteTemplateContext rtc, String kind, String source,
                                                   boolean enabled) {
        String feedId = param(rtc, "feedId");
        FeedSchedule schedule = FeedSchedule.parse(param(rtc, "schedule"));
        String expectBy = param(rtc, "expectBy");
        String mappingName = FileDelivery.mappingName(feedId, param(rtc, "mapping"));
        catalog.register(new FeedDefinition(feedId, kind, schedule, mappingName, "feed-" + feedId, source, enabled,
                expectBy == null || expectBy.isBlank() ? null : FeedSchedule.parse(expectBy)));
        checkMapping(catalog, mappings, feedId, mappingName);
        return schedule.scheduler();
    }

    /** A template parameter as the route will see it: placeholders in its value ({{HUB_...:default}}) resolved. */
    public static String param(org.apache.camel.RouteTemplateContext rtc, String name) {
        String value = rtc.getProperty(name, String.class);
        return value == null ? null : rtc.getCamelContext().resolvePropertyPlaceholders(value);
    }

    private static void checkMapping(FeedCatalog catalog, FeedMappings mappings, String feedId, String mappingName) {
        try {
            mappings.get(mappingName);
            catalog.configured(feedId);
        } catch (MappingFileException e) {
            // the hub still starts; the feed shows MISCONFIGURED and its deliveries wait
            catalog.misconfigured(feedId, e.getMessage());
        }
    }
}
