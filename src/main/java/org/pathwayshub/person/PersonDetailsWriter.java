package org.pathwayshub.person;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.pathwayshub.mapping.CommonField;
import org.pathwayshub.mapping.MappedRecord;
import org.pathwayshub.mapping.Section;
import org.pathwayshub.store.FactWriter;
import org.pathwayshub.store.ResolvedRecord;
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
            CommonField.FAMILY_NAME, CommonField.DOB, CommonField.GENDER, CommonField.POSTCODE);

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
        List<Object[]> rows = new ArrayList<>(latest.size());
        latest.forEach((hubId, m) -> {
            LocalDate dob = m.get(CommonField.DOB);
            LocalDate census = m.get(CommonField.CENSUS_DATE);
            Date asOf = Date.valueOf(census != null ? census : today);
            rows.add(new Object[] {m.get(CommonField.GIVEN_NAME), m.get(CommonField.MIDDLE_NAMES),
                    m.get(CommonField.FAMILY_NAME), dob == null ? null : Date.valueOf(dob), m.get(CommonField.GENDER),
                    m.get(CommonField.POSTCODE), asOf, feedId, hubId, asOf});
        });
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    update young_person set given_name = coalesce(?, given_name), middle_names = coalesce(?, middle_names),
                      family_name = coalesce(?, family_name), dob = coalesce(?, dob), gender = coalesce(?, gender),
                      postcode = coalesce(?, postcode), details_as_of = ?, details_feed = ?, updated_at = now()
                    where hub_id = ? and (details_as_of is null or details_as_of <= ?)""", rows);
        }
    }
}
