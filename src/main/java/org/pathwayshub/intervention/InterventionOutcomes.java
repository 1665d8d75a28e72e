package org.pathwayshub.intervention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.pathwayshub.intervention.OutcomeTally.Line;
import org.pathwayshub.intervention.OutcomeTally.Offer;
import org.pathwayshub.intervention.OutcomeTally.Report;
import org.pathwayshub.intervention.OutcomeTally.Situation;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.record.YoungPersonFactsReader;
import org.pathwayshub.system.SpreadsheetSafe;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outcome report (docs/interventions.md): for the interventions offered in a period, where each young person was
 * N months after the offer, from the activity history every feed gave, counted by intervention, by school and by
 * characteristic. Worked out from the facts whenever it is asked; nothing of it is stored.
 */
@Component
public class InterventionOutcomes {

    static final List<String> CSV_COLUMNS = List.of("breakdown", "intervention", "intervention_label", "group",
            "group_label", "offered", "taken_up", "too_soon", "eet", "neet", "not_known", "eet_rate");

    private final JdbcTemplate jdbc;
    private final YoungPersonFactsReader facts;
    private final CodeList interventions;
    private final CodeList characteristics;

    public InterventionOutcomes(JdbcTemplate jdbc, YoungPersonFactsReader facts, CodeLists codes) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.interventions = codes.get(Interventions.INTERVENTIONS);
        this.characteristics = codes.get("characteristic");
    }

    private record Row(UUID hubId, String code, LocalDate offeredOn, String takenUp) {
    }

    /**
     * @param from, to the days the interventions were offered in, both counted
     * @param months   how long after the offer the situation is judged
     * @param asAt     today: a day after it has not come, and those offers are too soon
     */
    @Transactional(readOnly = true)
    public Report report(LocalDate from, LocalDate to, int months, LocalDate asAt) {
        List<Row> rows = jdbc.query("""
                select coalesce(p.merged_into, p.hub_id), i.intervention_code, i.offered_on, i.taken_up
                from intervention i join young_person p on p.hub_id = i.hub_id
                where i.offered_on between ? and ?""", (rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2),
                rs.getObject(3, LocalDate.class), rs.getString(4)), from, to);
        Set<UUID> people = new LinkedHashSet<>();
        rows.forEach(r -> people.add(r.hubId()));
        Map<UUID, YoungPersonFacts> known = facts.read(people);
        List<Offer> offers = new ArrayList<>();
        for (Row r : rows) {
            YoungPersonFacts f = known.get(r.hubId());
            offers.add(new Offer(r.hubId(), r.code(), r.offeredOn(), r.takenUp(), f == null ? null : f.school(),
                    characteristicsOn(f, r.offeredOn(), characteristics.codes()),
                    situation(f, r.offeredOn().plusMonths(months), asAt)));
        }
        return OutcomeTally.tally(from, to, months, asAt, offers, interventions::label, characteristics::label);
    }

    /**
     * Where the young person was on {@code day}: the activity going on then (the latest spell started by then and not
     * ended), EET or NEET by the activity code list's {@code eet} and {@code group}; nothing going on, or any other
     * activity (not known, custody, moved away), is not known. A day after {@code asAt} is too soon.
     */
    static Situation situation(YoungPersonFacts f, LocalDate day, LocalDate asAt) {
        if (day.isAfter(asAt)) {
            return Situation.TOO_SOON;
        }
        Optional<YoungPersonFacts.ActivitySpell> spell = f == null ? Optional.empty() : f.currentActivity(day);
        if (spell.isEmpty()) {
            return Situation.NOT_KNOWN;
        }
        if (spell.get().eet()) {
            return Situation.EET;
        }
        return spell.get().isNeet() ? Situation.NEET : Situation.NOT_KNOWN;
    }

    /** The characteristics of the list held on the day: from it or before (or no from date), to it or after (or none). */
    static Set<String> characteristicsOn(YoungPersonFacts f, LocalDate day, Set<String> listed) {
        Set<String> held = new TreeSet<>();
        if (f == null) {
            return held;
        }
        for (YoungPersonFacts.Characteristic c : f.characteristics()) {
            if (listed.contains(c.code()) && (c.from() == null || !c.from().isAfter(day))
                    && (c.to() == null || !c.to().isBefore(day))) {
                held.add(c.code());
            }
        }
        return held;
    }

    /** The report as CSV for the data team: a line per intervention, then by school, then by characteristic. */
    public static void writeCsv(Report report, Writer out) {
        try {
            out.write(String.join(",", CSV_COLUMNS) + "\r\n");
            write(out, "intervention", report.byIntervention());
            write(out, "school", report.bySchool());
            write(out, "characteristic", report.byCharacteristic());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Writer out, String breakdown, List<Line> lines) throws IOException {
        for (Line l : lines) {
            out.write(String.join(",", breakdown, SpreadsheetSafe.csv(l.intervention()),
                    SpreadsheetSafe.csv(l.interventionLabel()), SpreadsheetSafe.csv(l.group()), SpreadsheetSafe.csv(l.groupLabel()),
                    Integer.toString(l.offered()), Integer.toString(l.takenUp()), Integer.toString(l.tooSoon()),
                    Integer.toString(l.eet()), Integer.toString(l.neet()), Integer.toString(l.notKnown()),
                    l.eetRate() == null ? "" : l.eetRate().toPlainString()) + "\r\n");
        }
    }
}
