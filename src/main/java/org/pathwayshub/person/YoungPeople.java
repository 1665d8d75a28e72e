package org.pathwayshub.person;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the common record of young people. */
@Repository
public class YoungPeople {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String FAMILY = "(select hub_id from young_person where hub_id = ? or merged_into = ?)";

    private final JdbcTemplate jdbc;
    private final CodeList firstLanguages;
    private final CodeList activities;
    private final CodeList characteristicCodes;

    public YoungPeople(JdbcTemplate jdbc, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.firstLanguages = codeLists.get("first-language");
        this.activities = codeLists.get("activity");
        this.characteristicCodes = codeLists.get("characteristic");
    }

    /** The young person a person record belongs to (itself, unless merged into another). */
    public Optional<UUID> master(UUID hubId) {
        return jdbc.query("select coalesce(merged_into, hub_id) from young_person where hub_id = ?",
                (rs, n) -> rs.getObject(1, UUID.class), hubId).stream().findFirst();
    }

    /** The person an identifier names (following merges), if any. */
    public Optional<UUID> findByIdentifier(String scheme, String value) {
        return jdbc.query("""
                select coalesce(p.merged_into, p.hub_id) from person_identifier i join young_person p on p.hub_id = i.hub_id
                where i.scheme = ? and i.value = ?""", (rs, n) -> rs.getObject(1, UUID.class), scheme, value)
                .stream().findFirst();
    }

    /** The common record of a young person: their own details, and every fact from every record merged into them. */
    public Optional<YoungPersonRecord> find(UUID requested) {
        Optional<UUID> master = master(requested);
        if (master.isEmpty()) {
            return Optional.empty();
        }
        UUID hubId = master.get();
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
                select scheme, value, source_feed from person_identifier where hub_id in """ + FAMILY + """
                 order by scheme, created_at""",
                (rs, n) -> new YoungPersonRecord.Identifier(rs.getString(1), rs.getString(2), rs.getString(3)), hubId, hubId);
        YoungPersonRecord.Census census = jdbc.query("""
                select c.census_date, c.laestab, c.nc_year, c.fsm, c.sen_provision, c.first_language, r.feed_id, c.run_id
                from school_census c join feed_run r on r.id = c.run_id where c.hub_id in """ + FAMILY + """
                 order by c.census_date desc, c.recorded_at desc limit 1""",
                (rs, n) -> new YoungPersonRecord.Census(localDate(rs.getDate(1)), rs.getString(2), (Integer) intOrNull(rs.getObject(3)),
                        (Boolean) rs.getObject(4), trim(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getLong(8)),
                hubId, hubId).stream().findFirst().orElse(null);
        YoungPersonRecord.Attendance attendance = jdbc.query("""
                select laestab, period_start, period_end, sessions_possible, sessions_attended, suspension_count,
                  suspension_sessions, permanent_exclusion_date from attendance where hub_id in """ + FAMILY + """
                 order by period_end desc, period_start desc limit 1""",
                (rs, n) -> {
                    int possible = rs.getInt(4);
                    int attended = rs.getInt(5);
                    Double pct = possible == 0 ? null : BigDecimal.valueOf(attended * 100.0 / possible)
                            .setScale(1, RoundingMode.HALF_UP).doubleValue();
                    return new YoungPersonRecord.Attendance(rs.getString(1), localDate(rs.getDate(2)), localDate(rs.getDate(3)),
                            possible, attended, pct, (Integer) rs.getObject(6), (Integer) rs.getObject(7), localDate(rs.getDate(8)));
                }, hubId, hubId).stream().findFirst().orElse(null);
        List<YoungPersonRecord.Activity> history = activityHistory(hubId);
        YoungPersonRecord.Activity current = history.stream()
                .filter(a -> a.effectiveEnd() == null || a.effectiveEnd().isAfter(LocalDate.now()))
                .reduce((a, b) -> b).orElse(null);
        List<UUID> merged = jdbc.query("select hub_id from young_person where merged_into = ? order by created_at",
                (rs, n) -> rs.getObject(1, UUID.class), hubId);
        Boolean eal = null;
        if (census != null && census.firstLanguage() != null) {
            Object attr = firstLanguages.attribute(census.firstLanguage(), "eal");
            eal = attr instanceof Boolean b ? b : null;
        }
        return Optional.of(new YoungPersonRecord(p.hubId(), first(ids, "UPN"), first(ids, "ULN"), first(ids, "YPID"),
                first(ids, "NINO"), p.given(), p.middle(), p.family(), p.dob(), p.gender(), p.postcode(),
                census == null ? null : census.laEstab(), census == null ? null : census.ncYear(),
                census == null ? null : census.fsm(), census == null ? null : census.senProvision(), eal,
                census == null ? null : census.firstLanguage(), census, attendance, current, history,
                characteristics(hubId), tracking(hubId), guarantees(hubId), claims(hubId), risk(hubId), ids, merged));
    }

    /**
     * Spells oldest first; a spell without an end date from its source ends where the next one starts. The
     * latest spell that has not ended is the current activity.
     */
    private List<YoungPersonRecord.Activity> activityHistory(UUID hubId) {
        List<YoungPersonRecord.Activity> spells = jdbc.query("""
                select activity_code, start_date, end_date, date_ascertained, date_verified, due_to_lapse_date,
                  neet_start_date, predicted_end_date, ukprn, establishment_number, source_feed,
                  lead(start_date) over (order by start_date, coalesce(date_verified, date_ascertained), recorded_at) as next_start
                from activity where hub_id in """ + FAMILY + """
                 order by start_date, coalesce(date_verified, date_ascertained), recorded_at""",
                (rs, n) -> {
                    String code = rs.getString(1).trim();
                    LocalDate end = localDate(rs.getDate(3));
                    LocalDate next = localDate(rs.getDate(12));
                    LocalDate effective = end != null ? end : next;
                    Object group = activities.attribute(code, "group");
                    return new YoungPersonRecord.Activity(code, activities.label(code), group == null ? null : group.toString(),
                            localDate(rs.getDate(2)), end, effective, localDate(rs.getDate(4)), localDate(rs.getDate(5)),
                            localDate(rs.getDate(6)), localDate(rs.getDate(7)), localDate(rs.getDate(8)), trim(rs.getString(9)),
                            trim(rs.getString(10)), rs.getString(11));
                }, hubId, hubId);
        return spells;
    }

    private List<YoungPersonRecord.Characteristic> characteristics(UUID hubId) {
        return jdbc.query("""
                select code, from_date, to_date, source_feed, first_seen, last_seen from characteristic
                where hub_id in """ + FAMILY + " order by code, from_date nulls first, first_seen",
                (rs, n) -> new YoungPersonRecord.Characteristic(rs.getString(1), characteristicCodes.label(rs.getString(1)),
                        localDate(rs.getDate(2)), localDate(rs.getDate(3)), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()), hubId, hubId);
    }

    private YoungPersonRecord.Tracking tracking(UUID hubId) {
        return jdbc.query("""
                select cohort_status, lead_la, level_of_need, send, sen_support, transferred_to_la, source_feed
                from tracking_status where hub_id in """ + FAMILY + " order by recorded_at desc limit 1",
                (rs, n) -> new YoungPersonRecord.Tracking(trim(rs.getString(1)), trim(rs.getString(2)), trim(rs.getString(3)),
                        (Boolean) rs.getObject(4), (Boolean) rs.getObject(5), trim(rs.getString(6)), rs.getString(7)),
                hubId, hubId).stream().findFirst().orElse(null);
    }

    private List<YoungPersonRecord.Guarantee> guarantees(UUID hubId) {
        return jdbc.query("""
                select year_group, guarantee_status, la_code, offer_ukprn, offer_date, intended_destination, source_feed
                from september_guarantee where hub_id in """ + FAMILY + " order by year_group, recorded_at desc",
                (rs, n) -> new YoungPersonRecord.Guarantee(rs.getInt(1), rs.getString(2), trim(rs.getString(3)),
                        trim(rs.getString(4)), localDate(rs.getDate(5)), rs.getString(6), rs.getString(7)), hubId, hubId);
    }

    private YoungPersonRecord.Risk risk(UUID hubId) {
        return jdbc.query("""
                select score, band, rule_set, rule_set_version, as_at, nc_year, in_scope, factors::text from risk_assessment
                where hub_id = ? and superseded_at is null""", (rs, n) -> {
            com.fasterxml.jackson.databind.JsonNode factors;
            try {
                factors = JSON.readTree(rs.getString(8));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                factors = null;
            }
            return new YoungPersonRecord.Risk(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    localDate(rs.getDate(5)), (Integer) rs.getObject(6), rs.getBoolean(7), factors);
        }, hubId).stream().findFirst().orElse(null);
    }

    private List<YoungPersonRecord.Claim> claims(UUID hubId) {
        return jdbc.query("""
                select claim_start, benefit_type, jobcentre_office, consent_to_share from benefit_claim
                where hub_id in """ + FAMILY + " order by claim_start desc",
                (rs, n) -> new YoungPersonRecord.Claim(localDate(rs.getDate(1)), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4)), hubId, hubId);
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
