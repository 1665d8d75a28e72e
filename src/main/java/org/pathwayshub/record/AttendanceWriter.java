package org.pathwayshub.record;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Attendance, suspensions and exclusion per pupil, school and period; a resent period replaces the earlier figures. */
@Component
public class AttendanceWriter implements FactWriter {

    private final JdbcTemplate jdbc;

    public AttendanceWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Section section() {
        return Section.ATTENDANCE;
    }

    private record Key(UUID hubId, String laEstab, LocalDate start, LocalDate end) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::hubId).thenComparing(Key::laEstab)
            .thenComparing(Key::start).thenComparing(Key::end);

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        // one row per key: a statement may not update the same row twice, and the later record wins
        Map<Key, ResolvedRecord> latest = new LinkedHashMap<>();
        for (ResolvedRecord r : records) {
            MappedRecord m = r.record();
            latest.put(new Key(r.hubId(), m.get(CommonField.LA_ESTAB), m.get(CommonField.PERIOD_START),
                    m.get(CommonField.PERIOD_END)), r);
        }
        List<Map.Entry<Key, ResolvedRecord>> rows = latest.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(ORDER)).toList();
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] schools = new String[n];
        Date[] starts = new Date[n];
        Date[] ends = new Date[n];
        Integer[] possible = new Integer[n];
        Integer[] attended = new Integer[n];
        Integer[] suspensions = new Integer[n];
        Integer[] suspensionSessions = new Integer[n];
        Date[] excluded = new Date[n];
        Long[] lines = new Long[n];
        for (int i = 0; i < n; i++) {
            Key k = rows.get(i).getKey();
            MappedRecord m = rows.get(i).getValue().record();
            LocalDate exclusion = m.get(CommonField.PERMANENT_EXCLUSION_DATE);
            ids[i] = k.hubId();
            schools[i] = k.laEstab();
            starts[i] = Date.valueOf(k.start());
            ends[i] = Date.valueOf(k.end());
            possible[i] = m.get(CommonField.SESSIONS_POSSIBLE);
            attended[i] = m.get(CommonField.SESSIONS_ATTENDED);
            suspensions[i] = m.get(CommonField.SUSPENSION_COUNT);
            suspensionSessions[i] = m.get(CommonField.SUSPENSION_SESSIONS);
            excluded[i] = SqlValues.date(exclusion);
            lines[i] = m.line();
        }
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
                    insert into attendance (hub_id, laestab, period_start, period_end, sessions_possible, sessions_attended,
                      suspension_count, suspension_sessions, permanent_exclusion_date, run_id, line_no)
                    select h, e, ps, pe, sp, sa, sc, ss, px, ?, ln
                    from unnest(?::uuid[], ?::text[], ?::date[], ?::date[], ?::int[], ?::int[], ?::int[], ?::int[], ?::date[],
                      ?::bigint[]) as v(h, e, ps, pe, sp, sa, sc, ss, px, ln)
                    on conflict (hub_id, laestab, period_start, period_end) do update set
                      sessions_possible = excluded.sessions_possible, sessions_attended = excluded.sessions_attended,
                      suspension_count = excluded.suspension_count, suspension_sessions = excluded.suspension_sessions,
                      permanent_exclusion_date = excluded.permanent_exclusion_date, run_id = excluded.run_id,
                      line_no = excluded.line_no, recorded_at = now()""");
            ps.setLong(1, runId);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("text", schools));
            ps.setArray(4, c.createArrayOf("date", starts));
            ps.setArray(5, c.createArrayOf("date", ends));
            ps.setArray(6, c.createArrayOf("int4", possible));
            ps.setArray(7, c.createArrayOf("int4", attended));
            ps.setArray(8, c.createArrayOf("int4", suspensions));
            ps.setArray(9, c.createArrayOf("int4", suspensionSessions));
            ps.setArray(10, c.createArrayOf("date", excluded));
            ps.setArray(11, c.createArrayOf("int8", lines));
            return ps;
        });
    }
}
