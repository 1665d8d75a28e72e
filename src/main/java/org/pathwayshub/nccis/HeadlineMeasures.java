package org.pathwayshub.nccis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The measures an LA is judged on, from what the hub holds, for one academic year and one lead LA, broken down by LA,
 * school (the last census school) or characteristic:
 * <ul>
 * <li>NEET and "not known" rates of 16 and 17 year olds (academic age) at each month end, and their December to
 * February average (the published figure). Not known: no activity for the day, a not-known activity (8xx), or an
 * activity whose currency has lapsed; NEET: a NEET activity still current.</li>
 * <li>Participation at the end of March: an education, employment or training activity (eet) still current.</li>
 * <li>September Guarantee offer rate: of the year's Year 11 (academic age 15) and Year 12 (16), the share whose
 * guarantee status for that year records an offer of a place for the next September ({@code offer: true} in
 * guarantee-status.yaml).</li>
 * </ul>
 * Leavers (a leaving cohort status) are not in the cohort. Rates are shares of the cohort, to one decimal place.
 */
@Component
public class HeadlineMeasures {

    public enum By { LA, SCHOOL, CHARACTERISTIC }

    private final JdbcTemplate jdbc;
    private final String[] neetCodes;
    private final String[] notKnownCodes;
    private final String[] eetCodes;
    private final String[] offerCodes;
    private final String[] leavingStatuses;
    private final String[] nccisCharacteristics;

    public HeadlineMeasures(JdbcTemplate jdbc, CodeLists codeLists) {
        this.jdbc = jdbc;
        CodeList activity = codeLists.get("activity");
        this.neetCodes = codes(activity, "group", "neet");
        this.notKnownCodes = codes(activity, "group", "not-known");
        this.eetCodes = codes(activity, "eet", Boolean.TRUE);
        this.offerCodes = codes(codeLists.get("guarantee-status"), "offer", Boolean.TRUE);
        this.leavingStatuses = codes(codeLists.get("cohort-status"), "leaving", Boolean.TRUE);
        this.nccisCharacteristics = codes(codeLists.get("characteristic"), "nccis", Boolean.TRUE);
    }

    private static String[] codes(CodeList list, String attribute, Object value) {
        return list.codes().stream().filter(c -> value.equals(list.attribute(c, attribute))).toArray(String[]::new);
    }

    public record Month(String month, int cohort, int neet, int notKnown, BigDecimal neetRate, BigDecimal notKnownRate) {
    }

    public record Share(int cohort, int count, BigDecimal rate) {
    }

    public record Group(String key, List<Month> months, BigDecimal neetRateDecToFeb, BigDecimal notKnownRateDecToFeb,
                        Share participationEndOfMarch, Share guaranteeOfferYear11, Share guaranteeOfferYear12) {
    }

    public record Measures(String academicYear, String leadLa, String by, List<Group> groups) {
    }

    /** @param academicYearStart the year the academic year starts in September */
    public Measures measure(int academicYearStart, String leadLa, By by) {
        LocalDate yearStart = LocalDate.of(academicYearStart, 9, 1);
        Map<String, List<Month>> months = new TreeMap<>();
        Map<String, Share> march = new TreeMap<>();
        for (int i = 0; i < 12; i++) {
            YearMonth month = YearMonth.from(yearStart).plusMonths(i);
            LocalDate day = month.atEndOfMonth();
            for (Map.Entry<String, int[]> e : counts(day, yearStart, leadLa, by).entrySet()) {
                int[] c = e.getValue();
                months.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(new Month(month.toString(), c[0], c[1], c[2], rate(c[1], c[0]), rate(c[2], c[0])));
                if (month.getMonthValue() == 3) {
                    march.put(e.getKey(), new Share(c[0], c[3], rate(c[3], c[0])));
                }
            }
        }
        Map<String, Share> offer11 = offers(yearStart, leadLa, by, 11);
        Map<String, Share> offer12 = offers(yearStart, leadLa, by, 12);
        List<Group> groups = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(months.keySet());
        keys.addAll(offer11.keySet());
        keys.addAll(offer12.keySet());
        for (String key : keys) {
            List<Month> ms = months.getOrDefault(key, List.of());
            groups.add(new Group(key, ms, average(ms, true), average(ms, false), march.get(key), offer11.get(key),
                    offer12.get(key)));
        }
        return new Measures(AcademicYear.label(yearStart), leadLa, by.name().toLowerCase(java.util.Locale.ROOT), groups);
    }

    /** December, January and February: the mean of the three month-end rates, where all three are there. */
    private static BigDecimal average(List<Month> months, boolean neet) {
        List<BigDecimal> rates = new ArrayList<>();
        for (Month m : months) {
            int mm = YearMonth.parse(m.month()).getMonthValue();
            if ((mm == 12 || mm == 1 || mm == 2) && m.cohort() > 0) {
                rates.add(neet ? m.neetRate() : m.notKnownRate());
            }
        }
        if (rates.size() < 3) {
            return null;
        }
        return rates.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(3), 1, RoundingMode.HALF_UP);
    }

    private static BigDecimal rate(int count, int cohort) {
        return cohort == 0 ? null : BigDecimal.valueOf(count * 100.0 / cohort).setScale(1, RoundingMode.HALF_UP);
    }

    // each young person of the lead LA once (their facts across records merged into them), with the latest value any
    // source gave for lead LA and cohort status, their last census school and their NCCIS characteristics on the day
    private static final String PEOPLE = """
            with people as (
              select p.hub_id, p.dob, f.family, t.lead_la, t.cohort_status, s.laestab
              from young_person p
              """ + CohortSql.FAMILY + CohortSql.TRACKING + """
              left join lateral (select c.laestab from school_census c where c.hub_id = any(f.family)
                                 order by c.census_date desc limit 1) s on true
              where p.merged_into is null and p.dob > ? and p.dob <= ? and t.lead_la = ?
                and (t.cohort_status is null or not (t.cohort_status = any(?))))
            """;

    private String key(By by) {
        return switch (by) {
            case LA -> "pp.lead_la";
            case SCHOOL -> "coalesce(trim(pp.laestab), 'no census school')";
            case CHARACTERISTIC -> "coalesce(ch.code, 'none')";
        };
    }

    private String characteristicJoin(By by) {
        return by != By.CHARACTERISTIC ? "" : """
                left join lateral (select distinct c.code from characteristic c where c.hub_id = any(pp.family)
                  and c.code = any(?) and (c.from_date is null or c.from_date <= ?) and (c.to_date is null or c.to_date >= ?)) ch on true
                """;
    }

    /** Per group: cohort, NEET, not known, participating, at the day. */
    private Map<String, int[]> counts(LocalDate day, LocalDate yearStart, String leadLa, By by) {
        LocalDate ageDay = yearStart.minusDays(1);
        // academic age 16 or 17
        LocalDate bornAfter = ageDay.minusYears(18);
        LocalDate bornBy = ageDay.minusYears(16);
        String sql = PEOPLE + """
                select %s as key, count(*),
                  count(*) filter (where a.activity_code = any(?) and not l.lapsed),
                  count(*) filter (where a.activity_code is null or a.activity_code = any(?) or l.lapsed),
                  count(*) filter (where a.activity_code = any(?) and not l.lapsed)
                from people pp
                %s
                %s
                cross join lateral (select coalesce(a.currency_lapsed, false) or a.due_to_lapse_date < ? as lapsed) l
                group by 1""".formatted(key(by), characteristicJoin(by), CohortSql.ACTIVITY_ON_DAY.replace("f.family", "pp.family"));
        List<Object> args = new ArrayList<>(List.of(bornAfter, bornBy, leadLa, leavingStatuses, neetCodes, notKnownCodes,
                eetCodes));
        if (by == By.CHARACTERISTIC) {
            args.addAll(List.of(nccisCharacteristics, day, day));
        }
        args.addAll(List.of(day, day, day));
        Map<String, int[]> out = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            out.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)});
        }, args.toArray());
        return out;
    }

    /** Per group: the year group's cohort and how many have a guarantee status that records an offer. */
    private Map<String, Share> offers(LocalDate yearStart, String leadLa, By by, int yearGroup) {
        LocalDate ageDay = yearStart.minusDays(1);
        int age = yearGroup + 4;  // Year 11 is academic age 15, Year 12 is 16
        LocalDate bornAfter = ageDay.minusYears(age + 1);
        LocalDate bornBy = ageDay.minusYears(age);
        LocalDate endOfSeptember = yearStart.plusMonths(1).minusDays(1);
        String sql = PEOPLE + """
                select %s as key, count(*), count(*) filter (where g.offered)
                from people pp
                %s
                left join lateral (
                  select bool_or(g.guarantee_status = any(?)) as offered from september_guarantee g
                  where g.hub_id = any(pp.family) and g.year_group = ?) g on true
                group by 1""".formatted(key(by), characteristicJoin(by));
        List<Object> args = new ArrayList<>(List.of(bornAfter, bornBy, leadLa, leavingStatuses));
        if (by == By.CHARACTERISTIC) {
            args.addAll(List.of(nccisCharacteristics, endOfSeptember, endOfSeptember));
        }
        args.addAll(List.of(offerCodes, yearGroup));
        Map<String, Share> out = new TreeMap<>();
        jdbc.query(sql, rs -> {
            int cohort = rs.getInt(2);
            int offered = rs.getInt(3);
            out.put(rs.getString(1), new Share(cohort, offered, rate(offered, cohort)));
        }, args.toArray());
        return out;
    }
}
