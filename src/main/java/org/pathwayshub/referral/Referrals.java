package org.pathwayshub.referral;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.system.Paging;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Referrals through their life cycle ({@link ReferralLifeCycle}): each event moves a referral on, is kept in its
 * history with who recorded it, and is told to the referrer ({@link ReferralNews}). An education,
 * employment or training start becomes the young person's activity through the referral-outcomes feed, so that
 * risk and alerts follow it as they follow any feed.
 */
@Component
public class Referrals {

    private final JdbcTemplate jdbc;
    private final ReferralLifeCycle lifeCycle;
    private final ReferralNews news;
    private final ReferralOutcomes outcomes;
    private final CodeList activities;
    private final ObjectMapper json;

    private final TransactionTemplate tx;

    public Referrals(JdbcTemplate jdbc, ReferralLifeCycle lifeCycle, ReferralNews news, ReferralOutcomes outcomes,
                     CodeLists codes, ObjectMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.lifeCycle = lifeCycle;
        this.news = news;
        this.outcomes = outcomes;
        this.activities = codes.get("activity");
        this.json = json;
    }

    /** A step of a referral's history: the state it moved to, when, who recorded it, and what they said. */
    public record Event(long id, String state, Instant at, String recordedBy, String note, Map<String, Object> details) {
    }

    /**
     * An event recorded, and for an education, employment or training start the feed run that made it the young
     * person's activity.
     */
    public record Recorded(Event event, Long activityRunId) {
    }

    /** A referral with its history, oldest step first. */
    public record Referral(long id, String referralId, String fromOrg, String fromContact, String toService, UUID hubId,
                           String type, String reason, String state, Instant receivedAt, Instant stateChangedAt,
                           String lawfulBasis, Instant consentWithdrawnAt, List<Event> history) {
    }

    /** A referral in a list: who sent it, to whom, its state; the person by hub id only. */
    public record Summary(long id, String referralId, String fromOrg, String toService, UUID hubId, String type,
                          String state, Instant receivedAt, Instant stateChangedAt) {
    }

    /**
     * What an event says: the state the referral moves to and, as the life cycle asks, the reason, when, where and
     * who, or the activity started ({@code activityCode}, {@code startDate}) and, at the follow-up,
     * {@code stillInActivity}.
     */
    public record EventRequest(String state, String note, String reason, String when, String where, String who,
                               String activityCode, String startDate, Boolean stillInActivity) {

        Map<String, String> details() {
            Map<String, String> d = new LinkedHashMap<>();
            put(d, "reason", reason);
            put(d, "when", when);
            put(d, "where", where);
            put(d, "who", who);
            put(d, "activityCode", activityCode);
            put(d, "startDate", startDate);
            put(d, "stillInActivity", stillInActivity == null ? null : stillInActivity.toString());
            return d;
        }

        private static void put(Map<String, String> d, String k, String v) {
            if (v != null && !v.isBlank()) {
                d.put(k, v.strip());
            }
        }
    }

    /**
     * Which referrals a list holds; null: any.
     *
     * @param partner only those this partner sent or was sent; null: all (staff)
     */
    public record Filter(String toService, String fromOrg, String state, boolean overdue, PartnerScope.Partner partner) {
    }

    public Referral find(long id) {
        List<Referral> found = jdbc.query("""
                select id, referral_ref, from_org, from_contact, to_service, hub_id, referral_type, reason, state, received_at,
                  state_changed_at, lawful_basis, consent_withdrawn_at from referral where id = ?""",
                (rs, n) -> new Referral(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getTimestamp(10).toInstant(), instant(rs.getTimestamp(11)), rs.getString(12),
                        instant(rs.getTimestamp(13)), history(rs.getLong(1))), id);
        if (found.isEmpty()) {
            throw new NoSuchElementException("no referral " + id);
        }
        return found.get(0);
    }

    /** The referral a sender knows by its own id. */
    public java.util.Optional<Long> idOf(String fromOrg, String referralRef) {
        return jdbc.queryForList("select id from referral where from_org = ? and referral_ref = ?", Long.class, fromOrg,
                referralRef).stream().findFirst();
    }

    public List<Summary> list(Filter f, Paging paging) {
        String direction = paging.direction();
        String partnerOrg = f.partner() == null ? null : f.partner().organisation();
        String[] partnerServices = f.partner() == null ? new String[0] : f.partner().services().toArray(String[]::new);
        return jdbc.query("""
                select id, referral_ref, from_org, to_service, hub_id, referral_type, state, received_at, state_changed_at
                from referral where (?::text is null or to_service = ?) and (?::text is null or from_org = ?)
                  and (?::text is null or state = ?)
                  and (?::text is null or from_org = ? or to_service = any(?::text[]))
                  and (not ? or exists (select 1 from referral_deadline_breach b where b.referral_id = referral.id
                       and not exists (select 1 from referral_event e where e.referral_id = referral.id
                                       and e.state = any(b.met_by))))""" + " order by received_at " + direction + ", id " + direction
                        + " offset ? limit ?",
                (rs, n) -> new Summary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                        instant(rs.getTimestamp(9))),
                f.toService(), f.toService(), f.fromOrg(), f.fromOrg(), f.state(), f.state(), partnerOrg, partnerOrg,
                partnerServices, f.overdue(), paging.offset(), paging.size());
    }

    /**
     * Records an event: checks the move against the life cycle (a move it does not allow, or an event without what
     * it must give, is refused and nothing is stored), keeps it, moves the referral and tells the referrer in one
     * transaction; then an education, employment or training start goes through the referral-outcomes feed.
     */
    public Recorded record(long referralId, EventRequest request, String recordedBy) {
        Moved moved = tx.execute(status -> recordInTransaction(referralId, request, recordedBy));
        Event event = moved.event();
        if (event.state().equals("EET_STARTED")) {
            long run = outcomes.activityStarted(referralId, moved.about().hubId(), (String) event.details().get("activityCode"),
                    LocalDate.parse((String) event.details().get("startDate"))).id();
            return new Recorded(event, run);
        }
        return new Recorded(event, null);
    }

    /** A step kept, and the referral it moved. */
    private record Moved(ReferralNews.About about, Event event) {
    }

    private Moved recordInTransaction(long referralId, EventRequest request, String recordedBy) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select r.state, r.from_org, r.referral_ref, r.to_service, r.hub_id, r.referral_type,
                  r.consent_withdrawn_at is not null as withdrawn
                from referral r where r.id = ? for update""", referralId);
        if (rows.isEmpty()) {
            throw new NoSuchElementException("no referral " + referralId);
        }
        Map<String, Object> r = rows.get(0);
        if (request == null || request.state() == null || request.state().isBlank()) {
            throw new ReferralLifeCycle.Refused("state: expected the state the referral moves to, one of " + lifeCycle.states(),
                    false);
        }
        String to = request.state().strip();
        Map<String, String> details = request.details();
        lifeCycle.check((String) r.get("state"), to, details);
        checkValues(to, details);
        Long eventId = jdbc.queryForObject("""
                insert into referral_event (referral_id, state, actor, note, details, recorded_by)
                values (?, ?, ?, ?, ?::jsonb, ?) returning id""", Long.class, referralId, to, recordedBy, request.note(),
                write(details), recordedBy);
        jdbc.update("update referral set state = ?, state_changed_at = now() where id = ?", to, referralId);
        Event event = history(referralId).stream().filter(e -> e.id() == eventId).findFirst().orElseThrow();
        ReferralNews.About about = new ReferralNews.About(referralId, (String) r.get("referral_ref"), (String) r.get("from_org"),
                (String) r.get("to_service"), (UUID) r.get("hub_id"), (String) r.get("referral_type"), to,
                (Boolean) r.get("withdrawn"));
        news.stepTaken(about, event);
        return new Moved(about, event);
    }

    /** Consent withdrawn: what the hub did about it. */
    public record Withdrawal(long referralId, String withdrawnBy, Instant withdrawnAt, int deliveriesWithheld) {
    }

    /**
     * The consent the referral was shared on is withdrawn: kept with who recorded it, why and when; what waited to go
     * about it is withheld and nothing more is shared. Withdrawing twice is refused (409).
     */
    public Withdrawal withdrawConsent(long referralId, String note, String recordedBy) {
        return tx.execute(status -> {
            List<Instant> before = jdbc.query("select consent_withdrawn_at from referral where id = ? for update",
                    (rs, n) -> instant(rs.getTimestamp(1)), referralId);
            if (before.isEmpty()) {
                throw new NoSuchElementException("no referral " + referralId);
            }
            if (before.get(0) != null) {
                throw new ReferralLifeCycle.Refused("consent for referral " + referralId + " was already withdrawn at "
                        + before.get(0), true);
            }
            Instant at = jdbc.queryForObject("""
                    update referral set consent_withdrawn_at = now(), consent_withdrawn_by = ?, consent_withdrawn_note = ?
                    where id = ? returning consent_withdrawn_at""", (rs, n) -> rs.getTimestamp(1).toInstant(),
                    recordedBy, note, referralId);
            int withheld = news.withhold(referralId, "withheld: consent withdrawn at " + at + " (recorded by " + recordedBy + ")");
            return new Withdrawal(referralId, recordedBy, at, withheld);
        });
    }

    private void checkValues(String to, Map<String, String> details) {
        String code = details.get("activityCode");
        if (code != null && (!activities.accepts(code) || !Boolean.TRUE.equals(activities.attribute(code, "eet")))) {
            throw new ReferralLifeCycle.Refused("activityCode: expected the NCCIS code of an education, employment or"
                    + " training activity (e.g. 310 Apprenticeship; got '" + code + "')", false);
        }
        String start = details.get("startDate");
        if (start != null) {
            try {
                LocalDate.parse(start);
            } catch (DateTimeParseException e) {
                throw new ReferralLifeCycle.Refused("startDate: expected a date such as 2026-12-07 (got '" + start + "')", false);
            }
        }
        String when = details.get("when");
        if (when != null && !when.matches("\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2})?)?")) {
            throw new ReferralLifeCycle.Refused("when: expected a date and time such as 2026-12-07T10:30 (got '" + when + "')",
                    false);
        }
        if (to.equals("FOLLOWED_UP") && !List.of("true", "false").contains(details.get("stillInActivity"))) {
            throw new ReferralLifeCycle.Refused("stillInActivity: expected true or false", false);
        }
    }

    private List<Event> history(long referralId) {
        return jdbc.query("""
                select id, state, at, coalesce(recorded_by, actor), note, details::text from referral_event
                where referral_id = ? order by id""",
                (rs, n) -> new Event(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                        rs.getString(5), read(rs.getString(6))), referralId);
    }

    private String write(Map<String, String> details) {
        try {
            return json.writeValueAsString(details);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
