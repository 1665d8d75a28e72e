package org.pathwayshub.nccis;

/**
 * The SQL the NCCIS outputs (the return, the Annual Activity Survey, the headline measures) share to see a young person
 * as the hub holds them: every person record merged into them, their newest details, the latest value any source gave
 * for each tracking field, and the activity going on on a day. Each fragment joins onto {@code young_person p}.
 */
final class CohortSql {

    private CohortSql() {
    }

    /** {@code f.family}: the young person and every person record merged into them. */
    static final String FAMILY = """
            cross join lateral (select array_agg(m.hub_id) as family from young_person m
                                where m.hub_id = p.hub_id or m.merged_into = p.hub_id) f
            """;

    /** {@code d}: the newest details of the family (a record with a date of birth first). */
    static final String DETAILS = """
            cross join lateral (
              select * from young_person m where m.hub_id = any(f.family)
              order by (m.dob is null), m.details_as_of desc nulls last, (m.hub_id = p.hub_id) desc limit 1) d
            """;

    /**
     * {@code ids}: their YoungPersonsID of this LA's database ({@code ypid}), one of another database
     * ({@code other_ypid}), ULN and UPN. Parameters: the DatabaseID, twice.
     */
    static final String IDENTIFIERS = """
            left join lateral (
              select min(i.value) filter (where i.scheme = 'YPID' and i.value like ? || '%') as ypid,
                     min(i.value) filter (where i.scheme = 'YPID' and i.value not like ? || '%') as other_ypid,
                     min(i.value) filter (where i.scheme = 'ULN') as uln, min(i.value) filter (where i.scheme = 'UPN') as upn
              from person_identifier i where i.hub_id = any(f.family)) ids on true
            """;

    /**
     * {@code t}: each tracking value the latest any source gave (a provider's extract carrying only the level of need
     * does not blank the cohort status the CCIS sent).
     */
    static final String TRACKING = """
            left join lateral (
              select (array_agg(t.cohort_status order by t.recorded_at desc) filter (where t.cohort_status is not null))[1] as cohort_status,
                (array_agg(t.lead_la order by t.recorded_at desc) filter (where t.lead_la is not null))[1] as lead_la,
                (array_agg(t.educated_la order by t.recorded_at desc) filter (where t.educated_la is not null))[1] as educated_la,
                (array_agg(t.transferred_to_la order by t.recorded_at desc) filter (where t.transferred_to_la is not null))[1]
                  as transferred_to_la,
                (array_agg(t.la_at_year11 order by t.recorded_at desc) filter (where t.la_at_year11 is not null))[1] as la_at_year11,
                (array_agg(t.previous_ypid order by t.recorded_at desc) filter (where t.previous_ypid is not null))[1] as previous_ypid,
                (array_agg(t.guarantee_indicator order by t.recorded_at desc) filter (where t.guarantee_indicator is not null))[1]
                  as guarantee_indicator,
                (array_agg(t.level_of_need order by t.recorded_at desc) filter (where t.level_of_need is not null))[1] as level_of_need,
                (array_agg(t.send order by t.recorded_at desc) filter (where t.send is not null))[1] as send,
                (array_agg(t.sen_support order by t.recorded_at desc) filter (where t.sen_support is not null))[1] as sen_support
              from tracking_status t where t.hub_id = any(f.family)) t on true
            """;

    /**
     * {@code a}: the activity spell going on on a day, started most recently; of two sources reporting spells that start
     * the same day (the CCIS's 280 special post-16 institution, a college's enrolment read as 230 further education),
     * the one someone verified, then the one recorded last. Parameters: the day, twice.
     */
    static final String ACTIVITY_ON_DAY = """
            left join lateral (
              select * from activity a where a.hub_id = any(f.family) and a.start_date <= ?
                and (a.end_date is null or a.end_date > ?) and not coalesce(a.withdrawn, false)
              order by a.start_date desc, (a.date_verified is not null) desc, a.recorded_at desc limit 1) a on true
            """;
}
