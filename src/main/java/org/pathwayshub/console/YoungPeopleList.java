package org.pathwayshub.console;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Young people as the data team lists them: each with their last census school and year group and their current
 * RONI band, filtered by band, school and year group, highest risk first, a page at a time.
 */
@Component
public class YoungPeopleList {

    private final JdbcTemplate jdbc;

    public YoungPeopleList(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One young person in a list. */
    public record Row(UUID hubId, String givenName, String familyName, LocalDate dob, String school, Integer yearGroup,
                      String band, Integer score) {
    }

    /** What the list is filtered by; null: any. */
    public record Filter(String band, String school, Integer yearGroup) {
    }

    private static final String FROM = """
            from young_person p
            cross join lateral (select array_agg(m.hub_id) as family from young_person m
                                where m.hub_id = p.hub_id or m.merged_into = p.hub_id) f
            left join lateral (select c.laestab, c.nc_year from school_census c where c.hub_id = any(f.family)
                               order by c.census_date desc limit 1) sc on true
            left join lateral (select a.band, a.score from risk_assessment a where a.hub_id = p.hub_id
                               and a.superseded_at is null and a.in_scope order by a.id desc limit 1) ra on true
            where p.merged_into is null and (?::text is null or ra.band = ?) and (?::text is null or sc.laestab = ?)
              and (?::int is null or sc.nc_year = ?)
            """;

    public List<Row> page(Filter filter, int page, int size) {
        return jdbc.query("select p.hub_id, p.given_name, p.family_name, p.dob, sc.laestab, sc.nc_year, ra.band, ra.score "
                        + FROM + " order by ra.score desc nulls last, p.family_name, p.given_name, p.hub_id offset ? limit ?",
                (rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), trim(rs.getString(5)), (Integer) rs.getObject(6), rs.getString(7),
                        (Integer) rs.getObject(8)),
                filter.band(), filter.band(), filter.school(), filter.school(), filter.yearGroup(), filter.yearGroup(),
                page * size, size);
    }

    public long count(Filter filter) {
        Long n = jdbc.queryForObject("select count(*) " + FROM, Long.class, filter.band(), filter.band(), filter.school(),
                filter.school(), filter.yearGroup(), filter.yearGroup());
        return n == null ? 0 : n;
    }

    /** The schools of the censuses, for the filter. */
    public List<String> schools() {
        return jdbc.queryForList("select distinct laestab from school_census order by laestab", String.class).stream()
                .map(YoungPeopleList::trim).toList();
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }
}
