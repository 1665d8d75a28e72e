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

/** A pupil's census return: one row per pupil, census date and school; a later record for the same replaces it. */
@Component
public class SchoolCensusWriter implements FactWriter {

    private final JdbcTemplate jdbc;

    public SchoolCensusWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Section section() {
        return Section.CENSUS;
    }

    private record Key(UUID hubId, LocalDate censusDate, String laEstab) {
    }

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        // one row per key: a statement may not update the same row twice, and the later record wins
        Map<Key, ResolvedRecord> latest = new LinkedHashMap<>();
        for (ResolvedRecord r : records) {
            MappedRecord m = r.record();
            latest.put(new Key(r.hubId(), m.get(CommonField.CENSUS_DATE), m.get(CommonField.LA_ESTAB)), r);
        }
        List<Object[]> rows = new ArrayList<>(latest.size());
        latest.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Key::hubId)
                        .thenComparing(Key::censusDate).thenComparing(Key::laEstab)))
                .forEach(e -> {
                    MappedRecord m = e.getValue().record();
                    rows.add(new Object[] {e.getKey().hubId(), Date.valueOf(e.getKey().censusDate()), e.getKey().laEstab(),
                            m.get(CommonField.NC_YEAR), m.get(CommonField.FSM), m.get(CommonField.SEN_PROVISION),
                            m.get(CommonField.FIRST_LANGUAGE), runId, m.line()});
                });
        jdbc.batchUpdate("""
                insert into school_census (hub_id, census_date, laestab, nc_year, fsm, sen_provision, first_language, run_id, line_no)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (hub_id, census_date, laestab) do update set nc_year = excluded.nc_year, fsm = excluded.fsm,
                  sen_provision = excluded.sen_provision, first_language = excluded.first_language,
                  run_id = excluded.run_id, line_no = excluded.line_no, recorded_at = now()""", rows);
    }
}
