package org.pathwayshub.record;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** NCCIS tracking status (cohort status, LAs, level of need, SEND flags) as each source last reported it. */
@Component
public class TrackingStatusWriter implements FactWriter {

    private final JdbcTemplate jdbc;

    public TrackingStatusWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Section section() {
        return Section.TRACKING;
    }

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        Map<UUID, MappedRecord> latest = new TreeMap<>();
        records.forEach(r -> latest.put(r.hubId(), r.record()));
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "text", "text", "text", "text", "text", "text", "text", "text",
                "bool", "bool", "int8");
        latest.forEach((hubId, m) -> rows.add(hubId, m.get(CommonField.COHORT_STATUS), m.get(CommonField.LEAD_LA),
                m.get(CommonField.EDUCATED_LA), m.get(CommonField.TRANSFERRED_TO_LA), m.get(CommonField.LA_AT_YEAR_11),
                m.get(CommonField.PREVIOUS_YPID), m.get(CommonField.GUARANTEE_INDICATOR), m.get(CommonField.LEVEL_OF_NEED),
                m.get(CommonField.SEND), m.get(CommonField.SEN_SUPPORT), m.line()));
        BulkSql.update(jdbc, """
                insert into tracking_status (hub_id, source_feed, cohort_status, lead_la, educated_la, transferred_to_la,
                  la_at_year11, previous_ypid, guarantee_indicator, level_of_need, send, sen_support, run_id, line_no)
                select h, ?, cs, ll, el, tl, l11, py, gi, ln, sd, ss, ?, line
                from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                  ?::boolean[], ?::boolean[], ?::bigint[]) as v(h, cs, ll, el, tl, l11, py, gi, ln, sd, ss, line)
                on conflict (hub_id, source_feed) do update set cohort_status = excluded.cohort_status,
                  lead_la = excluded.lead_la, educated_la = excluded.educated_la, transferred_to_la = excluded.transferred_to_la,
                  la_at_year11 = excluded.la_at_year11, previous_ypid = excluded.previous_ypid,
                  guarantee_indicator = excluded.guarantee_indicator, level_of_need = excluded.level_of_need,
                  send = excluded.send, sen_support = excluded.sen_support, run_id = excluded.run_id,
                  line_no = excluded.line_no, recorded_at = now()""", feedId, runId, rows);
    }
}
