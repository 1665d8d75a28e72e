package org.pathwayshub.record;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Activity spells as each source reports them: a spell is the young person, the source, the activity code,
 * its start date and the provider. A source reporting the same spell again updates it (a later date
 * verified, a withdrawal that ends it). Which spell is current is derived when read, never stored twice.
 */
@Component
public class ActivityWriter implements FactWriter {

    private final JdbcTemplate jdbc;

    public ActivityWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Section section() {
        return Section.ACTIVITY;
    }

    /** A spell needs at least its code and start date (without them it is reported as a warning, not stored). */
    @Override
    public boolean appliesTo(MappedRecord record) {
        return record.has(CommonField.ACTIVITY_CODE) && record.has(CommonField.ACTIVITY_START);
    }

    private record Key(UUID hubId, String code, LocalDate start, String ukprn, String establishment) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::hubId).thenComparing(Key::code)
            .thenComparing(Key::start).thenComparing(k -> Objects.toString(k.ukprn(), ""))
            .thenComparing(k -> Objects.toString(k.establishment(), ""));

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        Map<Key, MappedRecord> latest = new LinkedHashMap<>();
        for (ResolvedRecord r : records) {
            MappedRecord m = r.record();
            latest.put(new Key(r.hubId(), m.get(CommonField.ACTIVITY_CODE), m.get(CommonField.ACTIVITY_START),
                    m.get(CommonField.UKPRN), m.get(CommonField.ESTABLISHMENT_NUMBER)), m);
        }
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "text", "date", "date", "bool", "date", "date", "date", "date",
                "bool", "date", "date", "text", "text", "text", "text", "int8");
        latest.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER)).forEach(e -> {
            Key k = e.getKey();
            MappedRecord m = e.getValue();
            rows.add(k.hubId(), k.code(), k.start(), m.get(CommonField.ACTIVITY_END), m.get(CommonField.ACTIVITY_WITHDRAWN),
                    m.get(CommonField.DATE_ASCERTAINED), m.get(CommonField.DATE_VERIFIED), m.get(CommonField.REVIEW_DATE),
                    m.get(CommonField.DUE_TO_LAPSE_DATE), m.get(CommonField.CURRENCY_LAPSED),
                    m.get(CommonField.PREDICTED_END_DATE), m.get(CommonField.NEET_START_DATE), k.establishment(),
                    m.get(CommonField.ESTABLISHMENT_NAME), k.ukprn(), m.get(CommonField.PROVIDER_NAME), m.line());
        });
        BulkSql.update(jdbc, """
                insert into activity (hub_id, activity_code, start_date, end_date, withdrawn, date_ascertained, date_verified,
                  review_date, due_to_lapse_date, currency_lapsed, predicted_end_date, neet_start_date,
                  establishment_number, establishment_name, ukprn, provider_name, source_feed, run_id, line_no)
                select h, c, sd, ed, w, da, dv, rd, dl, cl, pe, ns, en, ename, uk, pn, ?, ?, ln
                from unnest(?::uuid[], ?::text[], ?::date[], ?::date[], ?::boolean[], ?::date[], ?::date[], ?::date[], ?::date[],
                  ?::boolean[], ?::date[], ?::date[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                  as v(h, c, sd, ed, w, da, dv, rd, dl, cl, pe, ns, en, ename, uk, pn, ln)
                on conflict (hub_id, source_feed, activity_code, start_date, coalesce(ukprn, ''), coalesce(establishment_number, ''))
                do update set end_date = coalesce(excluded.end_date, activity.end_date),
                  withdrawn = coalesce(excluded.withdrawn, activity.withdrawn),
                  date_ascertained = coalesce(excluded.date_ascertained, activity.date_ascertained),
                  date_verified = coalesce(excluded.date_verified, activity.date_verified),
                  review_date = coalesce(excluded.review_date, activity.review_date),
                  due_to_lapse_date = coalesce(excluded.due_to_lapse_date, activity.due_to_lapse_date),
                  currency_lapsed = coalesce(excluded.currency_lapsed, activity.currency_lapsed),
                  predicted_end_date = coalesce(excluded.predicted_end_date, activity.predicted_end_date),
                  neet_start_date = coalesce(excluded.neet_start_date, activity.neet_start_date),
                  establishment_name = coalesce(excluded.establishment_name, activity.establishment_name),
                  provider_name = coalesce(excluded.provider_name, activity.provider_name),
                  run_id = excluded.run_id, line_no = excluded.line_no, recorded_at = now()""", feedId, runId, rows);
    }
}
