package org.pathwayshub.record;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps a young person's name, date of birth, gender and postcode as the most recent source says: a record
 * as at an earlier date (an old census file loaded late) does not overwrite newer details, and a value a
 * source leaves empty does not erase one the hub has. A person record a batch creates is inserted with its details
 * in one go ({@link #insertNew}), so each row is written once.
 */
@Component
public class PersonDetailsWriter implements FactWriter {

    private static final List<CommonField> DETAILS = List.of(CommonField.GIVEN_NAME, CommonField.MIDDLE_NAMES,
            CommonField.FAMILY_NAME, CommonField.DOB, CommonField.GENDER, CommonField.POSTCODE, CommonField.ETHNICITY,
            CommonField.ADDRESS_LINE_1, CommonField.ADDRESS_LINE_2, CommonField.ADDRESS_LINE_3, CommonField.ADDRESS_LINE_4,
            CommonField.TOWN, CommonField.COUNTY);

    private final JdbcTemplate jdbc;

    public PersonDetailsWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Section section() {
        return Section.PERSON;
    }

    /** A person record this batch creates: its young person (null when it is one) and the record that brought it. */
    public record NewPerson(UUID hubId, UUID mergedInto, MappedRecord record, boolean hasUpn) {
    }

    /**
     * Inserts new person records with their details, in one statement; rows in hub id order, like every writer.
     * {@code hasUpn} is kept on a young person (not on a record folded into one) for the candidate search.
     */
    public void insertNew(String feedId, List<NewPerson> people) {
        if (people.isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.now();
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "uuid", "bool", "text", "text", "text", "date", "text", "text",
                "date", "text", "text", "text", "text", "text", "text", "text", "text");
        people.stream().sorted(Comparator.comparing(NewPerson::hubId)).forEach(p -> {
            MappedRecord m = p.record() != null && hasDetails(p.record()) ? p.record() : null;
            rows.add(p.hubId(), p.mergedInto(), p.hasUpn() && p.mergedInto() == null, value(m, CommonField.GIVEN_NAME),
                    value(m, CommonField.MIDDLE_NAMES), value(m, CommonField.FAMILY_NAME), value(m, CommonField.DOB),
                    value(m, CommonField.GENDER), value(m, CommonField.POSTCODE), m == null ? null : asOf(m, today),
                    value(m, CommonField.ETHNICITY), value(m, CommonField.ADDRESS_LINE_1), value(m, CommonField.ADDRESS_LINE_2),
                    value(m, CommonField.ADDRESS_LINE_3), value(m, CommonField.ADDRESS_LINE_4), value(m, CommonField.TOWN),
                    value(m, CommonField.COUNTY), m == null ? null : feedId);
        });
        BulkSql.update(jdbc, """
                insert into young_person (hub_id, merged_into, has_upn, given_name, middle_names, family_name, dob, gender,
                  postcode, details_as_of, ethnicity, address_line1, address_line2, address_line3, address_line4, town, county,
                  details_feed)
                select * from unnest(?::uuid[], ?::uuid[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::date[],
                  ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                  ?::text[])""", rows);
    }

    /** Whether a record says anything about who the young person is (names, date of birth, address...). */
    public static boolean hasDetails(MappedRecord m) {
        return DETAILS.stream().anyMatch(m::has);
    }

    private static Object value(MappedRecord m, CommonField field) {
        return m == null ? null : m.get(field);
    }

    /** The day the details were true: the census date, or the day they arrived. */
    private static LocalDate asOf(MappedRecord m, LocalDate today) {
        LocalDate census = m.get(CommonField.CENSUS_DATE);
        return census != null ? census : today;
    }

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        LocalDate today = LocalDate.now();
        Map<UUID, MappedRecord> latest = new TreeMap<>();
        for (ResolvedRecord r : records) {
            if (!r.newPerson() && hasDetails(r.record())) {
                latest.put(r.hubId(), r.record());
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "text", "text", "text", "date", "text", "text", "date", "text",
                "text", "text", "text", "text", "text", "text");
        latest.forEach((hubId, m) -> rows.add(hubId, m.get(CommonField.GIVEN_NAME), m.get(CommonField.MIDDLE_NAMES),
                m.get(CommonField.FAMILY_NAME), m.get(CommonField.DOB), m.get(CommonField.GENDER), m.get(CommonField.POSTCODE),
                asOf(m, today), m.get(CommonField.ETHNICITY), m.get(CommonField.ADDRESS_LINE_1),
                m.get(CommonField.ADDRESS_LINE_2), m.get(CommonField.ADDRESS_LINE_3), m.get(CommonField.ADDRESS_LINE_4),
                m.get(CommonField.TOWN), m.get(CommonField.COUNTY)));
        // one statement for the whole batch, rows locked in hub id order like every other writer
        BulkSql.update(jdbc, """
                update young_person p set given_name = coalesce(v.given, p.given_name),
                  middle_names = coalesce(v.middle, p.middle_names), family_name = coalesce(v.family, p.family_name),
                  dob = coalesce(v.dob, p.dob), gender = coalesce(v.gender, p.gender),
                  previous_postcode = case when v.postcode is not null and p.postcode is not null
                    and v.postcode <> p.postcode then p.postcode else p.previous_postcode end,
                  postcode = coalesce(v.postcode, p.postcode), ethnicity = coalesce(v.ethnicity, p.ethnicity),
                  address_line1 = coalesce(v.a1, p.address_line1), address_line2 = coalesce(v.a2, p.address_line2),
                  address_line3 = coalesce(v.a3, p.address_line3), address_line4 = coalesce(v.a4, p.address_line4),
                  town = coalesce(v.town, p.town), county = coalesce(v.county, p.county),
                  details_as_of = v.as_of, details_feed = ?, updated_at = now()
                from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::date[],
                  ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                  as v(hub_id, given, middle, family, dob, gender, postcode, as_of, ethnicity, a1, a2, a3, a4, town, county)
                where p.hub_id = v.hub_id and (p.details_as_of is null or p.details_as_of <= v.as_of)""", feedId, rows);
    }
}
