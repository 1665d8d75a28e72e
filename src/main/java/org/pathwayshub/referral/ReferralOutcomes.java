package org.pathwayshub.referral;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.ingest.FeedIngestor;
import org.pathwayshub.ingest.FeedRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A referral's outcome that is an education, employment or training start becomes the young person's activity
 * through the {@code referral-outcomes} feed (mappings/feeds/referral-outcomes.yaml): a run of one record, matched,
 * stored, counted and reassessed like any partner's record. The young person is named by the feed's own reference,
 * their hub id, registered before the run.
 */
@Component
public class ReferralOutcomes {

    static final String FEED = "referral-outcomes";
    private static final Logger log = LoggerFactory.getLogger(ReferralOutcomes.class);

    private final FeedIngestor ingestor;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ReferralOutcomes(FeedIngestor ingestor, JdbcTemplate jdbc, ObjectMapper json) {
        this.ingestor = ingestor;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores the activity the referral's young person started; the run says what became of it. */
    public FeedRun activityStarted(long referralId, UUID hubId, String activityCode, LocalDate startDate) {
        UUID master = jdbc.queryForObject("select coalesce(merged_into, hub_id) from young_person where hub_id = ?", UUID.class,
                hubId);
        jdbc.update("""
                insert into person_identifier (scheme, value, hub_id, source_feed) values (?, ?, ?, ?)
                on conflict (scheme, value) do nothing""", "LOCAL:" + FEED, master.toString(), master, FEED);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("hubId", master.toString());
        record.put("activityCode", activityCode);
        record.put("startDate", startDate.toString());
        record.put("dateAscertained", LocalDate.now().toString());
        try {
            FeedRun run = ingestor.ingestStream(FEED, "referral", FEED, "referral " + referralId + " outcome",
                    new ByteArrayInputStream(json.writeValueAsBytes(record)), runId -> { });
            if (run.stored() + run.duplicates() != 1) {
                log.warn("The outcome of referral {} was not stored as an activity: run {} of {} says why", referralId,
                        run.id(), FEED);
            }
            return run;
        } catch (Exception e) {
            log.warn("The outcome of referral {} was not stored as an activity ({})", referralId, e.getClass().getSimpleName());
            throw new IllegalStateException("the outcome of referral " + referralId + " was not stored as an activity", e);
        }
    }
}
