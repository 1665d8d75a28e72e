package org.pathwayshub.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pathwayshub.nccis.HeadlineMeasures;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.routing.LocalAuthority;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The console's charts, as bars of named parts: the NEET and not-known trend of the LA's 16 and 17 year olds (the
 * measures it is judged on), RONI bands by school, each feed's records by day, and alerts by type. Counts only: no
 * young person is named.
 */
@Component
public class Charts {

    /** One bar: its label and its parts (name to value), drawn end to end. */
    public record Bar(String label, Map<String, Number> parts) {
        public double total() {
            return parts.values().stream().mapToDouble(Number::doubleValue).sum();
        }
    }

    /** A chart: its title, what the numbers are, the parts in the order of the key, and its bars. */
    public record Chart(String id, String title, String unit, List<String> key, List<Bar> bars) {
        public double max() {
            return bars.stream().mapToDouble(Bar::total).max().orElse(0);
        }

        /** The bars as drawn: each part's width as a share (%) of the longest bar. */
        public List<Row> rows() {
            double max = max();
            return bars.stream().map(b -> {
                List<Segment> segments = new ArrayList<>();
                for (Map.Entry<String, Number> p : b.parts().entrySet()) {
                    double v = p.getValue().doubleValue();
                    if (v > 0) {
                        segments.add(new Segment(p.getKey(), key.indexOf(p.getKey()), p.getValue(),
                                max == 0 ? 0 : Math.round(v / max * 1000) / 10.0));
                    }
                }
                return new Row(b.label(), segments, b.total());
            }).toList();
        }
    }

    /** A bar as drawn. */
    public record Row(String label, List<Segment> segments, double total) {
        /** A count as a whole number, a rate to one decimal place. */
        public String totalText() {
            return total % 1 == 0 ? String.valueOf((long) total) : String.format(java.util.Locale.ROOT, "%.1f", total);
        }
    }

    /** A part of a bar as drawn: its place in the key (for its colour), value and width (% of the longest bar). */
    public record Segment(String name, int keyIndex, Number value, double widthPercent) {
    }

    private final JdbcTemplate jdbc;
    private final HeadlineMeasures measures;
    private final LocalAuthority la;

    public Charts(JdbcTemplate jdbc, HeadlineMeasures measures, LocalAuthority la) {
        this.jdbc = jdbc;
        this.measures = measures;
        this.la = la;
    }

    /** Month-end NEET and not-known rates so far this academic year (and last, when this one has just begun). */
    public Chart neetTrend(LocalDate today) {
        List<Bar> bars = new ArrayList<>();
        LocalDate yearStart = AcademicYear.start(today);
        for (LocalDate start : List.of(yearStart.minusYears(1), yearStart)) {
            for (HeadlineMeasures.Group g : measures.measure(start.getYear(), la.code(), HeadlineMeasures.By.LA).groups()) {
                for (HeadlineMeasures.Month m : g.months()) {
                    if (YearMonth.parse(m.month()).isAfter(YearMonth.from(today)) || m.cohort() == 0) {
                        continue;
                    }
                    Map<String, Number> parts = new LinkedHashMap<>();
                    parts.put("NEET", orZero(m.neetRate()));
                    parts.put("not known", orZero(m.notKnownRate()));
                    bars.add(new Bar(m.month(), parts));
                }
            }
        }
        List<Bar> last = bars.size() > 12 ? bars.subList(bars.size() - 12, bars.size()) : bars;
        return new Chart("neet-trend", "NEET and not known, 16 and 17 year olds (LA " + la.code() + ")",
                "% of the cohort at each month end", List.of("NEET", "not known"), List.copyOf(last));
    }

    /** Current RONI bands of each school's pupils (their last census school). */
    public Chart bandsBySchool() {
        Map<String, Map<String, Number>> bySchool = new LinkedHashMap<>();
        jdbc.query("""
                with latest as (select distinct on (hub_id) hub_id, trim(laestab) as school from school_census
                                order by hub_id, census_date desc)
                select l.school, a.band, count(*) from risk_assessment a join latest l on l.hub_id = a.hub_id
                where a.superseded_at is null and a.in_scope group by 1, 2 order by 1""",
                rs -> {
                    bySchool.computeIfAbsent(rs.getString(1), s -> parts("RED", "AMBER", "GREEN"))
                            .put(rs.getString(2), rs.getLong(3));
                });
        List<Bar> bars = bySchool.entrySet().stream().map(e -> new Bar(e.getKey(), e.getValue())).toList();
        return new Chart("bands-by-school", "RONI bands by school", "pupils in RONI's year groups",
                List.of("RED", "AMBER", "GREEN"), bars);
    }

    /** Records each feed stored, quarantined and found duplicate, day by day over the last fortnight. */
    public Chart throughput() {
        List<Bar> bars = jdbc.query("""
                select to_char(started_at::date, 'YYYY-MM-DD') || ' ' || feed_id, sum(stored), sum(quarantined), sum(duplicates)
                from feed_run where started_at > now() - interval '14 days' group by started_at::date, feed_id
                order by started_at::date, feed_id""",
                (rs, n) -> {
                    Map<String, Number> parts = parts("stored", "quarantined", "duplicate");
                    parts.put("stored", rs.getLong(2));
                    parts.put("quarantined", rs.getLong(3));
                    parts.put("duplicate", rs.getLong(4));
                    return new Bar(rs.getString(1), parts);
                });
        return new Chart("throughput", "Feed throughput, last 14 days", "records", List.of("stored", "quarantined", "duplicate"),
                bars);
    }

    /** Alerts raised in the last 30 days, by type. */
    public Chart alertsByType() {
        List<Bar> bars = jdbc.query("""
                select alert_type, count(*) from alert where created_at > now() - interval '30 days'
                group by 1 order by 2 desc, 1""",
                (rs, n) -> {
                    Map<String, Number> parts = new LinkedHashMap<>();
                    parts.put("raised", rs.getLong(2));
                    return new Bar(rs.getString(1), parts);
                });
        return new Chart("alerts-by-type", "Alerts raised, last 30 days", "alerts", List.of("raised"), bars);
    }

    private static Map<String, Number> parts(String... names) {
        Map<String, Number> parts = new LinkedHashMap<>();
        for (String n : names) {
            parts.put(n, 0L);
        }
        return parts;
    }

    private static BigDecimal orZero(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }
}
