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

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::hubId).thenComparing(Key::censusDate)
            .thenComparing(Key::laEstab);

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        // one row per key: a statement may not update the same row twice, and the later record wins
        Map<Key, ResolvedRecord> latest = new LinkedHashMap<>();
        for (ResolvedRecord r : records) {
            MappedRecord m = r.record();
            latest.put(new Key(r.hubId(), m.get(CommonField.CENSUS_DATE), m.get(CommonField.LA_ESTAB)), r);
        }
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "date", "text", "int4", "bool", "text", "text", "int8");
        latest.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER)).forEach(e -> {
            Key k = e.getKey();
            MappedRecord m = e.getValue().record();
            rows.add(k.hubId(), k.censusDate(), k.laEstab(), m.get(CommonField.NC_YEAR), m.get(CommonField.FSM),
                    m.get(CommonField.SEN_PROVISION), m.get(CommonField.FIRST_LANGUAGE), m.line());
        });
        // one statement per batch; rows in key order so concurrent batches lock alike
        BulkSql.update(jdbc, """
                insert into school_census (hub_id, census_date, laestab, nc_year, fsm, sen_provision, first_language,
                  run_id, line_no)
                select h, d, e, y, f, s, l, ?, ln
                from unnest(?::uuid[], ?::date[], ?::text[], ?::int[], ?::boolean[], ?::text[], ?::text[], ?::bigint[])
                  as v(h, d, e, y, f, s, l, ln)
                on conflict (hub_id, census_date, laestab) do update set nc_year = excluded.nc_year, fsm = excluded.fsm,
                  sen_provision = excluded.sen_provision, first_language = excluded.first_language,
                  run_id = excluded.run_id, line_no = excluded.line_no, recorded_at = now()""", runId, rows);
    }
}
