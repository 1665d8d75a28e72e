package org.pathwayshub.record;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.pathwayshub.system.BulkSql;
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
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "text", "date", "date", "int4", "int4", "int4", "int4", "date",
                "int8");
        latest.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER)).forEach(e -> {
            Key k = e.getKey();
            MappedRecord m = e.getValue().record();
            rows.add(k.hubId(), k.laEstab(), k.start(), k.end(), m.get(CommonField.SESSIONS_POSSIBLE),
                    m.get(CommonField.SESSIONS_ATTENDED), m.get(CommonField.SUSPENSION_COUNT),
                    m.get(CommonField.SUSPENSION_SESSIONS), m.get(CommonField.PERMANENT_EXCLUSION_DATE), m.line());
        });
        BulkSql.update(jdbc, """
                insert into attendance (hub_id, laestab, period_start, period_end, sessions_possible, sessions_attended,
                  suspension_count, suspension_sessions, permanent_exclusion_date, run_id, line_no)
                select h, e, ps, pe, sp, sa, sc, ss, px, ?, ln
                from unnest(?::uuid[], ?::text[], ?::date[], ?::date[], ?::int[], ?::int[], ?::int[], ?::int[], ?::date[],
                  ?::bigint[]) as v(h, e, ps, pe, sp, sa, sc, ss, px, ln)
                on conflict (hub_id, laestab, period_start, period_end) do update set
                  sessions_possible = excluded.sessions_possible, sessions_attended = excluded.sessions_attended,
                  suspension_count = excluded.suspension_count, suspension_sessions = excluded.suspension_sessions,
                  permanent_exclusion_date = excluded.permanent_exclusion_date, run_id = excluded.run_id,
                  line_no = excluded.line_no, recorded_at = now()""", runId, rows);
    }
}
