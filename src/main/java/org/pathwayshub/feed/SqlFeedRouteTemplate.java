package org.pathwayshub.feed;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.pathwayshub.ingest.FeedIngestor;
import org.pathwayshub.ingest.RowsRecordSource;
import org.pathwayshub.ingest.WatermarkMark;
import org.pathwayshub.mapping.FeedMapping;
import org.pathwayshub.mapping.FeedMappings;
import org.pathwayshub.system.ScheduleLeadership;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static org.pathwayshub.feed.FileFeedRouteTemplate.param;

/**
 * Route template {@code sql-feed}: pulls the rows of a partner's database view that changed since the last
 * pull (camel-sql, streamed), in {@code updated_at} and key order. The high-water mark is committed with each
 * batch, so a pull that stops half-way resumes after the last committed row: nothing read twice, nothing
 * missed. Rows changed in the last {@code lag} are left for the next pull, so a transaction still open in
 * the partner's database cannot slip in behind the mark.
 */
@Component
public class SqlFeedRouteTemplate extends RouteBuilder {

    public static final String TEMPLATE = "sql-feed";

    private final FeedCatalog catalog;
    private final FeedMappings mappings;
    private final FeedIngestor ingestor;
    private final JdbcTemplate hubDb;
    private final ScheduleLeadership leadership;

    public SqlFeedRouteTemplate(FeedCatalog catalog, FeedMappings mappings, FeedIngestor ingestor, JdbcTemplate hubDb,
                                ScheduleLeadership leadership) {
        this.leadership = leadership;
        this.catalog = catalog;
        this.mappings = mappings;
        this.ingestor = ingestor;
        this.hubDb = hubDb;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("feedId", null, "the feed's id: names its mapping file by default")
                .templateParameter("schedule", "0 0 6 * * *", "when to pull: a cron with seconds, or an interval")
                .templateParameter("mapping", "", "mapping file under mappings/feeds/ (without .yaml); defaults to the feed id")
                .templateParameter("expectBy", "", "optional deadline (cron with seconds) by which each pull is expected")
                .templateParameter("enabled", "true", "false until the partner's database is configured")
                .templateParameter("jdbcUrl", null, "the partner database, e.g. jdbc:postgresql://host:5432/socialcare")
                .templateParameter("username", "", "read-only account")
                .templateParameter("password", "", "its password, from an environment variable ({{env:NAME}})")
                .templateParameter("view", null, "the view (or table) to read")
                .templateParameter("keyColumn", null, "the view's key column (a partner's person reference)")
                .templateParameter("updatedColumn", "updated_at", "the column that says when a row last changed")
                .templateParameter("lag", "60s", "rows changed more recently than this wait for the next pull")
                .templateBean("feedDataSource", DataSource.class, rtc -> partnerDatabase(param(rtc, "feedId"),
                        param(rtc, "jdbcUrl"), param(rtc, "username"), param(rtc, "password")))
                .templateBean("feedScheduler", ScheduledPollConsumerScheduler.class, rtc -> FileFeedRouteTemplate.register(
                        catalog, mappings, rtc, "sql", param(rtc, "view") + " at " + param(rtc, "jdbcUrl"),
                        Boolean.parseBoolean(param(rtc, "enabled"))))
                .templateBean("schedulePolicy", RoutePolicy.class, rtc -> leadership.policyFor(Boolean.parseBoolean(param(rtc, "enabled"))))
                .from("scheduler:feed-{{feedId}}?scheduler=#{{feedScheduler}}")
                .autoStartup("{{enabled}}")
                .routePolicyRef("{{schedulePolicy}}")
                .routeConfigurationId(FeedErrorHandling.ID)
                .setHeader(FeedErrorHandling.FEED_ID, constant("{{feedId}}"))
                .setHeader(FileDelivery.MAPPING, constant("{{mapping}}"))
                .setHeader("HubLag", constant("{{lag}}"))
                .process(this::setWatermark)
                .to("sql:select * from {{view}}"
                        + " where ({{updatedColumn}}, {{keyColumn}}) > (:#${header.HubMarkAt}, :#${header.HubMarkKey})"
                        + " and {{updatedColumn}} <= :#${header.HubUpTo}"
                        + " order by {{updatedColumn}}, {{keyColumn}}"
                        + "?dataSource=#{{feedDataSource}}&outputType=StreamList")
                .setHeader("HubUpdatedColumn", constant("{{updatedColumn}}"))
                .setHeader("HubKeyColumn", constant("{{keyColumn}}"))
                .process(this::ingestRows);
    }

    private static DataSource partnerDatabase(String feedId, String url, String user, String password) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName("feed-" + feedId);
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setPassword(password);
        ds.setReadOnly(true);
        ds.setMaximumPoolSize(2);
        // connect at the first pull, not at start: a partner database that is down must not stop the hub
        ds.setInitializationFailTimeout(-1);
        return ds;
    }

    private void setWatermark(Exchange exchange) {
        String feedId = exchange.getIn().getHeader(FeedErrorHandling.FEED_ID, String.class);
        String mark = hubDb.query("select mark from feed_watermark where feed_id = ?", rs -> rs.next() ? rs.getString(1) : null, feedId);
        WatermarkMark m = WatermarkMark.parse(mark);
        Duration lag = FeedSchedule.parseDuration(exchange.getIn().getHeader("HubLag", String.class));
        exchange.getIn().setHeader("HubMarkAt", Timestamp.from(m.updatedAt()));
        exchange.getIn().setHeader("HubMarkKey", m.key());
        exchange.getIn().setHeader("HubUpTo", Timestamp.from(Instant.now().minus(lag)));
    }

    private void ingestRows(Exchange exchange) throws Exception {
        String feedId = exchange.getIn().getHeader(FeedErrorHandling.FEED_ID, String.class);
        String mappingName = FileDelivery.mappingName(feedId, exchange.getIn().getHeader(FileDelivery.MAPPING, String.class));
        Iterator<?> rows = exchange.getIn().getBody(Iterator.class);
        if (rows == null || !rows.hasNext()) {
            return;
        }
        String updated = exchange.getIn().getHeader("HubUpdatedColumn", String.class);
        String key = exchange.getIn().getHeader("HubKeyColumn", String.class);
        Timestamp from = exchange.getIn().getHeader("HubMarkAt", Timestamp.class);
        ingestor.ingest(feedId, "sql", mappingName, "changed since " + from.toInstant(), null,
                (FeedMapping mapping, int max) -> new RowsRecordSource(rows, mapping.sourceColumns(), updated, key),
                runId -> exchange.getIn().setHeader(FeedErrorHandling.RUN_ID, runId));
    }
}
