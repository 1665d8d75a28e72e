package org.pathwayshub.contact;

import java.io.ByteArrayInputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.access.AccessAudit;
import org.pathwayshub.ingest.FeedIngestor;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.routing.LocalAuthority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What tracking workers do with the not-known queue: assign an entry to a team or a worker, and record each contact
 * attempt. An outcome that tells the hub something (reached and doing something, refused to say, moved away) goes
 * through the {@code contact-attempts} feed like any partner's record, so the record, risk and alerts follow it, and
 * the young person leaves the queue. Every assignment and attempt is in the access audit; the log names no one.
 */
@Component
public class ContactAttempts {

    private static final Logger log = LoggerFactory.getLogger(ContactAttempts.class);
    /** NCCIS activity for a young person who refuses to say what they are doing. */
    static final String REFUSED_ACTIVITY = "830";
    /** NCCIS cohort status of a young person transferred to another LA. */
    static final String TRANSFERRED = "T";
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}";

    private final JdbcTemplate jdbc;
    private final NotKnownQueue queue;
    private final FeedIngestor ingestor;
    private final AccessAudit audit;
    private final ObjectMapper json;
    private final CodeList activities;
    private final CodeList laCodes;
    private final LocalAuthority la;
    private final ContactPriority priority;

    public ContactAttempts(JdbcTemplate jdbc, NotKnownQueue queue, FeedIngestor ingestor, AccessAudit audit, ObjectMapper json,
                           CodeLists codes, LocalAuthority la, ContactPriority priority) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.ingestor = ingestor;
        this.audit = audit;
        this.json = json;
        this.activities = codes.get("activity");
        this.laCodes = codes.get("la-codes");
        this.la = la;
        this.priority = priority;
    }

    /** What came of an attempt to contact a young person. */
    public enum Outcome {
        /** reached: their new activity is recorded, and they leave the queue */
        REACHED,
        /** not reached: they stay on the queue, with the attempt as their last contact */
        NOT_REACHED,
        /** moved away: transferred to the new LA (cohort status T), and they leave the queue */
        MOVED_AWAY,
        /** refused to say what they are doing: activity 830, and they leave the queue */
        REFUSED
    }

    /** An attempt as a worker records it. */
    public record AttemptRequest(Outcome outcome, String activityCode, LocalDate startDate, String newLa, String note) {
    }

    /** An attempt as stored: who, when, what came of it and, where the record changed, the feed run that changed it. */
    public record Attempt(long id, UUID hubId, String reason, Outcome outcome, String activityCode, LocalDate activityStart,
                          String newLa, String note, String recordedBy, Instant attemptedAt, Long runId) {
    }

    /** A request that cannot be done; the message names the field, the value and what was expected. */
    public static final class Refused extends RuntimeException {
        private final boolean notFound;

        Refused(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    /** Assigns a young person on the queue to a team, a worker or both (the last assignment holds). */
    public void assign(UUID hubId, String team, String worker, String by) {
        NotKnownQueue.Entry entry = onQueue(hubId);
        String t = blankToNull(team);
        String w = blankToNull(worker);
        if (t == null && w == null) {
            throw new Refused("team, worker: give a team, a worker's user name, or both", false);
        }
        if (t != null && !t.matches(NAME)) {
            throw new Refused("team: up to 64 letters, digits, spaces or . _ @ - (got '" + t + "')", false);
        }
        if (w != null && !w.matches(NAME)) {
            throw new Refused("worker: a user name of up to 64 letters, digits or . _ @ - (got '" + w + "')", false);
        }
        jdbc.update("""
                insert into contact_assignment (hub_id, team, worker, assigned_by) values (?, ?, ?, ?)
                on conflict (hub_id) do update set team = excluded.team, worker = excluded.worker,
                  assigned_by = excluded.assigned_by, assigned_at = now()""", entry.hubId(), t, w, by);
        audit.record(by, "contact-assign", entry.hubId(), "not-known queue: assigned to " + (t == null ? "" : "team " + t)
                + (t != null && w != null ? ", " : "") + (w == null ? "" : "worker " + w));
    }

    /** Records an attempt; an outcome that tells the hub something is written through the contact-attempts feed first. */
    public Attempt record(UUID hubId, AttemptRequest request, String by) {
        NotKnownQueue.Entry entry = onQueue(hubId);
        if (request == null || request.outcome() == null) {
            throw new Refused("outcome: one of " + List.of(Outcome.values()), false);
        }
        LocalDate today = LocalDate.now();
        Map<String, Object> record = new LinkedHashMap<>();
        String activityCode = null;
        LocalDate start = null;
        String newLa = null;
        switch (request.outcome()) {
            case REACHED -> {
                activityCode = request.activityCode() == null ? null : request.activityCode().trim();
                if (activityCode == null || !activities.accepts(activityCode)) {
                    throw new Refused("activityCode: the young person's activity now, a code of mappings/codes/activity.yaml"
                            + " (got " + (activityCode == null ? "nothing" : "'" + activityCode + "'") + ")", false);
                }
                if (priority.notKnownCodes().contains(activityCode)) {
                    throw new Refused("activityCode: " + activityCode + " says the situation is still not known; record "
                            + "REFUSED or NOT_REACHED instead", false);
                }
                start = request.startDate();
                if (start == null || start.isAfter(today)) {
                    throw new Refused("startDate: the day the activity began, today or before (got "
                            + (start == null ? "nothing" : start) + ")", false);
                }
                record.put("activityCode", activityCode);
                record.put("startDate", start.toString());
                record.put("dateAscertained", today.toString());
                record.put("dateVerified", today.toString());
            }
            case REFUSED -> {
                activityCode = REFUSED_ACTIVITY;
                start = today;
                record.put("activityCode", activityCode);
                record.put("startDate", start.toString());
                record.put("dateAscertained", today.toString());
            }
            case MOVED_AWAY -> {
                newLa = request.newLa() == null ? null : request.newLa().trim();
                if (newLa == null || !laCodes.accepts(newLa) || newLa.equals(la.code())) {
                    throw new Refused("newLa: the three-digit number of the LA they moved to, from mappings/codes/la-codes.yaml"
                            + " and not this LA (" + la.code() + ") (got " + (newLa == null ? "nothing" : "'" + newLa + "'")
                            + ")", false);
                }
                record.put("cohortStatus", TRANSFERRED);
                record.put("transferredToLa", newLa);
            }
            case NOT_REACHED -> {
            }
        }
        String note = blankToNull(request.note());
        if (note != null && note.length() > 500) {
            throw new Refused("note: at most 500 characters (got " + note.length() + ")", false);
        }
        Long runId = null;
        if (!record.isEmpty()) {
            runId = write(entry.hubId(), record);
        }
        Long id = jdbc.queryForObject("""
                insert into contact_attempt (hub_id, reason, outcome, activity_code, activity_start, new_la, note,
                  recorded_by, run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", Long.class, entry.hubId(),
                entry.reason().name(), request.outcome().name(), activityCode, start, newLa, note, by, runId);
        audit.record(by, "contact-attempt", entry.hubId(), "not-known queue: " + request.outcome()
                + (runId == null ? "" : ", run " + runId + " of " + NotKnownQueue.FEED));
        log.info("Contact attempt {} recorded: {}{}", id, request.outcome(), runId == null ? "" : ", run " + runId);
        return attempts(entry.hubId()).stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }

    /** Every attempt to contact this young person (by any of their person records), newest first. */
    public List<Attempt> attempts(UUID hubId) {
        return jdbc.query("""
                select c.id, c.hub_id, c.reason, c.outcome, c.activity_code, c.activity_start, c.new_la, c.note,
                  c.recorded_by, c.attempted_at, c.run_id
                from contact_attempt c join young_person p on p.hub_id = c.hub_id
                where coalesce(p.merged_into, p.hub_id) = (select coalesce(merged_into, hub_id) from young_person where hub_id = ?)
                order by c.attempted_at desc, c.id desc""", (rs, n) -> new Attempt(rs.getLong(1), rs.getObject(2, UUID.class),
                rs.getString(3), Outcome.valueOf(rs.getString(4)), rs.getString(5), rs.getObject(6, LocalDate.class),
                rs.getString(7), rs.getString(8), rs.getString(9), instant(rs.getTimestamp(10)),
                rs.getObject(11, Long.class)), hubId);
    }

    /**
     * The attempt's news as a record of one line of the contact-attempts feed (mappings/feeds/contact-attempts.yaml):
     * matched, stored, counted and reassessed like any partner's. The young person is named by the feed's own
     * reference, their hub id, registered before the run.
     */
    private long write(UUID hubId, Map<String, Object> record) {
        jdbc.update("""
                insert into person_identifier (scheme, value, hub_id, source_feed) values (?, ?, ?, ?)
                on conflict (scheme, value) do nothing""", "LOCAL:" + NotKnownQueue.FEED, hubId.toString(), hubId,
                NotKnownQueue.FEED);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hubId", hubId.toString());
        body.putAll(record);
        FeedRun run;
        try {
            run = ingestor.ingestStream(NotKnownQueue.FEED, "contact", NotKnownQueue.FEED, "contact attempt",
                    new ByteArrayInputStream(json.writeValueAsBytes(body)), runId -> { });
        } catch (Exception e) {
            log.warn("A contact attempt's outcome was not stored ({})", e.getClass().getSimpleName());
            throw new IllegalStateException("the contact attempt's outcome was not stored", e);
        }
        if (run.stored() + run.duplicates() != 1) {
            throw new IllegalStateException("the contact attempt's outcome was not stored: run " + run.id() + " of "
                    + NotKnownQueue.FEED + " says why");
        }
        return run.id();
    }

    private NotKnownQueue.Entry onQueue(UUID hubId) {
        return queue.entry(hubId, LocalDate.now()).orElseThrow(() ->
                new Refused("no young person " + hubId + " on the not-known queue", true));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
