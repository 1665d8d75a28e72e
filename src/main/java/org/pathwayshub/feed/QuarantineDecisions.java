package org.pathwayshub.feed;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.ingest.FeedIngestor;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.RecordSource;
import org.pathwayshub.ingest.UnreadableFileException;
import org.pathwayshub.mapping.SourceLayout;
import org.pathwayshub.mapping.SourceRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the data team does with a quarantined record: correct it and replay it, or close it with a reason. A replay
 * is a run of the feed of its own (kind {@code replay}) over the one record as kept, with the corrections, through
 * the feed's mapping and checks like any delivery: stored, it is REPLAYED and names that run; refused again, it stays
 * OPEN and that run's rejects say why. Closing marks it DISMISSED with the reason. Both record who and when.
 */
@Component
public class QuarantineDecisions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final FeedIngestor ingestor;
    private final FeedCatalog catalog;

    public QuarantineDecisions(JdbcTemplate jdbc, FeedIngestor ingestor, FeedCatalog catalog) {
        this.jdbc = jdbc;
        this.ingestor = ingestor;
        this.catalog = catalog;
    }

    /** A quarantined record as kept: its values by column (or element), state and what was decided. */
    public record Quarantined(long id, String feedId, long runId, Long line, Map<String, String> values, String state,
                              Long replayedRunId, String closedReason, String decidedBy) {
    }

    /** The request cannot be done; the message says why (a 400 or 409 to the caller). */
    public static final class NotPossible extends RuntimeException {
        private final boolean conflict;

        NotPossible(String message, boolean conflict) {
            super(message);
            this.conflict = conflict;
        }

        public boolean conflict() {
            return conflict;
        }
    }

    public Quarantined find(String feedId, long id) {
        List<Quarantined> found = jdbc.query("""
                select id, feed_id, run_id, line_no, raw_record::text, state, replayed_run_id, closed_reason, decided_by
                from quarantined_record where id = ? and feed_id = ?""", (rs, n) -> new Quarantined(rs.getLong(1),
                rs.getString(2), rs.getLong(3), (Long) rs.getObject(4), values(rs.getString(5)), rs.getString(6),
                (Long) rs.getObject(7), rs.getString(8), rs.getString(9)), id, feedId);
        if (found.isEmpty()) {
            throw new java.util.NoSuchElementException("feed " + feedId + " has no quarantined record " + id);
        }
        return found.get(0);
    }

    /** Replays the record with {@code corrections} (column to new value; a column the record does not have is refused). */
    public FeedRun replay(String feedId, long id, Map<String, String> corrections, String who)
            throws IOException, UnreadableFileException {
        Quarantined q = open(feedId, id);
        Map<String, String> values = new LinkedHashMap<>(q.values());
        for (Map.Entry<String, String> c : (corrections == null ? Map.<String, String>of() : corrections).entrySet()) {
            if (!values.containsKey(c.getKey())) {
                throw new NotPossible("values." + c.getKey() + ": expected one of the record's columns " + values.keySet(), false);
            }
            values.put(c.getKey(), c.getValue());
        }
        String mapping = catalog.find(feedId).map(FeedDefinition::mapping).filter(m -> m != null && !m.isBlank()).orElse(feedId);
        FeedRun run = ingestor.ingest(feedId, "replay", mapping, "quarantined record " + id + " replayed by " + who, null,
                (m, max) -> new OneRecord(q.line() == null ? 0 : q.line(), values), runId -> { });
        if (run.stored() + run.duplicates() == 1) {
            jdbc.update("""
                    update quarantined_record set state = 'REPLAYED', replayed_run_id = ?, decided_by = ?, decided_at = now()
                    where id = ?""", run.id(), who, id);
        }
        return run;
    }

    public Quarantined close(String feedId, long id, String reason, String who) {
        if (reason == null || reason.isBlank()) {
            throw new NotPossible("reason: expected why the record is closed without being stored (e.g. 'sent twice by "
                    + "the school; the corrected row came in the next file')", false);
        }
        open(feedId, id);
        jdbc.update("""
                update quarantined_record set state = 'DISMISSED', closed_reason = ?, decided_by = ?, decided_at = now()
                where id = ?""", reason.strip(), who, id);
        return find(feedId, id);
    }

    private Quarantined open(String feedId, long id) {
        Quarantined q = find(feedId, id);
        if (!"OPEN".equals(q.state())) {
            throw new NotPossible("quarantined record " + id + " is " + q.state() + ", not OPEN", true);
        }
        return q;
    }

    private static Map<String, String> values(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("a quarantined record that is not a JSON object", e);
        }
    }

    /** The one record of a replay, as the feed's own source would give it. */
    private static final class OneRecord implements RecordSource {
        private final SourceLayout layout;
        private final SourceRecord record;
        private final String sha256;
        private boolean read;

        OneRecord(long line, Map<String, String> values) {
            this.layout = new SourceLayout(new ArrayList<>(values.keySet()));
            this.record = new SourceRecord(line, null, values.values().toArray(String[]::new), null);
            this.sha256 = sha256(values.toString());
        }

        @Override
        public SourceLayout layout() {
            return layout;
        }

        @Override
        public SourceRecord next() {
            if (read) {
                return null;
            }
            read = true;
            return record;
        }

        @Override
        public String sha256() {
            return sha256;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public void close() {
        }

        private static String sha256(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
