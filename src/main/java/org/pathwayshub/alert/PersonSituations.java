package org.pathwayshub.alert;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.Families;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the situation of many young people at once: one query per kind of fact, never one per person. */
@Repository
public class PersonSituations {

    private final JdbcTemplate jdbc;
    private final CodeList activities;
    private final CodeList guaranteeStatuses;

    public PersonSituations(JdbcTemplate jdbc, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.activities = codeLists.get("activity");
        this.guaranteeStatuses = codeLists.get("guarantee-status");
    }

    public Map<UUID, PersonSituation> load(Collection<UUID> masters) {
        Map<UUID, PersonSituation> out = new LinkedHashMap<>();
        if (masters.isEmpty()) {
            return out;
        }
        Map<UUID, UUID> family = Families.recordsOf(jdbc, masters);
        UUID[] records = family.keySet().toArray(UUID[]::new);
        UUID[] ids = masters.toArray(UUID[]::new);

        record Person(LocalDate dob, String given, String family, String gender, String postcode, String previousPostcode) {
        }
        Map<UUID, Person> people = new HashMap<>();
        query("select hub_id, dob, given_name, family_name, gender, postcode, previous_postcode from young_person where hub_id = any(?)",
                ids, rs -> people.put(rs.getObject(1, UUID.class), new Person(date(rs.getDate(2)), rs.getString(3),
                        rs.getString(4), trim(rs.getString(5)), rs.getString(6), rs.getString(7))));
        Map<UUID, Map<String, String>> identifiers = new HashMap<>();
        query("select hub_id, scheme, value from person_identifier where hub_id = any(?) order by created_at", records,
                rs -> identifiers.computeIfAbsent(family.get(rs.getObject(1, UUID.class)), k -> new LinkedHashMap<>())
                        .putIfAbsent(rs.getString(2), rs.getString(3)));
        Map<UUID, String> schools = new HashMap<>();
        Map<UUID, Integer> censusYears = new HashMap<>();
        query("""
                select hub_id, laestab, nc_year from school_census where hub_id = any(?) order by census_date, recorded_at""",
                records, rs -> {
                    UUID m = family.get(rs.getObject(1, UUID.class));
                    schools.put(m, rs.getString(2));
                    censusYears.put(m, (Integer) rs.getObject(3));
                });
        Map<UUID, List<PersonSituation.Spell>> spells = new HashMap<>();
        Map<UUID, List<Object[]>> rawSpells = new HashMap<>();
        query("""
                select hub_id, activity_code, start_date, end_date, due_to_lapse_date,
                  coalesce(date_verified, date_ascertained, recorded_at::date), neet_start_date
                from activity where hub_id = any(?) order by start_date, coalesce(date_verified, date_ascertained), recorded_at""",
                records, rs -> rawSpells.computeIfAbsent(family.get(rs.getObject(1, UUID.class)), k -> new ArrayList<>())
                        .add(new Object[] {rs.getString(2).trim(), date(rs.getDate(3)), date(rs.getDate(4)), date(rs.getDate(5)),
                                date(rs.getDate(6)), date(rs.getDate(7))}));
        rawSpells.forEach((m, list) -> {
            List<PersonSituation.Spell> s = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object[] r = list.get(i);
                LocalDate end = (LocalDate) r[2];
                if (end == null && i + 1 < list.size()) {
                    end = (LocalDate) list.get(i + 1)[1];
                }
                String code = (String) r[0];
                Object group = activities.attribute(code, "group");
                s.add(new PersonSituation.Spell(code, activities.label(code), group == null ? null : group.toString(),
                        Boolean.TRUE.equals(activities.attribute(code, "eet")), (LocalDate) r[1], end, (LocalDate) r[3],
                        (LocalDate) r[4], (LocalDate) r[5]));
            }
            spells.put(m, s);
        });
        Map<UUID, PersonSituation.Assessment> current = new HashMap<>();
        Map<UUID, String> previous = new HashMap<>();
        query("""
                select a.hub_id, a.id, a.band, a.score, a.nc_year, a.in_scope, a.factors::text,
                  (select p.band from risk_assessment p where p.hub_id = a.hub_id and p.id < a.id order by p.id desc limit 1)
                from risk_assessment a where a.hub_id = any(?) and a.superseded_at is null""", ids, rs -> {
            UUID m = rs.getObject(1, UUID.class);
            current.put(m, new PersonSituation.Assessment(rs.getLong(2), rs.getString(3), rs.getInt(4),
                    (Integer) rs.getObject(5), rs.getBoolean(6), rs.getString(7)));
            previous.put(m, rs.getString(8));
        });
        Map<UUID, Boolean> suppressed = new HashMap<>();
        query("""
                select distinct on (hub_id) hub_id, action from risk_review
                where hub_id = any(?) and indicator is null and action in ('SUPPRESS', 'UNSUPPRESS') order by hub_id, id desc""",
                ids, rs -> suppressed.put(rs.getObject(1, UUID.class), "SUPPRESS".equals(rs.getString(2))));
        Map<UUID, List<PersonSituation.Claim>> claims = new HashMap<>();
        query("select hub_id, claim_start, benefit_type, jobcentre_office, consent_to_share from benefit_claim where hub_id = any(?) order by claim_start",
                records, rs -> claims.computeIfAbsent(family.get(rs.getObject(1, UUID.class)), k -> new ArrayList<>())
                        .add(new PersonSituation.Claim(date(rs.getDate(2)), rs.getString(3), rs.getString(4), rs.getBoolean(5))));
        Map<UUID, List<PersonSituation.Referral>> referrals = new HashMap<>();
        query("""
                select r.hub_id, r.id, r.from_org, r.referral_ref, r.to_service, r.referral_type, r.reason, r.received_at
                from referral r where r.hub_id = any(?)
                  and not exists (select 1 from alert a where a.dedupe_key = 'REFERRAL_RECEIVED:' || r.id)""",
                records, rs -> referrals.computeIfAbsent(family.get(rs.getObject(1, UUID.class)), k -> new ArrayList<>())
                        .add(new PersonSituation.Referral(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant())));
        Map<UUID, Set<Integer>> offers = new HashMap<>();
        query("select hub_id, year_group, guarantee_status from september_guarantee where hub_id = any(?)", records, rs -> {
            String status = rs.getString(3);
            if (status != null && Boolean.TRUE.equals(guaranteeStatuses.attribute(status, "offer"))) {
                offers.computeIfAbsent(family.get(rs.getObject(1, UUID.class)), k -> new HashSet<>()).add(rs.getInt(2));
            }
        });

        for (UUID m : masters) {
            Person p = people.get(m);
            if (p == null) {
                continue;
            }
            PersonSituation.Assessment risk = current.get(m);
            Integer ncYear = risk != null && risk.ncYear() != null ? risk.ncYear() : censusYears.get(m);
            out.put(m, new PersonSituation(m, p.dob(), p.given(), p.family(), p.gender(), p.postcode(), p.previousPostcode(),
                    identifiers.getOrDefault(m, Map.of()), schools.get(m), ncYear, spells.getOrDefault(m, List.of()), risk,
                    previous.get(m), suppressed.getOrDefault(m, false), claims.getOrDefault(m, List.of()),
                    referrals.getOrDefault(m, List.of()), offers.getOrDefault(m, Set.of())));
        }
        return out;
    }

    private void query(String sql, UUID[] ids, org.springframework.jdbc.core.RowCallbackHandler rows) {
        jdbc.query(c -> {
            var ps = c.prepareStatement(sql);
            ps.setArray(1, c.createArrayOf("uuid", ids));
            return ps;
        }, rows);
    }

    private static LocalDate date(Date d) {
        return d == null ? null : d.toLocalDate();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
