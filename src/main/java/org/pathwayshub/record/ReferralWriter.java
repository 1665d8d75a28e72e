package org.pathwayshub.record;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Referrals, stored once per sending organisation and their own referral id, in state RECEIVED with the first
 * event of their life cycle.
 */
@Component
public class ReferralWriter implements FactWriter {

    private final JdbcTemplate jdbc;

    public ReferralWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The basis the referral names; consent recorded as given, and no basis named, is consent. */
    private static String lawfulBasis(MappedRecord m) {
        Object named = m.get(CommonField.REFERRAL_LAWFUL_BASIS);
        if (named != null) {
            return named.toString();
        }
        return Boolean.TRUE.equals(m.get(CommonField.REFERRAL_CONSENT_GIVEN)) ? "CONSENT" : null;
    }

    @Override
    public Section section() {
        return Section.REFERRAL;
    }

    @Override
    public boolean appliesTo(MappedRecord record) {
        return record.has(CommonField.REFERRAL_ID);
    }

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        // one row per referral: a statement may not update the same row twice, and the later record wins
        Map<String, Object[]> latest = new TreeMap<>();
        for (ResolvedRecord r : records) {
            MappedRecord m = r.record();
            String fromOrg = m.get(CommonField.REFERRAL_FROM_ORG);
            String ref = m.get(CommonField.REFERRAL_ID);
            latest.put(fromOrg + "|" + ref, new Object[] {fromOrg, ref, m.get(CommonField.REFERRAL_FROM_CONTACT),
                    m.get(CommonField.REFERRAL_TO_SERVICE), r.hubId(), m.get(CommonField.REFERRAL_REASON),
                    m.get(CommonField.REFERRAL_TYPE), m.get(CommonField.REFERRAL_NEEDS), m.get(CommonField.REFERRAL_CONSENT_GIVEN),
                    m.get(CommonField.REFERRAL_CONSENT_DATE), m.get(CommonField.REFERRAL_CONSENT_SCOPE),
                    m.get(CommonField.REFERRAL_CREATED_AT), m.line(), lawfulBasis(m), m.get(CommonField.REFERRAL_CONSENT_GIVEN_BY),
                    m.get(CommonField.REFERRAL_VENUE)});
        }
        BulkSql.Columns rows = new BulkSql.Columns("text", "text", "text", "text", "uuid", "text", "text", "text", "bool",
                "date", "text", "timestamptz", "int8", "text", "text", "text");
        latest.values().forEach(rows::add);
        // a referral sent again with changes updates what was received; its life cycle stays where it is
        BulkSql.update(jdbc, """
                insert into referral (from_org, referral_ref, from_contact, to_service, hub_id, reason, referral_type, needs,
                  consent_given, consent_date, consent_scope, created_at, run_id, line_no, lawful_basis, consent_given_by, venue)
                select fo, rr, fc, ts, h, re, rt, ne, cg, cd, cs, ca, ?, ln, lb, gb, vn
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[],
                  ?::boolean[], ?::date[], ?::text[], ?::timestamptz[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                  as v(fo, rr, fc, ts, h, re, rt, ne, cg, cd, cs, ca, ln, lb, gb, vn)
                on conflict (from_org, referral_ref) do update set from_contact = excluded.from_contact,
                  to_service = excluded.to_service, reason = excluded.reason, referral_type = excluded.referral_type,
                  needs = excluded.needs, consent_given = excluded.consent_given, consent_date = excluded.consent_date,
                  consent_scope = excluded.consent_scope, run_id = excluded.run_id, line_no = excluded.line_no,
                  lawful_basis = excluded.lawful_basis, consent_given_by = excluded.consent_given_by,
                  venue = excluded.venue""", runId, rows);
        jdbc.update("""
                insert into referral_event (referral_id, state, actor, note)
                select id, 'RECEIVED', from_org, 'received through feed ' || ? from referral r
                where run_id = ? and not exists (select 1 from referral_event e where e.referral_id = r.id)""", feedId, runId);
    }
}
