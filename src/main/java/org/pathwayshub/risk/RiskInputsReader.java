package org.pathwayshub.risk;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.Families;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/** Reads the RONI inputs of many young people at once, from every record of each: one query per kind of fact. */
@Repository
public class RiskInputsReader {

    private final JdbcTemplate jdbc;
    private final CodeList firstLanguages;

    public RiskInputsReader(JdbcTemplate jdbc, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.firstLanguages = codeLists.get("first-language");
    }

    public Map<UUID, RiskInputs> read(Collection<UUID> masters) {
        Map<UUID, RiskInputs> out = new LinkedHashMap<>();
        if (masters.isEmpty()) {
            return out;
        }
        Map<UUID, UUID> family = Families.recordsOf(jdbc, masters);
        UUID[] records = family.keySet().toArray(UUID[]::new);
        Map<UUID, List<RiskInputs.Census>> census = new HashMap<>();
        query("""
                select c.hub_id, c.census_date, c.laestab, c.nc_year, c.fsm, c.sen_provision, c.first_language, r.feed_id,
                  c.run_id, c.line_no
                from school_census c join feed_run r on r.id = c.run_id where c.hub_id = any(?)
                order by c.census_date, c.recorded_at""", records, rs -> {
            String language = rs.getString(7);
            Object eal = language == null ? null : firstLanguages.attribute(language, "eal");
            add(census, family, rs.getObject(1, UUID.class), new RiskInputs.Census(date(rs.getDate(2)), rs.getString(3),
                    (Integer) rs.getObject(4), (Boolean) rs.getObject(5), trim(rs.getString(6)),
                    eal instanceof Boolean b ? b : null, source(rs.getString(8), rs.getLong(9), (Long) rs.getObject(10))));
        });
        Map<UUID, List<RiskInputs.Attendance>> attendance = new HashMap<>();
        query("""
                select a.hub_id, a.period_start, a.period_end, a.sessions_possible, a.sessions_attended, a.suspension_count,
                  a.suspension_sessions, a.permanent_exclusion_date, r.feed_id, a.run_id, a.line_no
                from attendance a join feed_run r on r.id = a.run_id where a.hub_id = any(?) order by a.period_end""", records,
                rs -> add(attendance, family, rs.getObject(1, UUID.class), new RiskInputs.Attendance(date(rs.getDate(2)),
                        date(rs.getDate(3)), rs.getInt(4), rs.getInt(5), (Integer) rs.getObject(6), (Integer) rs.getObject(7),
                        date(rs.getDate(8)), source(rs.getString(9), rs.getLong(10), (Long) rs.getObject(11)))));
        Map<UUID, List<RiskInputs.Characteristic>> characteristics = new HashMap<>();
        query("""
                select hub_id, code, from_date, to_date, first_seen::date, source_feed, run_id, line_no
                from characteristic where hub_id = any(?) order by first_seen""", records,
                rs -> add(characteristics, family, rs.getObject(1, UUID.class), new RiskInputs.Characteristic(rs.getString(2),
                        date(rs.getDate(3)), date(rs.getDate(4)), date(rs.getDate(5)),
                        source(rs.getString(6), rs.getLong(7), (Long) rs.getObject(8)))));
        Map<UUID, List<Object[]>> spells = new HashMap<>();
        query("""
                select hub_id, activity_code, start_date, end_date, source_feed, run_id, line_no from activity
                where hub_id = any(?) order by start_date, coalesce(date_verified, date_ascertained), recorded_at""", records,
                rs -> spells.computeIfAbsent(family.get(rs.getObject(1, UUID.class)), k -> new ArrayList<>()).add(new Object[] {
                        rs.getString(2).trim(), date(rs.getDate(3)), date(rs.getDate(4)),
                        source(rs.getString(5), rs.getLong(6), (Long) rs.getObject(7))}));
        Map<UUID, List<RiskInputs.Tracking>> tracking = new HashMap<>();
        query("""
                select hub_id, level_of_need, recorded_at::date, source_feed, run_id, line_no from tracking_status
                where hub_id = any(?) and level_of_need is not null""", records,
                rs -> add(tracking, family, rs.getObject(1, UUID.class), new RiskInputs.Tracking(rs.getString(2).trim(),
                        date(rs.getDate(3)), source(rs.getString(4), rs.getLong(5), (Long) rs.getObject(6)))));
        for (UUID m : masters) {
            List<RiskInputs.Activity> activities = new ArrayList<>();
            List<Object[]> raw = spells.getOrDefault(m, List.of());
            for (int i = 0; i < raw.size(); i++) {
                Object[] r = raw.get(i);
                LocalDate end = (LocalDate) r[2];
                if (end == null && i + 1 < raw.size()) {
                    end = (LocalDate) raw.get(i + 1)[1];
                }
                activities.add(new RiskInputs.Activity((String) r[0], (LocalDate) r[1], end, (RiskInputs.Source) r[3]));
            }
            out.put(m, new RiskInputs(m, census.getOrDefault(m, List.of()), attendance.getOrDefault(m, List.of()),
                    characteristics.getOrDefault(m, List.of()), activities, tracking.getOrDefault(m, List.of())));
        }
        return out;
    }

    private static <T> void add(Map<UUID, List<T>> to, Map<UUID, UUID> family, UUID record, T fact) {
        to.computeIfAbsent(family.get(record), k -> new ArrayList<>()).add(fact);
    }

    private void query(String sql, UUID[] ids, RowCallbackHandler rows) {
        jdbc.query(c -> {
            var ps = c.prepareStatement(sql);
            ps.setArray(1, c.createArrayOf("uuid", ids));
            return ps;
        }, rows);
    }

    private static RiskInputs.Source source(String feed, long runId, Long line) {
        return new RiskInputs.Source(feed, runId, line);
    }

    private static LocalDate date(Date d) {
        return d == null ? null : d.toLocalDate();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
