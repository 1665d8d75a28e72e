package org.pathwayshub.person;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.pathwayshub.mapping.CodeList;
import org.pathwayshub.mapping.CodeLists;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the common record of young people. */
@Repository
public class YoungPeople {

    private final JdbcTemplate jdbc;
    private final CodeList firstLanguages;

    public YoungPeople(JdbcTemplate jdbc, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.firstLanguages = codeLists.get("first-language");
    }

    /** The person an identifier names (following merges), if any. */
    public Optional<UUID> findByIdentifier(String scheme, String value) {
        return jdbc.query("""
                select coalesce(p.merged_into, p.hub_id) from person_identifier i join young_person p on p.hub_id = i.hub_id
                where i.scheme = ? and i.value = ?""", (rs, n) -> rs.getObject(1, UUID.class), scheme, value)
                .stream().findFirst();
    }

    public Optional<YoungPersonRecord> find(UUID hubId) {
        record Person(UUID hubId, String given, String middle, String family, LocalDate dob, String gender, String postcode) {
        }
        Optional<Person> person = jdbc.query("""
                select hub_id, given_name, middle_names, family_name, dob, gender, postcode from young_person
                where hub_id = ?""", (rs, n) -> new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getString(4), localDate(rs.getDate(5)), trim(rs.getString(6)), rs.getString(7)), hubId).stream().findFirst();
        if (person.isEmpty()) {
            return Optional.empty();
        }
        Person p = person.get();
        List<YoungPersonRecord.Identifier> ids = jdbc.query("""
                select scheme, value, source_feed from person_identifier where hub_id in
                  (select hub_id from young_person where hub_id = ? or merged_into = ?) order by scheme, created_at""",
                (rs, n) -> new YoungPersonRecord.Identifier(rs.getString(1), rs.getString(2), rs.getString(3)), hubId, hubId);
        YoungPersonRecord.Census census = jdbc.query("""
                select c.census_date, c.laestab, c.nc_year, c.fsm, c.sen_provision, c.first_language, r.feed_id, c.run_id
                from school_census c join feed_run r on r.id = c.run_id where c.hub_id = ?
                order by c.census_date desc, c.recorded_at desc limit 1""",
                (rs, n) -> new YoungPersonRecord.Census(localDate(rs.getDate(1)), rs.getString(2), (Integer) intOrNull(rs.getObject(3)),
                        (Boolean) rs.getObject(4), trim(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getLong(8)),
                hubId).stream().findFirst().orElse(null);
        YoungPersonRecord.Attendance attendance = jdbc.query("""
                select laestab, period_start, period_end, sessions_possible, sessions_attended, suspension_count,
                  suspension_sessions, permanent_exclusion_date from attendance where hub_id = ?
                order by period_end desc, period_start desc limit 1""",
                (rs, n) -> {
                    int possible = rs.getInt(4);
                    int attended = rs.getInt(5);
                    Double pct = possible == 0 ? null : BigDecimal.valueOf(attended * 100.0 / possible)
                            .setScale(1, RoundingMode.HALF_UP).doubleValue();
                    return new YoungPersonRecord.Attendance(rs.getString(1), localDate(rs.getDate(2)), localDate(rs.getDate(3)),
                            possible, attended, pct, (Integer) rs.getObject(6), (Integer) rs.getObject(7), localDate(rs.getDate(8)));
                }, hubId).stream().findFirst().orElse(null);
        Boolean eal = null;
        if (census != null && census.firstLanguage() != null) {
            Object attr = firstLanguages.attribute(census.firstLanguage(), "eal");
            eal = attr instanceof Boolean b ? b : null;
        }
        return Optional.of(new YoungPersonRecord(p.hubId(), first(ids, "UPN"), first(ids, "ULN"), first(ids, "YPID"),
                first(ids, "NINO"), p.given(), p.middle(), p.family(), p.dob(), p.gender(), p.postcode(),
                census == null ? null : census.laEstab(), census == null ? null : census.ncYear(),
                census == null ? null : census.fsm(), census == null ? null : census.senProvision(), eal,
                census == null ? null : census.firstLanguage(), census, attendance, ids));
    }

    private static String first(List<YoungPersonRecord.Identifier> ids, String scheme) {
        return ids.stream().filter(i -> i.scheme().equals(scheme)).map(YoungPersonRecord.Identifier::value).findFirst().orElse(null);
    }

    private static LocalDate localDate(Date d) {
        return d == null ? null : d.toLocalDate();
    }

    private static Object intOrNull(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
