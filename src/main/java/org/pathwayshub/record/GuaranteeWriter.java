package org.pathwayshub.record;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * September Guarantee offers for Year 11 and Year 12, and the Year 11 intended destination, as each source
 * last reported them, with the school that reported a Year 11 one when the feed names it.
 */
@Component
public class GuaranteeWriter implements FactWriter {

    private final JdbcTemplate jdbc;

    public GuaranteeWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Section section() {
        return Section.GUARANTEE;
    }

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        Map<String, Object[]> rows = new TreeMap<>();
        for (ResolvedRecord r : records) {
            MappedRecord m = r.record();
            if (m.has(CommonField.YEAR_11_GUARANTEE_STATUS) || m.has(CommonField.INTENDED_DESTINATION)
                    || m.has(CommonField.OFFER_UKPRN) || m.has(CommonField.YEAR_11_GUARANTEE_LA)) {
                rows.put(r.hubId() + "|11", new Object[] {r.hubId(), 11, m.get(CommonField.YEAR_11_GUARANTEE_STATUS),
                        m.get(CommonField.YEAR_11_GUARANTEE_LA), m.get(CommonField.OFFER_UKPRN), m.get(CommonField.OFFER_DATE),
                        m.get(CommonField.INTENDED_DESTINATION), m.get(CommonField.LA_ESTAB), m.line()});
            }
            if (m.has(CommonField.YEAR_12_GUARANTEE_STATUS) || m.has(CommonField.YEAR_12_GUARANTEE_LA)) {
                rows.put(r.hubId() + "|12", new Object[] {r.hubId(), 12, m.get(CommonField.YEAR_12_GUARANTEE_STATUS),
                        m.get(CommonField.YEAR_12_GUARANTEE_LA), null, null, null, null, m.line()});
            }
        }
        BulkSql.Columns columns = new BulkSql.Columns("uuid", "int4", "text", "text", "text", "date", "text", "text", "int8");
        rows.values().forEach(columns::add);
        BulkSql.update(jdbc, """
                insert into september_guarantee (hub_id, year_group, source_feed, guarantee_status, la_code, offer_ukprn,
                  offer_date, intended_destination, la_estab, run_id, line_no)
                select h, y, ?, st, la, uk, od, id, es, ?, ln
                from unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::bigint[])
                  as v(h, y, st, la, uk, od, id, es, ln)
                on conflict (hub_id, year_group, source_feed) do update set guarantee_status = excluded.guarantee_status,
                  la_code = excluded.la_code, offer_ukprn = excluded.offer_ukprn, offer_date = excluded.offer_date,
                  intended_destination = coalesce(excluded.intended_destination, september_guarantee.intended_destination),
                  la_estab = coalesce(excluded.la_estab, september_guarantee.la_estab),
                  run_id = excluded.run_id, line_no = excluded.line_no, recorded_at = now()""", feedId, runId, columns);
    }
}
