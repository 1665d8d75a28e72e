package org.pathwayshub.contact;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.record.YoungPersonFactsReader;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The not-known queue: the young people the LA tracking team should try to contact, worked out from what the hub
 * holds whenever it is asked, never stored. On it: a young person who asked for help (a self-referral); a current
 * activity with a not-known code; a current activity
 * whose due-to-lapse date passed with no update since; last academic year's Year 11 or Year 13 leavers with no
 * current activity. Off it: anyone who left the cohort (transferred, say), and anyone a contact attempt closed
 * (reached, refused, moved away) until a feed tells the hub something newer about their activity or tracking.
 * Ordered by priority ({@link ContactPriority}), then the longest since anyone last heard of them.
 */
@Component
public class NotKnownQueue {

    /** The activities and tracking records a contact attempt writes; newer ones from any other feed reopen an entry. */
    static final String FEED = "contact-attempts";

    private final JdbcTemplate jdbc;
    private final YoungPersonFactsReader reader;
    private final ContactPriority priority;
    private final CodeList cohortStatuses;
    private final CodeList senProvision;
    private final String selfReferralsFrom;
    private volatile Snapshot snapshot;

    public NotKnownQueue(JdbcTemplate jdbc, YoungPersonFactsReader reader, ContactPriority priority, CodeLists codes,
                         SelfReferralTerms selfReferrals) {
        this.jdbc = jdbc;
        this.selfReferralsFrom = selfReferrals.fromOrg();
        this.reader = reader;
        this.priority = priority;
        this.cohortStatuses = codes.get("cohort-status");
        this.senProvision = codes.get("sen-provision");
    }

    /**
     * One young person on the queue: who, why (reason and words), since when, their current activity, when anyone
     * last heard of them, the priority and its parts, who it is assigned to, and the attempts made so far.
     */
    public record Entry(UUID hubId, String givenName, String familyName, LocalDate dob, String postcode,
                        QueueReason reason, String why, LocalDate since, String activityCode, String activityLabel,
                        LocalDate lastContact, int priority, List<ContactPriority.Part> priorityParts, String team,
                        String worker, int attempts, String lastOutcome, String selfReferralContact) {

        public long ageInDays(LocalDate today) {
            return Math.max(0, ChronoUnit.DAYS.between(since, today));
        }
    }

    /** The queue's size and its oldest entry's age in days, by reason, as last worked out. */
    public record Snapshot(Instant at, Map<QueueReason, Integer> size, Map<QueueReason, Long> oldestDays) {
    }

    /** The whole queue, in order. */
    public List<Entry> entries(LocalDate today) {
        List<Entry> all = build(candidates(today), today);
        Map<QueueReason, Integer> size = new EnumMap<>(QueueReason.class);
        Map<QueueReason, Long> oldest = new EnumMap<>(QueueReason.class);
        for (QueueReason r : QueueReason.values()) {
            size.put(r, 0);
            oldest.put(r, 0L);
        }
        all.forEach(e -> {
            size.merge(e.reason(), 1, Integer::sum);
            oldest.merge(e.reason(), e.ageInDays(today), Math::max);
        });
        snapshot = new Snapshot(Instant.now(), size, oldest);
        return all;
    }

    /**
     * The queue in order, only the entries for a reason, a team and a worker where given ({@code "none"}: entries not
     * assigned to a worker).
     */
    public List<Entry> entries(LocalDate today, QueueReason reason, String team, String worker) {
        return entries(today).stream()
                .filter(e -> reason == null || e.reason() == reason)
                .filter(e -> team == null || team.equals(e.team()))
                .filter(e -> worker == null || ("none".equals(worker) ? e.worker() == null : worker.equals(e.worker())))
                .toList();
    }

    /** This young person's entry, if they are on the queue (by any of their person records). */
    public Optional<Entry> entry(UUID hubId, LocalDate today) {
        List<UUID> master = jdbc.queryForList("select coalesce(merged_into, hub_id) from young_person where hub_id = ?",
                UUID.class, hubId);
        return master.isEmpty() ? Optional.empty() : build(master, today).stream().findFirst();
    }

    /** The last figures worked out, if any. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** Everyone who might be on the queue, found by SQL; {@link #build} decides from their facts. */
    private List<UUID> candidates(LocalDate today) {
        int lastYear = AcademicYear.start(today).getYear() - 1;
        List<Object> params = new ArrayList<>();
        params.add(BulkSql.column("text", priority.notKnownCodes()));
        params.add(today);
        params.add(selfReferralsFrom);
        StringBuilder leavers = new StringBuilder(" false");  // a text block drops the space after its "where"
        for (int age : priority.leaverAcademicAges()) {
            // academic age on 31 August of the last academic year's start year
            leavers.append(" or (dob > ? and dob <= ?)");
            params.add(LocalDate.of(lastYear - age - 1, 8, 31));
            params.add(LocalDate.of(lastYear - age, 8, 31));
        }
        return BulkSql.query(jdbc, """
                select coalesce(p.merged_into, p.hub_id) from activity a join young_person p on p.hub_id = a.hub_id
                where a.activity_code::text = any(?) or a.due_to_lapse_date < ?
                union
                select coalesce(p.merged_into, p.hub_id) from referral r join young_person p on p.hub_id = r.hub_id
                where r.from_org = ?
                union
                select coalesce(merged_into, hub_id) from young_person where """ + leavers,
                (rs, n) -> rs.getObject(1, UUID.class), params.toArray());
    }

    private record Assignment(String team, String worker) {
    }

    private record Attempts(int count, String lastOutcome, Instant last, Instant lastClosing) {
    }

    private record SelfReferral(Instant at, String contact) {
    }

    private List<Entry> build(List<UUID> masters, LocalDate today) {
        if (masters.isEmpty()) {
            return List.of();
        }
        Map<UUID, YoungPersonFacts> facts = reader.read(masters);
        BulkSql.Column ids = BulkSql.column("uuid", facts.keySet());
        Map<UUID, String> bands = new HashMap<>();
        BulkSql.query(jdbc, """
                select distinct on (hub_id) hub_id, band from risk_assessment where hub_id = any(?) order by hub_id, id desc""",
                rs -> bands.put(rs.getObject(1, UUID.class), rs.getString(2)), ids);
        Map<UUID, Assignment> assigned = new HashMap<>();
        BulkSql.query(jdbc, "select hub_id, team, worker from contact_assignment where hub_id = any(?)",
                rs -> assigned.put(rs.getObject(1, UUID.class), new Assignment(rs.getString(2), rs.getString(3))), ids);
        Map<UUID, Attempts> attempts = new HashMap<>();
        BulkSql.query(jdbc, """
                select coalesce(p.merged_into, p.hub_id) m, count(*),
                  (array_agg(c.outcome order by c.attempted_at desc, c.id desc))[1], max(c.attempted_at),
                  max(c.attempted_at) filter (where c.outcome <> 'NOT_REACHED')
                from contact_attempt c join young_person p on p.hub_id = c.hub_id
                where coalesce(p.merged_into, p.hub_id) = any(?) group by m""",
                rs -> attempts.put(rs.getObject(1, UUID.class), new Attempts(rs.getInt(2), rs.getString(3),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)))), ids);
        // what any feed but the contact attempts last told the hub about their activity or tracking
        Map<UUID, Instant> lastFromFeeds = new HashMap<>();
        BulkSql.query(jdbc, """
                select coalesce(p.merged_into, p.hub_id) m, max(f.recorded_at) from (
                  select hub_id, recorded_at from activity where source_feed <> ?
                  union all select hub_id, recorded_at from tracking_status where source_feed <> ?) f
                join young_person p on p.hub_id = f.hub_id where coalesce(p.merged_into, p.hub_id) = any(?) group by m""",
                rs -> lastFromFeeds.put(rs.getObject(1, UUID.class), instant(rs.getTimestamp(2))), FEED, FEED, ids);
        // the latest time each asked for help themselves, and how to reach them
        Map<UUID, SelfReferral> selfReferred = new HashMap<>();
        BulkSql.query(jdbc, """
                select distinct on (m) coalesce(p.merged_into, p.hub_id) m, r.received_at, r.from_contact
                from referral r join young_person p on p.hub_id = r.hub_id
                where r.from_org = ? and coalesce(p.merged_into, p.hub_id) = any(?) order by m, r.received_at desc""",
                rs -> selfReferred.put(rs.getObject(1, UUID.class), new SelfReferral(instant(rs.getTimestamp(2)),
                        rs.getString(3))), selfReferralsFrom, ids);

        List<Entry> out = new ArrayList<>();
        facts.forEach((hubId, f) -> {
            Attempts a = attempts.getOrDefault(hubId, new Attempts(0, null, null, null));
            SelfReferral asked = selfReferred.get(hubId);
            Instant news = latest(lastFromFeeds.get(hubId), asked == null ? null : asked.at());
            if (a.lastClosing() != null && (news == null || !news.isAfter(a.lastClosing()))) {
                return;
            }
            if (f.latestTracking().map(t -> t.cohortStatus() != null
                    && Boolean.TRUE.equals(cohortStatuses.attribute(t.cohortStatus(), "leaving"))).orElse(false)) {
                return;
            }
            Optional<YoungPersonFacts.ActivitySpell> current = f.currentActivity(today);
            QueueReason reason;
            LocalDate since;
            String detail;
            if (asked != null && (a.lastClosing() == null || asked.at().isAfter(a.lastClosing()))) {
                reason = QueueReason.SELF_REFERRED;
                since = LocalDate.ofInstant(asked.at(), ZoneId.systemDefault());
                detail = "asked on " + since + (current.map(s -> ", current activity " + s.code() + " " + s.label()).orElse(""));
            } else if (current.isPresent() && priority.notKnownCodes().contains(current.get().code())) {
                YoungPersonFacts.ActivitySpell s = current.get();
                reason = QueueReason.NOT_KNOWN;
                since = s.start();
                detail = s.code() + " " + s.label() + " since " + s.start();
            } else if (current.isPresent() && lapsed(current.get(), today)) {
                YoungPersonFacts.ActivitySpell s = current.get();
                reason = QueueReason.LAPSED;
                since = s.dueToLapse();
                detail = s.code() + " " + s.label() + " was due to lapse on " + s.dueToLapse();
            } else if (current.isEmpty() && leaver(f.details().dob(), today)) {
                reason = QueueReason.LEAVER_NO_ACTIVITY;
                since = AcademicYear.start(today);
                detail = "no activity on record since leaving in " + AcademicYear.label(AcademicYear.start(today).minusYears(1));
            } else {
                return;
            }
            LocalDate heard = latest(f.activities().stream().map(YoungPersonFacts.ActivitySpell::lastUpdated)
                    .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null),
                    a.last() == null ? null : LocalDate.ofInstant(a.last(), ZoneId.systemDefault()));
            Set<String> held = new LinkedHashSet<>();
            f.characteristics().stream().filter(c -> (c.from() == null || !c.from().isAfter(today))
                    && (c.to() == null || c.to().isAfter(today))).forEach(c -> held.add(c.code()));
            boolean send = f.latestTracking().map(t -> Boolean.TRUE.equals(t.send())).orElse(false)
                    || f.latestCensus().map(c -> c.senProvision() != null
                    && Boolean.TRUE.equals(senProvision.attribute(c.senProvision(), "send"))).orElse(false);
            YoungPersonFacts.Details d = f.details();
            Integer age = d.dob() == null ? null : Period.between(d.dob(), today).getYears();
            ContactPriority.Priority p = priority.score(new ContactPriority.Inputs(reason, bands.get(hubId), heard, age,
                    held, send), today);
            Assignment who = assigned.getOrDefault(hubId, new Assignment(null, null));
            out.add(new Entry(hubId, d.givenName(), d.familyName(), d.dob(), d.postcode(), reason,
                    priority.words(reason) + ": " + detail, since, current.map(YoungPersonFacts.ActivitySpell::code).orElse(null),
                    current.map(YoungPersonFacts.ActivitySpell::label).orElse(null), heard, p.total(), p.parts(), who.team(),
                    who.worker(), a.count(), a.lastOutcome(), asked == null ? null : asked.contact()));
        });
        out.sort(Comparator.comparingInt(Entry::priority).reversed()
                .thenComparing(Entry::lastContact, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Entry::hubId));
        return out;
    }

    /** Due to lapse before today, and not verified or ascertained after that day (the NOT_KNOWN alert's rule). */
    private static boolean lapsed(YoungPersonFacts.ActivitySpell s, LocalDate today) {
        return s.dueToLapse() != null && s.dueToLapse().isBefore(today)
                && (s.lastUpdated() == null || !s.lastUpdated().isAfter(s.dueToLapse()));
    }

    private boolean leaver(LocalDate dob, LocalDate today) {
        if (dob == null) {
            return false;
        }
        int lastYear = AcademicYear.start(today).getYear() - 1;
        return priority.leaverAcademicAges().contains(Period.between(dob, LocalDate.of(lastYear, 8, 31)).getYears());
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
