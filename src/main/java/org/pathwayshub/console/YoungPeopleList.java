package org.pathwayshub.console;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Young people as the data team finds and lists them: each with their last census school and year group, their
 * current activity and their current RONI band; searched by name, date of birth or an identifier (UPN, ULN, NINO,
 * YoungPersonsID, hub id), filtered by band, school, year group and activity, highest risk first, a page at a time.
 */
@Component
public class YoungPeopleList {

    private final JdbcTemplate jdbc;

    public YoungPeopleList(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One young person in a list. */
    public record Row(UUID hubId, String givenName, String familyName, LocalDate dob, String school, Integer yearGroup,
                      String activity, String band, Integer score) {
    }

    /**
     * What the list is filtered by; null: any.
     *
     * @param search     words of a name, a date of birth (2009-03-14 or 14/03/2009) or an identifier
     * @param activities current activity codes (a code, or every code of a group such as neet)
     */
    public record Filter(String search, String band, String school, Integer yearGroup, List<String> activities) {

        /** The words of a name search, each to be found in the name; null when the search is not a name. */
        String[] nameWords() {
            if (search == null || dob() != null) {
                return null;
            }
            return java.util.Arrays.stream(search.toLowerCase(java.util.Locale.ROOT).split("\\s+"))
                    .filter(w -> !w.isBlank()).map(w -> "%" + w.replace("%", "").replace("_", "") + "%").toArray(String[]::new);
        }

        LocalDate dob() {
            if (search == null) {
                return null;
            }
            for (String pattern : List.of("yyyy-MM-dd", "dd/MM/yyyy")) {
                try {
                    return LocalDate.parse(search.strip(), java.time.format.DateTimeFormatter.ofPattern(pattern));
                } catch (java.time.format.DateTimeParseException e) {
                    // not this form
                }
            }
            return null;
        }

        Object[] parameters() {
            String identifier = search == null ? null : search.strip().toUpperCase(java.util.Locale.ROOT);
            String[] words = nameWords();
            LocalDate dob = dob();
            String[] codes = activities == null ? null : activities.toArray(String[]::new);
            return new Object[] {search, words, words, dob, dob, identifier, identifier, band, band, school, school,
                    yearGroup, yearGroup, codes, codes};
        }
    }

    private static final String FROM = """
            from young_person p
            cross join lateral (select array_agg(m.hub_id) as family from young_person m
                                where m.hub_id = p.hub_id or m.merged_into = p.hub_id) f
            left join lateral (select c.laestab, c.nc_year from school_census c where c.hub_id = any(f.family)
                               order by c.census_date desc limit 1) sc on true
            left join lateral (select a.band, a.score from risk_assessment a where a.hub_id = p.hub_id
                               and a.superseded_at is null and a.in_scope order by a.id desc limit 1) ra on true
            left join lateral (select a.activity_code from activity a where a.hub_id = any(f.family)
                               and (a.end_date is null or a.end_date >= current_date)
                               order by a.start_date desc nulls last, a.id desc limit 1) ac on true
            where p.merged_into is null
              and (?::text is null
                   or (?::text[] is not null and lower(p.given_name || ' ' || p.family_name) like all (?::text[]))
                   or (?::date is not null and p.dob = ?::date)
                   or upper(p.hub_id::text) = ?
                   or exists (select 1 from person_identifier i where i.hub_id = any(f.family) and upper(i.value) = ?))
              and (?::text is null or ra.band = ?) and (?::text is null or sc.laestab = ?)
              and (?::int is null or sc.nc_year = ?)
              and (?::text[] is null or ac.activity_code = any(?::text[]))
            """;

    public List<Row> page(Filter filter, int page, int size) {
        Object[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(filter.parameters()),
                java.util.stream.Stream.of(page * size, size)).toArray();
        return jdbc.query("select p.hub_id, p.given_name, p.family_name, p.dob, sc.laestab, sc.nc_year, ac.activity_code,"
                        + " ra.band, ra.score " + FROM
                        + " order by ra.score desc nulls last, p.family_name, p.given_name, p.hub_id offset ? limit ?",
                (rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), trim(rs.getString(5)), (Integer) rs.getObject(6),
                        rs.getString(7), rs.getString(8), (Integer) rs.getObject(9)),
                args);
    }

    public long count(Filter filter) {
        Long n = jdbc.queryForObject("select count(*) " + FROM, Long.class, filter.parameters());
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
