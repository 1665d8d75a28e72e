package org.pathwayshub.school;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.pathwayshub.mapping.CommonField;
import org.pathwayshub.mapping.MappedRecord;
import org.pathwayshub.mapping.Section;
import org.pathwayshub.store.FactWriter;
import org.pathwayshub.store.ResolvedRecord;
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
        Map<Key, ResolvedRecord> latest = new LinkedHashMap<>();
        for (ResolvedRecord r : records) {
            MappedRecord m = r.record();
            latest.put(new Key(r.hubId(), m.get(CommonField.LA_ESTAB), m.get(CommonField.PERIOD_START),
                    m.get(CommonField.PERIOD_END)), r);
        }
        List<Object[]> rows = new ArrayList<>(latest.size());
        latest.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER)).forEach(e -> {
            Key k = e.getKey();
            MappedRecord m = e.getValue().record();
            LocalDate excluded = m.get(CommonField.PERMANENT_EXCLUSION_DATE);
            rows.add(new Object[] {k.hubId(), k.laEstab(), Date.valueOf(k.start()), Date.valueOf(k.end()),
                    m.get(CommonField.SESSIONS_POSSIBLE), m.get(CommonField.SESSIONS_ATTENDED),
                    m.get(CommonField.SUSPENSION_COUNT), m.get(CommonField.SUSPENSION_SESSIONS),
                    excluded == null ? null : Date.valueOf(excluded), runId, m.line()});
        });
        jdbc.batchUpdate("""
                insert into attendance (hub_id, laestab, period_start, period_end, sessions_possible, sessions_attended,
                  suspension_count, suspension_sessions, permanent_exclusion_date, run_id, line_no)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (hub_id, laestab, period_start, period_end) do update set
                  sessions_possible = excluded.sessions_possible, sessions_attended = excluded.sessions_attended,
                  suspension_count = excluded.suspension_count, suspension_sessions = excluded.suspension_sessions,
                  permanent_exclusion_date = excluded.permanent_exclusion_date, run_id = excluded.run_id,
                  line_no = excluded.line_no, recorded_at = now()""", rows);
    }
}
