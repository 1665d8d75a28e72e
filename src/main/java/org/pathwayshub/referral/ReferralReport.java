package org.pathwayshub.referral;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The measures agreed with partners, from the referrals' histories: for each service (or each sender), how many
 * referrals came, how many were accepted and declined, how many appointments were attended or missed, how long
 * the first contact took, what came of them, and whether an education, employment or training start was still
 * going at the six-month follow-up. Counts and rates only: no young person is named.
 */
@Component
public class ReferralReport {

    private final JdbcTemplate jdbc;

    public ReferralReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Group the report by the service referred to, the organisation that referred, or where the referral was made. */
    public enum By {
        SERVICE, SOURCE, VENUE;

        /** As the API and the console name it: service, source or venue. */
        public static By named(String by) {
            return switch (by == null ? "" : by) {
                case "service" -> SERVICE;
                case "source" -> SOURCE;
                case "venue" -> VENUE;
                default -> throw new IllegalArgumentException("by: expected service, source or venue (got '" + by + "')");
            };
        }
    }

    /**
     * One group's measures.
     *
     * @param acceptanceRate        accepted of those decided (accepted or declined), %
     * @param attendanceRate        appointments attended of those attended or missed, %
     * @param daysToFirstContact    median days from the referral being made to the first contact or appointment booked
     * @param outcomes              referrals by the outcome they reached (EET_STARTED, STILL_NEET, MOVED_AWAY, NOT_ENGAGED, NOT_SUSTAINED)
     * @param stillInActivityAtSixMonths of those followed up after an education, employment or training start, how many
     *                              were still in it at the latest follow-up (six months, or a later checkpoint), and
     *                              not found not sustained since
     */
    public record Group(String key, long received, long accepted, long declined, BigDecimal acceptanceRate, long attended,
                        long didNotAttend, BigDecimal attendanceRate, BigDecimal daysToFirstContact,
                        Map<String, Long> outcomes, long followedUp, long stillInActivityAtSixMonths) {
    }

    public record Report(LocalDate from, LocalDate to, String by, List<Group> groups) {
    }

    /**
     * @param from referrals made on or after (null: any)
     * @param to   referrals made on or before (null: any)
     */
    public Report report(By by, LocalDate from, LocalDate to, String toService, String fromOrg) {
        String key = switch (by) {
            case SERVICE -> "r.to_service";
            case SOURCE -> "r.from_org";
            case VENUE -> "coalesce(r.venue, '(venue not given)')";
        };
        List<Group> groups = jdbc.query("""
                with chosen as (
                  select r.id, KEY as key, coalesce(r.created_at, r.received_at) as made from referral r
                  where (?::date is null or coalesce(r.created_at, r.received_at) >= ?::date)
                    and (?::date is null or coalesce(r.created_at, r.received_at) < ?::date + 1)
                    and (?::text is null or r.to_service = ?) and (?::text is null or r.from_org = ?)),
                reached as (
                  select c.key, c.id, c.made,
                    bool_or(e.state = 'ACCEPTED') as accepted, bool_or(e.state = 'DECLINED') as declined,
                    count(*) filter (where e.state = 'ATTENDED') as attended,
                    count(*) filter (where e.state = 'DID_NOT_ATTEND') as missed,
                    min(e.at) filter (where e.state in ('CONTACT_MADE', 'APPOINTMENT_BOOKED')) as first_contact,
                    bool_or(e.state = 'FOLLOWED_UP') as followed_up,
                    coalesce((array_agg(e.details ->> 'stillInActivity' order by e.id desc)
                      filter (where e.state in ('FOLLOWED_UP', 'NOT_SUSTAINED')))[1] = 'true', false) as still_in
                  from chosen c left join referral_event e on e.referral_id = c.id group by c.key, c.id, c.made)
                select key, count(*), count(*) filter (where accepted), count(*) filter (where declined),
                  sum(attended), sum(missed),
                  percentile_cont(0.5) within group (order by extract(epoch from first_contact - made) / 86400.0)
                    filter (where first_contact is not null),
                  count(*) filter (where followed_up), count(*) filter (where still_in)
                from reached group by key order by key""".replace("KEY", key),
                (rs, n) -> {
                    long accepted = rs.getLong(3);
                    long declined = rs.getLong(4);
                    long attended = rs.getLong(5);
                    long missed = rs.getLong(6);
                    Double days = (Double) rs.getObject(7);
                    return new Group(rs.getString(1), rs.getLong(2), accepted, declined, rate(accepted, accepted + declined),
                            attended, missed, rate(attended, attended + missed),
                            days == null ? null : BigDecimal.valueOf(days).setScale(1, RoundingMode.HALF_UP),
                            new TreeMap<>(), rs.getLong(8), rs.getLong(9));
                },
                from, from, to, to, toService, toService, fromOrg, fromOrg);
        // each referral's latest outcome, counted per group
        Map<String, Group> byKey = new TreeMap<>();
        groups.forEach(g -> byKey.put(g.key(), g));
        jdbc.query("""
                with chosen as (
                  select r.id, KEY as key from referral r
                  where (?::date is null or coalesce(r.created_at, r.received_at) >= ?::date)
                    and (?::date is null or coalesce(r.created_at, r.received_at) < ?::date + 1)
                    and (?::text is null or r.to_service = ?) and (?::text is null or r.from_org = ?)),
                last_outcome as (
                  select distinct on (c.id) c.key, e.state from chosen c join referral_event e on e.referral_id = c.id
                  where e.state in ('EET_STARTED', 'STILL_NEET', 'MOVED_AWAY', 'NOT_ENGAGED', 'NOT_SUSTAINED') order by c.id, e.id desc)
                select key, state, count(*) from last_outcome group by key, state""".replace("KEY", key),
                rs -> {
                    Group g = byKey.get(rs.getString(1));
                    if (g != null) {
                        g.outcomes().put(rs.getString(2), rs.getLong(3));
                    }
                },
                from, from, to, to, toService, toService, fromOrg, fromOrg);
        return new Report(from, to, by.name().toLowerCase(java.util.Locale.ROOT), groups);
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100.0 / whole).setScale(1, RoundingMode.HALF_UP);
    }
}
