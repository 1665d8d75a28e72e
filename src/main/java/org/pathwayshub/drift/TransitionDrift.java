package org.pathwayshub.drift;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.pathwayshub.alert.AlertRules;
import org.pathwayshub.alert.PersonSituation;
import org.pathwayshub.alert.PersonSituations;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.record.YoungPersonFactsReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transition drift for the data team: last year's Year 11 with a September Guarantee offer from a named provider, and
 * whether each has started anything (an enrolment, or any other EET activity) since 1 August, counted by their Year 11
 * school and by the provider that made the offer. "Offer" and "started" are the OFFER_NOT_TAKEN_UP rule's own
 * ({@link PersonSituations}, {@link PersonSituation#hadEetBetween}), so the report lists exactly who that alert is for.
 */
@Component
public class TransitionDrift {

    private final JdbcTemplate jdbc;
    private final YoungPersonFactsReader facts;
    private final PersonSituations situations;
    private final AlertRules rules;

    public TransitionDrift(JdbcTemplate jdbc, YoungPersonFactsReader facts, PersonSituations situations, AlertRules rules) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.situations = situations;
        this.rules = rules;
    }

    /** One school's or provider's offers: how many, how many started, and the non-starters by hub id. */
    public record Line(String key, int offers, int enrolled, int notEnrolled, List<UUID> nonStarters) {
    }

    /**
     * @param year       the academic year the young people should have started post-16 in (September of it)
     * @param deadline   the enrolment deadline of that year (alert-rules.yaml, OFFER_NOT_TAKEN_UP)
     * @param startedBy  the day "started" was judged on: today, or the end of that academic year if it is over
     */
    public record Report(int year, LocalDate enrolledSince, LocalDate deadline, LocalDate startedBy, int offers, int enrolled,
                         int notEnrolled, List<Line> bySchool, List<Line> byProvider) {
    }

    @Transactional(readOnly = true)
    public Report report(int year, LocalDate today) {
        LocalDate since = rules.enrolledSince(year);
        LocalDate yearEnd = LocalDate.of(year + 1, 8, 31);
        LocalDate startedBy = today.isAfter(yearEnd) ? yearEnd : today;
        // Year 11 the year before: 15 on 31 August of it, born 1 September year-17 to 31 August year-16
        LocalDate bornFrom = LocalDate.of(year - 17, 9, 1);
        LocalDate bornTo = LocalDate.of(year - 16, 8, 31);
        List<UUID> offered = jdbc.queryForList("""
                select distinct m.hub_id from september_guarantee g
                join young_person yp on yp.hub_id = g.hub_id
                join young_person m on m.hub_id = coalesce(yp.merged_into, yp.hub_id)
                where g.year_group = 11 and g.offer_ukprn is not null and m.dob between ? and ?""", UUID.class,
                bornFrom, bornTo);
        Map<UUID, YoungPersonFacts> people = facts.read(offered);
        Map<String, int[]> schoolCounts = new TreeMap<>();
        Map<String, int[]> providerCounts = new TreeMap<>();
        Map<String, List<UUID>> schoolNonStarters = new TreeMap<>();
        Map<String, List<UUID>> providerNonStarters = new TreeMap<>();
        int offers = 0;
        int enrolled = 0;
        for (PersonSituation p : situations.load(people, Map.of()).values()) {
            if (p.year11Offer() == null || p.dob() == null || p.dob().isBefore(bornFrom) || p.dob().isAfter(bornTo)) {
                continue;
            }
            String school = year11School(people.get(p.hubId()));
            String provider = p.year11Offer().ukprn();
            boolean started = p.hadEetBetween(since, startedBy);
            offers++;
            enrolled += started ? 1 : 0;
            count(schoolCounts, schoolNonStarters, school, started, p.hubId());
            count(providerCounts, providerNonStarters, provider, started, p.hubId());
        }
        return new Report(year, since, rules.enrolmentDeadline(year), startedBy, offers, enrolled, offers - enrolled,
                lines(schoolCounts, schoolNonStarters), lines(providerCounts, providerNonStarters));
    }

    /**
     * The school of the latest census that had them in Year 11; failing that, the school that reported their Year 11
     * offer (school-destinations); "unknown" with neither on record.
     */
    private static String year11School(YoungPersonFacts f) {
        return f.census().stream().filter(c -> Integer.valueOf(11).equals(c.ncYear()) && c.laEstab() != null)
                .reduce((a, b) -> b).map(YoungPersonFacts.Census::laEstab)
                .or(() -> f.guarantees().stream().filter(g -> g.yearGroup() == 11 && g.laEstab() != null)
                        .max(java.util.Comparator.comparing(YoungPersonFacts.Guarantee::recordedAt))
                        .map(YoungPersonFacts.Guarantee::laEstab))
                .orElse("unknown");
    }

    private static void count(Map<String, int[]> counts, Map<String, List<UUID>> nonStarters, String key, boolean started,
                              UUID hubId) {
        int[] c = counts.computeIfAbsent(key, k -> new int[2]);
        c[0]++;
        if (started) {
            c[1]++;
        } else {
            nonStarters.computeIfAbsent(key, k -> new ArrayList<>()).add(hubId);
        }
    }

    private static List<Line> lines(Map<String, int[]> counts, Map<String, List<UUID>> nonStarters) {
        List<Line> out = new ArrayList<>();
        counts.forEach((key, c) -> {
            List<UUID> ids = new ArrayList<>(nonStarters.getOrDefault(key, List.of()));
            ids.sort(Comparator.naturalOrder());
            out.add(new Line(key, c[0], c[1], c[0] - c[1], ids));
        });
        return out;
    }
}
