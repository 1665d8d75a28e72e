package org.pathwayshub.record;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Benefit claims reported by Jobcentre Plus, with the claimant's consent to share kept beside each. */
@Component
public class BenefitClaimWriter implements FactWriter {

    private final JdbcTemplate jdbc;

    public BenefitClaimWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Section section() {
        return Section.CLAIM;
    }

    @Override
    public boolean appliesTo(MappedRecord record) {
        return record.has(CommonField.CLAIM_START) && record.has(CommonField.BENEFIT_TYPE);
    }

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        Map<String, Object[]> rows = new TreeMap<>();
        for (ResolvedRecord r : records) {
            MappedRecord m = r.record();
            rows.put(r.hubId() + "|" + m.get(CommonField.CLAIM_START) + "|" + m.get(CommonField.BENEFIT_TYPE), new Object[] {
                    r.hubId(), m.get(CommonField.CLAIM_START), m.get(CommonField.BENEFIT_TYPE),
                    m.get(CommonField.JOBCENTRE_OFFICE), m.get(CommonField.WORK_COACH_REF),
                    Boolean.TRUE.equals(m.get(CommonField.CONSENT_TO_SHARE)), m.line()});
        }
        BulkSql.Columns columns = new BulkSql.Columns("uuid", "date", "text", "text", "text", "bool", "int8");
        rows.values().forEach(columns::add);
        BulkSql.update(jdbc, """
                insert into benefit_claim (hub_id, claim_start, benefit_type, jobcentre_office, work_coach_ref,
                  consent_to_share, run_id, line_no)
                select h, cs, bt, jo, wc, ct, ?, ln
                from unnest(?::uuid[], ?::date[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::bigint[])
                  as v(h, cs, bt, jo, wc, ct, ln)
                on conflict (hub_id, claim_start, benefit_type) do update set jobcentre_office = excluded.jobcentre_office,
                  work_coach_ref = excluded.work_coach_ref, consent_to_share = excluded.consent_to_share,
                  run_id = excluded.run_id, line_no = excluded.line_no, recorded_at = now()""", runId, columns);
    }
}
