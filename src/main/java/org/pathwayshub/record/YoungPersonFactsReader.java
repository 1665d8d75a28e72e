package org.pathwayshub.record;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.record.YoungPersonFacts.ActivitySpell;
import org.pathwayshub.record.YoungPersonFacts.Source;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Reads the facts of many young people at once: one query per kind of fact for the whole batch, never one per
 * person, each over every person record of each young person (their own and those merged into them).
 */
@Repository
public class YoungPersonFactsReader {

    private final JdbcTemplate jdbc;
    private final CodeList activityCodes;

    public YoungPersonFactsReader(JdbcTemplate jdbc, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.activityCodes = codeLists.get("activity");
    }

    /**
     * @param hubIds young people, by any of their person records (one merged into another is read as part of that one)
     * @return the facts of each young person, by their own hub id
     */
    public Map<UUID, YoungPersonFacts> read(Collection<UUID> hubIds) {
        Map<UUID, YoungPersonFacts> out = new LinkedHashMap<>();
        if (hubIds.isEmpty()) {
            return out;
        }
        Map<UUID, UUID> family = new HashMap<>();
        Map<UUID, List<UUID>> merged = new HashMap<>();
        Map<UUID, YoungPersonFacts.Details> details = new HashMap<>();
        Set<UUID> masters = new LinkedHashSet<>();
        Collection<UUID> asked = hubIds;
        // each young person's records and, from their own record, their details; a record asked for that is merged into
        // someone not asked for brings that young person's family in a second round
        for (int round = 0; round < 2 && !asked.isEmpty(); round++) {
            BulkSql.Column ids = BulkSql.column("uuid", asked);
            Set<UUID> askedSet = new HashSet<>(asked);
            BulkSql.query(jdbc, """
                    select hub_id, coalesce(merged_into, hub_id), given_name, middle_names, family_name, dob, gender, postcode,
                      previous_postcode, ethnicity
                    from young_person where hub_id = any(?) or merged_into = any(?) order by created_at, hub_id""", rs -> {
                UUID record = rs.getObject(1, UUID.class);
                UUID master = rs.getObject(2, UUID.class);
                if (family.putIfAbsent(record, master) != null) {
                    return;
                }
                if (record.equals(master)) {
                    details.put(master, new YoungPersonFacts.Details(rs.getString(3), rs.getString(4), rs.getString(5),
                            date(rs, 6), trim(rs, 7), rs.getString(8), rs.getString(9), rs.getString(10)));
                } else {
                    merged.computeIfAbsent(master, k -> new ArrayList<>()).add(record);
                }
                if (askedSet.contains(record)) {
                    masters.add(master);
                }
            }, ids, ids);
            asked = masters.stream().filter(m -> !details.containsKey(m)).toList();
        }
        BulkSql.Column records = BulkSql.column("uuid", family.keySet());

        Facts<YoungPersonFacts.Identifier> identifiers = new Facts<>(family);
        query("""
                select hub_id, scheme, value, source_feed from person_identifier where hub_id = any(?)
                order by scheme, created_at""", records, rs -> identifiers.add(rs,
                new YoungPersonFacts.Identifier(rs.getString(2), rs.getString(3), rs.getString(4))));

        Facts<YoungPersonFacts.Census> census = new Facts<>(family);
        query("""
                select c.hub_id, c.census_date, c.laestab, c.nc_year, c.fsm, c.sen_provision, c.first_language, r.feed_id,
                  c.run_id, c.line_no
                from school_census c join feed_run r on r.id = c.run_id where c.hub_id = any(?)
                order by c.census_date, c.recorded_at""", records, rs -> census.add(rs, new YoungPersonFacts.Census(
                date(rs, 2), trim(rs, 3), (Integer) rs.getObject(4), (Boolean) rs.getObject(5), trim(rs, 6), rs.getString(7),
                source(rs, 8))));

        Facts<YoungPersonFacts.Attendance> attendance = new Facts<>(family);
        query("""
                select a.hub_id, a.laestab, a.period_start, a.period_end, a.sessions_possible, a.sessions_attended,
                  a.suspension_count, a.suspension_sessions, a.permanent_exclusion_date, r.feed_id, a.run_id, a.line_no
                from attendance a join feed_run r on r.id = a.run_id where a.hub_id = any(?)
                order by a.period_end, a.period_start""", records, rs -> attendance.add(rs, new YoungPersonFacts.Attendance(
                trim(rs, 2), date(rs, 3), date(rs, 4), rs.getInt(5), rs.getInt(6), (Integer) rs.getObject(7),
                (Integer) rs.getObject(8), date(rs, 9), source(rs, 10))));

        Facts<YoungPersonFacts.Characteristic> characteristics = new Facts<>(family);
        query("""
                select hub_id, code, from_date, to_date, first_seen, last_seen, source_feed, run_id, line_no
                from characteristic where hub_id = any(?) order by first_seen, id""", records,
                rs -> characteristics.add(rs, new YoungPersonFacts.Characteristic(rs.getString(2), date(rs, 3), date(rs, 4),
                        instant(rs, 5), instant(rs, 6), source(rs, 7))));

        Map<UUID, List<Object[]>> spells = new HashMap<>();
        query("""
                select hub_id, activity_code, start_date, end_date, date_ascertained, date_verified, due_to_lapse_date,
                  neet_start_date, predicted_end_date, ukprn, establishment_number,
                  coalesce(date_verified, date_ascertained, recorded_at::date), source_feed, run_id, line_no, withdrawn
                from activity where hub_id = any(?)
                order by start_date, coalesce(date_verified, date_ascertained), recorded_at""", records,
                rs -> spells.computeIfAbsent(family.get(rs.getObject(1, UUID.class)), k -> new ArrayList<>()).add(new Object[] {
                        trim(rs, 2), date(rs, 3), date(rs, 4), date(rs, 5), date(rs, 6), date(rs, 7), date(rs, 8), date(rs, 9),
                        trim(rs, 10), trim(rs, 11), date(rs, 12), source(rs, 13), rs.getBoolean(16)}));

        Facts<YoungPersonFacts.TrackingStatus> tracking = new Facts<>(family);
        query("""
                select hub_id, cohort_status, lead_la, transferred_to_la, level_of_need, send, sen_support, recorded_at,
                  source_feed, run_id, line_no
                from tracking_status where hub_id = any(?) order by recorded_at""", records,
                rs -> tracking.add(rs, new YoungPersonFacts.TrackingStatus(trim(rs, 2), trim(rs, 3), trim(rs, 4), trim(rs, 5),
                        (Boolean) rs.getObject(6), (Boolean) rs.getObject(7), instant(rs, 8), source(rs, 9))));

        Facts<YoungPersonFacts.Guarantee> guarantees = new Facts<>(family);
        query("""
                select hub_id, year_group, guarantee_status, la_code, offer_ukprn, offer_date, intended_destination,
                  source_feed, recorded_at, la_estab
                from september_guarantee where hub_id = any(?) order by year_group, recorded_at desc""", records,
                rs -> guarantees.add(rs, new YoungPersonFacts.Guarantee(rs.getInt(2), rs.getString(3), trim(rs, 4),
                        trim(rs, 5), date(rs, 6), rs.getString(7), rs.getString(8), instant(rs, 9), trim(rs, 10))));

        Facts<YoungPersonFacts.Claim> claims = new Facts<>(family);
        query("""
                select hub_id, claim_start, benefit_type, jobcentre_office, consent_to_share from benefit_claim
                where hub_id = any(?) order by claim_start""", records,
                rs -> claims.add(rs, new YoungPersonFacts.Claim(date(rs, 2), rs.getString(3), rs.getString(4), rs.getBoolean(5))));

        Facts<YoungPersonFacts.Referral> referrals = new Facts<>(family);
        query("""
                select hub_id, id, from_org, referral_ref, to_service, referral_type, reason, received_at from referral
                where hub_id = any(?) order by received_at, id""", records,
                rs -> referrals.add(rs, new YoungPersonFacts.Referral(rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8))));

        Facts<YoungPersonFacts.SchoolFlag> schoolFlags = new Facts<>(family);
        query("""
                select hub_id, id, laestab, code, start_date, end_date, ended_on from school_flag
                where hub_id = any(?) order by start_date, id""", records,
                rs -> schoolFlags.add(rs, new YoungPersonFacts.SchoolFlag(rs.getLong(2), trim(rs, 3), rs.getString(4),
                        date(rs, 5), date(rs, 6), date(rs, 7))));

        for (UUID m : masters) {
            YoungPersonFacts.Details d = details.get(m);
            if (d == null) {
                continue;  // not a young person (any more): merged away, or never stored
            }
            out.put(m, new YoungPersonFacts(m, d, identifiers.of(m), merged.getOrDefault(m, List.of()), census.of(m),
                    attendance.of(m), characteristics.of(m), spells(spells.getOrDefault(m, List.of())), tracking.of(m),
                    guarantees.of(m), claims.of(m), referrals.of(m), schoolFlags.of(m)));
        }
        return out;
    }

    /** Spells in order; one without an end date from its source ends where the next one starts. */
    private List<ActivitySpell> spells(List<Object[]> rows) {
        List<ActivitySpell> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            String code = (String) r[0];
            LocalDate end = (LocalDate) r[2];
            LocalDate effectiveEnd = end != null || i + 1 == rows.size() ? end : (LocalDate) rows.get(i + 1)[1];
            Object group = activityCodes.attribute(code, "group");
            out.add(new ActivitySpell(code, activityCodes.label(code), group == null ? null : group.toString(),
                    Boolean.TRUE.equals(activityCodes.attribute(code, "eet")), (LocalDate) r[1], end, effectiveEnd,
                    (LocalDate) r[3], (LocalDate) r[4], (LocalDate) r[5], (LocalDate) r[6], (LocalDate) r[7],
                    (String) r[8], (String) r[9], (LocalDate) r[10], (Source) r[11], (Boolean) r[12]));
        }
        return out;
    }

    /** Facts of one kind gathered by young person, whichever of their records each came with. */
    private static final class Facts<T> {
        private final Map<UUID, UUID> family;
        private final Map<UUID, List<T>> byMaster = new HashMap<>();

        Facts(Map<UUID, UUID> family) {
            this.family = family;
        }

        void add(ResultSet rs, T fact) throws SQLException {
            byMaster.computeIfAbsent(family.get(rs.getObject(1, UUID.class)), k -> new ArrayList<>()).add(fact);
        }

        List<T> of(UUID master) {
            return byMaster.getOrDefault(master, List.of());
        }
    }

    private void query(String sql, BulkSql.Column records, RowCallbackHandler rows) {
        BulkSql.query(jdbc, sql, rows, records);
    }

    /** Columns {@code i} (feed), {@code i+1} (run) and {@code i+2} (line). */
    private static Source source(ResultSet rs, int i) throws SQLException {
        return new Source(rs.getString(i), rs.getLong(i + 1), (Long) rs.getObject(i + 2));
    }

    private static LocalDate date(ResultSet rs, int i) throws SQLException {
        Date d = rs.getDate(i);
        return d == null ? null : d.toLocalDate();
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    private static String trim(ResultSet rs, int i) throws SQLException {
        String s = rs.getString(i);
        return s == null ? null : s.trim();
    }
}
