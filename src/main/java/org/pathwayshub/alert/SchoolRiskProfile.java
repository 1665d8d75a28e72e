package org.pathwayshub.alert;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.pathwayshub.job.HubJob;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.routing.Recipients;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job {@code school-risk-profile}: once a term, for each school a service covers, counts only (never a
 * name): pupils by RONI band and year group, and last year's Year 11 leavers who are now NEET or not known.
 * For the school's careers lead, and for the Jobcentre Plus Support for Schools adviser deciding which
 * schools to work with.
 */
@Component
public class SchoolRiskProfile implements HubJob {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Alerts alerts;
    private final Recipients recipients;
    private final String[] neetCodes;
    private final String[] notKnownCodes;

    public SchoolRiskProfile(JdbcTemplate jdbc, TransactionTemplate tx, Alerts alerts, Recipients recipients, CodeLists codes) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.alerts = alerts;
        this.recipients = recipients;
        CodeList activity = codes.get("activity");
        this.neetCodes = activity.codes().stream().filter(c -> "neet".equals(activity.attribute(c, "group"))).toArray(String[]::new);
        this.notKnownCodes = activity.codes().stream().filter(c -> "not-known".equals(activity.attribute(c, "group"))).toArray(String[]::new);
    }

    @Override
    public String name() {
        return "school-risk-profile";
    }

    @Override
    public String run() {
        LocalDate today = LocalDate.now();
        String term = term(today);
        List<AlertCandidate> candidates = new ArrayList<>();
        Map<String, Map<String, Map<String, Integer>>> bands = new TreeMap<>();
        jdbc.query("""
                with latest as (
                  select distinct on (coalesce(p.merged_into, p.hub_id)) coalesce(p.merged_into, p.hub_id) as master, c.laestab
                  from school_census c join young_person p on p.hub_id = c.hub_id
                  order by coalesce(p.merged_into, p.hub_id), c.census_date desc, c.recorded_at desc)
                select l.laestab, coalesce(a.nc_year::text, '?'), coalesce(a.band, 'NOT ASSESSED'), count(*)
                from latest l left join risk_assessment a on a.hub_id = l.master and a.superseded_at is null
                group by 1, 2, 3""", rs -> {
            bands.computeIfAbsent(rs.getString(1).trim(), k -> new TreeMap<>())
                    .computeIfAbsent("Year " + rs.getString(2), k -> new TreeMap<>()).put(rs.getString(3), rs.getInt(4));
        });
        int startYear = AcademicYear.start(today).getYear();
        Map<String, Map<String, Integer>> leavers = new TreeMap<>();
        BulkSql.query(jdbc, """
                with leavers as (
                  select distinct coalesce(p.merged_into, p.hub_id) as master, c.laestab
                  from school_census c join young_person p on p.hub_id = c.hub_id
                  where c.nc_year = 11 and c.census_date between ? and ?),
                current as (
                  select distinct on (coalesce(p.merged_into, p.hub_id)) coalesce(p.merged_into, p.hub_id) as master, a.activity_code
                  from activity a join young_person p on p.hub_id = a.hub_id
                  where a.start_date <= current_date and (a.end_date is null or a.end_date > current_date)
                  order by coalesce(p.merged_into, p.hub_id), a.start_date desc)
                select l.laestab, count(*) filter (where c.activity_code = any(?)),
                  count(*) filter (where c.activity_code = any(?) or c.activity_code is null), count(*)
                from leavers l left join current c on c.master = l.master group by l.laestab""", rs -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("leavers", rs.getInt(4));
            counts.put("nowNeet", rs.getInt(2));
            counts.put("nowNotKnown", rs.getInt(3));
            leavers.put(rs.getString(1).trim(), counts);
        }, LocalDate.of(startYear - 1, 9, 1), LocalDate.of(startYear, 8, 31), BulkSql.column("bpchar", neetCodes),
                BulkSql.column("bpchar", notKnownCodes));

        for (String school : bands.keySet()) {
            if (recipients.forSchool(AlertType.SCHOOL_RISK_PROFILE.name(), school).isEmpty()) {
                continue;
            }
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("term", term);
            counts.put("pupilsByYearAndBand", bands.get(school));
            counts.put("lastYearsLeavers", leavers.getOrDefault(school, Map.of("leavers", 0, "nowNeet", 0, "nowNotKnown", 0)));
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("school", school);
            facts.put("counts", counts);
            String reason = "termly risk profile for school " + school + ", " + term;
            facts.put("reason", reason);
            candidates.add(new AlertCandidate(AlertType.SCHOOL_RISK_PROFILE, null, school,
                    "SCHOOL_RISK_PROFILE:" + school + ":" + term, reason, today, facts, null));
        }
        Integer raised = tx.execute(s -> alerts.raise(candidates, Map.of(), "termly school risk profile", today).size());
        return candidates.size() + " school profiles for " + term + ", " + raised + " new";
    }

    /** autumn 2026 (September-December), spring 2027 (January-March), summer 2027 (April-August). */
    static String term(LocalDate d) {
        int m = d.getMonthValue();
        String season = m >= 9 ? "autumn" : m <= 3 ? "spring" : "summer";
        return season + " " + d.getYear();
    }
}
