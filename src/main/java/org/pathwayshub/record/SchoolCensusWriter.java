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
        List<Map.Entry<Key, ResolvedRecord>> rows = latest.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(ORDER)).toList();
        int n = rows.size();
        UUID[] ids = new UUID[n];
        Date[] dates = new Date[n];
        String[] schools = new String[n];
        Integer[] years = new Integer[n];
        Boolean[] fsm = new Boolean[n];
        String[] sen = new String[n];
        String[] languages = new String[n];
        Long[] lines = new Long[n];
        for (int i = 0; i < n; i++) {
            Key k = rows.get(i).getKey();
            MappedRecord m = rows.get(i).getValue().record();
            ids[i] = k.hubId();
            dates[i] = Date.valueOf(k.censusDate());
            schools[i] = k.laEstab();
            years[i] = m.get(CommonField.NC_YEAR);
            fsm[i] = m.get(CommonField.FSM);
            sen[i] = m.get(CommonField.SEN_PROVISION);
            languages[i] = m.get(CommonField.FIRST_LANGUAGE);
            lines[i] = m.line();
        }
        // one statement per batch; rows in key order so concurrent batches lock alike
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
                    insert into school_census (hub_id, census_date, laestab, nc_year, fsm, sen_provision, first_language,
                      run_id, line_no)
                    select h, d, e, y, f, s, l, ?, ln
                    from unnest(?::uuid[], ?::date[], ?::text[], ?::int[], ?::boolean[], ?::text[], ?::text[], ?::bigint[])
                      as v(h, d, e, y, f, s, l, ln)
                    on conflict (hub_id, census_date, laestab) do update set nc_year = excluded.nc_year, fsm = excluded.fsm,
                      sen_provision = excluded.sen_provision, first_language = excluded.first_language,
                      run_id = excluded.run_id, line_no = excluded.line_no, recorded_at = now()""");
            ps.setLong(1, runId);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("date", dates));
            ps.setArray(4, c.createArrayOf("text", schools));
            ps.setArray(5, c.createArrayOf("int4", years));
            ps.setArray(6, c.createArrayOf("bool", fsm));
            ps.setArray(7, c.createArrayOf("text", sen));
            ps.setArray(8, c.createArrayOf("text", languages));
            ps.setArray(9, c.createArrayOf("int8", lines));
            return ps;
        });
    }
}
