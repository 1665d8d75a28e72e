package org.pathwayshub.record;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps a young person's name, date of birth, gender and postcode as the most recent source says: a record
 * as at an earlier date (an old census file loaded late) does not overwrite newer details, and a value a
 * source leaves empty does not erase one the hub has.
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

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        LocalDate today = LocalDate.now();
        Map<UUID, MappedRecord> latest = new TreeMap<>();
        for (ResolvedRecord r : records) {
            if (DETAILS.stream().anyMatch(r.record()::has)) {
                latest.put(r.hubId(), r.record());
            }
        }
        int n = latest.size();
        if (n == 0) {
            return;
        }
        UUID[] ids = new UUID[n];
        String[] given = new String[n];
        String[] middle = new String[n];
        String[] family = new String[n];
        Date[] dobs = new Date[n];
        String[] genders = new String[n];
        String[] postcodes = new String[n];
        Date[] asOf = new Date[n];
        String[] ethnicity = new String[n];
        String[][] address = new String[6][n];
        int i = 0;
        for (Map.Entry<UUID, MappedRecord> e : latest.entrySet()) {
            MappedRecord m = e.getValue();
            LocalDate dob = m.get(CommonField.DOB);
            LocalDate census = m.get(CommonField.CENSUS_DATE);
            ids[i] = e.getKey();
            given[i] = m.get(CommonField.GIVEN_NAME);
            middle[i] = m.get(CommonField.MIDDLE_NAMES);
            family[i] = m.get(CommonField.FAMILY_NAME);
            dobs[i] = SqlValues.date(dob);
            genders[i] = m.get(CommonField.GENDER);
            postcodes[i] = m.get(CommonField.POSTCODE);
            ethnicity[i] = m.get(CommonField.ETHNICITY);
            address[0][i] = m.get(CommonField.ADDRESS_LINE_1);
            address[1][i] = m.get(CommonField.ADDRESS_LINE_2);
            address[2][i] = m.get(CommonField.ADDRESS_LINE_3);
            address[3][i] = m.get(CommonField.ADDRESS_LINE_4);
            address[4][i] = m.get(CommonField.TOWN);
            address[5][i] = m.get(CommonField.COUNTY);
            asOf[i++] = Date.valueOf(census != null ? census : today);
        }
        // one statement for the whole batch, rows locked in hub id order like every other writer
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
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
                    where p.hub_id = v.hub_id and (p.details_as_of is null or p.details_as_of <= v.as_of)""");
            ps.setString(1, feedId);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("text", given));
            ps.setArray(4, c.createArrayOf("text", middle));
            ps.setArray(5, c.createArrayOf("text", family));
            ps.setArray(6, c.createArrayOf("date", dobs));
            ps.setArray(7, c.createArrayOf("text", genders));
            ps.setArray(8, c.createArrayOf("text", postcodes));
            ps.setArray(9, c.createArrayOf("date", asOf));
            ps.setArray(10, c.createArrayOf("text", ethnicity));
            for (int a = 0; a < 6; a++) {
                ps.setArray(11 + a, c.createArrayOf("text", address[a]));
            }
            return ps;
        });
    }
}
