package org.pathwayshub.retention;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Erases person records (a young person and every record merged into them) with every row that holds personal data
 * about them, in the caller's transaction: their details and identifiers, every fact any feed gave (census, attendance,
 * activities, characteristics, tracking, September Guarantee, claims), risk assessments and practitioners' reviews,
 * alerts with their deliveries and the messages queued for them, referrals with their history and deadlines, identity
 * merges and review pairs, contact attempts and assignments, the flags schools added, disengagement reasons and
 * interventions offered, the NCCIS problems and leavers recorded against them, and the quarantined records and warnings
 * that name them by an identifier the hub holds for them.
 *
 * <p>The audits stay, cut loose from the person: the access audit keeps who read a young person's record and when,
 * the disclosure audit which service was given which fields of an alert of which type and when, without the hub id or
 * the alert's reason. What holds no personal data stays too: run counts, content keys of records already seen (so an
 * old file sent again does not bring an erased young person back), and change events that carry hub ids only.
 */
@Component
public class YoungPersonErasure {

    /** Alert deliveries' messages, kept in the outbox once published (a dead letter is replayed from them). */
    private static final String DELIVERY_MESSAGE = "destination like 'queue:hub.deliver.%'";

    private final JdbcTemplate jdbc;

    public YoungPersonErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param records every person record of the young people to erase: each one's own and those merged into it
     * @return rows erased (or, for the audits, cut loose from the person) by table, in the order they went
     */
    public Map<String, Integer> erase(Collection<UUID> records) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        if (records.isEmpty()) {
            return rows;
        }
        BulkSql.Column people = BulkSql.column("uuid", records);

        List<UUID> alerts = BulkSql.query(jdbc, "select id from alert where hub_id = any(?)",
                (rs, n) -> rs.getObject(1, UUID.class), people);
        BulkSql.Column alertIds = BulkSql.column("uuid", alerts);
        if (!alerts.isEmpty()) {
            List<Long> deliveries = BulkSql.query(jdbc, "select id from alert_delivery where alert_id = any(?)",
                    (rs, n) -> rs.getLong(1), alertIds);
            if (!deliveries.isEmpty()) {
                rows.put("outbox", deliveryMessages(BulkSql.column("int8", deliveries), alerts));
            }
            rows.put("alert_delivery", update("delete from alert_delivery where alert_id = any(?)", alertIds));
        }
        rows.put("disclosure_audit", update("""
                update disclosure_audit set hub_id = null, reason = split_part(reason, ':', 1) || ': a young person since erased'
                where hub_id = any(?)""", people));
        rows.put("alert", update("delete from alert where id = any(?)", alertIds));

        BulkSql.Column referrals = BulkSql.column("int8", BulkSql.query(jdbc, "select id from referral where hub_id = any(?)",
                (rs, n) -> rs.getLong(1), people));
        rows.put("referral_deadline_breach", update("delete from referral_deadline_breach where referral_id = any(?)", referrals));
        rows.put("referral_event", update("delete from referral_event where referral_id = any(?)", referrals));
        rows.put("referral", update("delete from referral where id = any(?)", referrals));

        rows.put("risk_review", update("delete from risk_review where hub_id = any(?)", people));
        rows.put("risk_assessment", update("delete from risk_assessment where hub_id = any(?)", people));

        rows.put("identity_review", update("delete from identity_review where hub_id = any(?) or candidate_id = any(?)",
                people, people));
        BulkSql.Column merges = BulkSql.column("int8", BulkSql.query(jdbc,
                "select id from identity_merge where from_hub_id = any(?) or into_hub_id = any(?)", (rs, n) -> rs.getLong(1),
                people, people));
        update("update identity_review set merge_id = null where merge_id = any(?)", merges);
        rows.put("identity_merge", update("delete from identity_merge where id = any(?)", merges));

        rows.put("contact_attempt", update("delete from contact_attempt where hub_id = any(?)", people));
        rows.put("contact_assignment", update("delete from contact_assignment where hub_id = any(?)", people));
        rows.put("school_flag", update("delete from school_flag where hub_id = any(?)", people));

        rows.put("intervention", update("delete from intervention where hub_id = any(?)", people));
        rows.put("disengagement_reason", update("delete from disengagement_reason where hub_id = any(?)", people));

        rows.put("nccis_return_error", update("delete from nccis_return_error where hub_id = any(?)", people));
        rows.put("nccis_return_leaver", update("delete from nccis_return_leaver where hub_id = any(?)", people));

        quarantineAndWarnings(people, rows);

        for (String facts : List.of("school_census", "attendance", "activity", "characteristic", "tracking_status",
                "september_guarantee", "benefit_claim", "person_identifier")) {
            rows.put(facts, update("delete from " + facts + " where hub_id = any(?)", people));
        }
        rows.put("access_audit", update("update access_audit set hub_id = null where hub_id = any(?)", people));
        // in one statement: the records merged into a young person go with them
        rows.put("young_person", update("delete from young_person where hub_id = any(?)", people));
        rows.values().removeIf(n -> n == 0);
        return rows;
    }

    private int update(String sql, Object... params) {
        return BulkSql.update(jdbc, sql, params);
    }

    /**
     * The messages queued for these deliveries go: a delivery's own message, and from a digest (one message listing
     * several young people's alerts) these alerts, the digest going too when nothing is left in it. A digest is known
     * by its first delivery: one whose first went is known by the next.
     */
    private int deliveryMessages(BulkSql.Column deliveries, List<UUID> alerts) {
        int n = update("delete from outbox where " + DELIVERY_MESSAGE + """
                 and (payload -> 'deliveryIds') is null and (payload ->> 'deliveryId')::bigint = any(?)""", deliveries);
        BulkSql.Column alertIds = BulkSql.column("text", alerts.stream().map(UUID::toString).toList());
        n += update("""
                update outbox o set payload = jsonb_set(jsonb_set(jsonb_set(jsonb_set(o.payload, '{deliveryIds}', k.ids),
                    '{deliveryId}', coalesce(k.ids -> 0, o.payload -> 'deliveryId')), '{body,alerts}', k.alerts),
                    '{body,count}', to_jsonb(jsonb_array_length(k.alerts)))
                from (select d.id,
                        coalesce((select jsonb_agg(e.v order by e.n)
                                  from jsonb_array_elements(d.payload -> 'deliveryIds') with ordinality e(v, n)
                                  where (e.v #>> '{}')::bigint <> all(?)), '[]') as ids,
                        coalesce((select jsonb_agg(a.v order by a.n)
                                  from jsonb_array_elements(d.payload #> '{body,alerts}') with ordinality a(v, n)
                                  where coalesce(a.v ->> 'alertId', '') <> all(?)), '[]') as alerts
                      from outbox d
                      where (d.payload -> 'deliveryIds') is not null and exists (
                        select 1 from jsonb_array_elements_text(d.payload -> 'deliveryIds') e
                        where e::bigint = any(?))) k
                where o.id = k.id""", deliveries, alertIds, deliveries);
        update("delete from outbox where (payload -> 'deliveryIds') is not null and payload -> 'deliveryIds' = '[]'");
        return n;
    }

    /**
     * Records quarantined, and warnings about stored ones, name the record by the identifier the partner sent (its
     * record key): those naming one of these people's identifiers go, a partner's own reference only in that
     * partner's feed.
     */
    private void quarantineAndWarnings(BulkSql.Column people, Map<String, Integer> rows) {
        BulkSql.Columns identifiers = new BulkSql.Columns("text", "text");
        BulkSql.query(jdbc, "select scheme, value from person_identifier where hub_id = any(?)",
                rs -> identifiers.add(rs.getString(1), rs.getString(2)), people);
        if (identifiers.isEmpty()) {
            return;
        }
        List<Long> issues = new ArrayList<>();
        Set<Long> runs = new LinkedHashSet<>();
        Set<Long> quarantined = new LinkedHashSet<>();
        BulkSql.query(jdbc, """
                select i.id, i.run_id, i.quarantined_id
                from unnest(?::text[], ?::text[]) as k(scheme, value)
                join record_issue i on i.record_key = k.value
                join feed_run r on r.id = i.run_id
                where k.scheme not like 'LOCAL:%' or r.feed_id = substr(k.scheme, length('LOCAL:') + 1)""", rs -> {
            issues.add(rs.getLong(1));
            runs.add(rs.getLong(2));
            long q = rs.getLong(3);
            if (!rs.wasNull()) {
                quarantined.add(q);
            }
        }, identifiers);
        if (issues.isEmpty()) {
            return;
        }
        BulkSql.Column quarantinedIds = BulkSql.column("int8", quarantined);
        // every problem of a quarantined record goes with it, one that did not repeat its key too
        rows.put("record_issue", update("delete from record_issue where id = any(?)", BulkSql.column("int8", issues))
                + update("delete from record_issue where run_id = any(?) and quarantined_id = any(?)",
                        BulkSql.column("int8", runs), quarantinedIds));
        rows.put("quarantined_record", update("delete from quarantined_record where id = any(?)", quarantinedIds));
    }
}
