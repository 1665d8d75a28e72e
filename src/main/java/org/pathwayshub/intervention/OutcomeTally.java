package org.pathwayshub.intervention;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The arithmetic of the outcome report (docs/interventions.md), apart from the database: offers in, counts out. Each
 * young person counts once for each intervention code, from their first offer of it in the period; under each
 * characteristic they held that day (so under several, or under {@value #NO_CHARACTERISTIC}); and under their
 * school. Those whose months have not yet passed are {@code tooSoon}: neither success nor failure, and out of the rate.
 */
public final class OutcomeTally {

    /** The line of those who held no characteristic of the list on the day. */
    public static final String NO_CHARACTERISTIC = "none";
    /** The school line of those with no census on record. */
    public static final String NO_SCHOOL = "no census school";

    private OutcomeTally() {
    }

    /** Where a young person was, N months after an intervention. */
    public enum Situation {
        /** an education, employment or training activity going on that day */
        EET,
        /** a NEET activity going on that day */
        NEET,
        /** nothing going on that day on record, or an activity that says the situation is not known */
        NOT_KNOWN,
        /** the day has not come yet */
        TOO_SOON
    }

    /** One offer as the report sees it: the young person's school and characteristics then, and their situation after. */
    public record Offer(UUID hubId, String intervention, LocalDate offeredOn, String takenUp, String school,
                        Set<String> characteristics, Situation after) {
    }

    /**
     * One line of the report: an intervention, over everyone ({@code group} null) or one school or characteristic.
     * {@code eetRate}: EET as a percentage of those whose months have passed (EET, NEET and not known), one decimal
     * place; null when none has.
     */
    public record Line(String intervention, String interventionLabel, String group, String groupLabel, int offered,
                       int takenUp, int tooSoon, int eet, int neet, int notKnown, BigDecimal eetRate) {
    }

    /** The report: the period and the day the outcome was judged by, and the lines by intervention, school and characteristic. */
    public record Report(LocalDate from, LocalDate to, int months, LocalDate asAt, List<Line> byIntervention,
                         List<Line> bySchool, List<Line> byCharacteristic) {
    }

    /**
     * @param offers              every offer recorded in the period, in any order
     * @param interventionLabels  the intervention code list's labels (a code no longer listed shows without one)
     * @param characteristicLabel the characteristic code list's labels
     */
    public static Report tally(LocalDate from, LocalDate to, int months, LocalDate asAt, List<Offer> offers,
                               Function<String, String> interventionLabels, Function<String, String> characteristicLabel) {
        Map<String, Offer> first = new LinkedHashMap<>();
        offers.stream().sorted(Comparator.comparing(Offer::offeredOn)).forEach(o ->
                first.putIfAbsent(o.intervention() + "|" + o.hubId(), o));
        Map<String, Counts> all = new TreeMap<>();
        Map<String, Map<String, Counts>> schools = new TreeMap<>();
        Map<String, Map<String, Counts>> characteristics = new TreeMap<>();
        for (Offer o : first.values()) {
            all.computeIfAbsent(o.intervention(), k -> new Counts()).add(o);
            String school = o.school() == null || o.school().isBlank() ? NO_SCHOOL : o.school().trim();
            schools.computeIfAbsent(o.intervention(), k -> new TreeMap<>()).computeIfAbsent(school, k -> new Counts()).add(o);
            Set<String> held = o.characteristics() == null || o.characteristics().isEmpty() ? Set.of(NO_CHARACTERISTIC)
                    : o.characteristics();
            for (String c : held) {
                characteristics.computeIfAbsent(o.intervention(), k -> new TreeMap<>()).computeIfAbsent(c, k -> new Counts())
                        .add(o);
            }
        }
        List<Line> byIntervention = new ArrayList<>();
        all.forEach((code, c) -> byIntervention.add(c.line(code, interventionLabels.apply(code), null, null)));
        return new Report(from, to, months, asAt, byIntervention, lines(schools, interventionLabels, k -> null),
                lines(characteristics, interventionLabels,
                        k -> k.equals(NO_CHARACTERISTIC) ? "No characteristic held" : characteristicLabel.apply(k)));
    }

    private static List<Line> lines(Map<String, Map<String, Counts>> groups, Function<String, String> interventionLabels,
                                    Function<String, String> groupLabel) {
        List<Line> out = new ArrayList<>();
        groups.forEach((code, byGroup) -> byGroup.forEach((group, c) ->
                out.add(c.line(code, interventionLabels.apply(code), group, groupLabel.apply(group)))));
        return out;
    }

    /** EET as a percentage of {@code known}, to one decimal place; null for none. */
    static BigDecimal rate(int eet, int known) {
        return known == 0 ? null : BigDecimal.valueOf(eet * 100.0 / known).setScale(1, RoundingMode.HALF_UP);
    }

    private static final class Counts {
        private int offered;
        private int takenUp;
        private final int[] bySituation = new int[Situation.values().length];

        void add(Offer o) {
            offered++;
            takenUp += "YES".equals(o.takenUp()) ? 1 : 0;
            bySituation[o.after().ordinal()]++;
        }

        Line line(String intervention, String label, String group, String groupLabel) {
            int eet = bySituation[Situation.EET.ordinal()];
            int neet = bySituation[Situation.NEET.ordinal()];
            int notKnown = bySituation[Situation.NOT_KNOWN.ordinal()];
            return new Line(intervention, label, group, groupLabel, offered, takenUp, bySituation[Situation.TOO_SOON.ordinal()],
                    eet, neet, notKnown, rate(eet, eet + neet + notKnown));
        }
    }
}
