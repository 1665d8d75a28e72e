package org.pathwayshub.risk;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.pathwayshub.record.CodeList;

/**
 * How well a rule set picks out who becomes NEET: everyone in one NC year on the assessment date, scored as things
 * stood then, against who was NEET at any time in the outcome window. Flagged means RED or AMBER. Outcomes are only
 * counted once they can be known: for a window that has not started yet there are none, and the figures say so
 * instead of reading every pupil as "did not become NEET".
 */
final class CohortEvaluation {

    /** Whether the outcome window has happened: all of it, part of it (up to today), or none of it yet. */
    enum Outcomes { KNOWN, PARTLY_KNOWN, NOT_YET_KNOWN }

    /**
     * Outcome figures (becameNeet, the four cells, precision, recall) are null when no outcome is known yet, and
     * precision or recall is null when nothing was flagged or nobody became NEET.
     */
    record Evaluation(String ruleSet, String version, LocalDate asAt, int ncYear, LocalDate outcomeFrom,
                      LocalDate outcomeTo, Outcomes outcomes, String note, int cohort, int flagged, Integer becameNeet,
                      Integer truePositives, Integer falsePositives, Integer falseNegatives, Integer trueNegatives,
                      Double precision, Double recall, Map<String, Map<String, Integer>> byBand) {
    }

    private final RoniRuleSet rules;
    private final LocalDate asAt;
    private final int ncYear;
    private final LocalDate from;
    private final LocalDate to;
    private final Outcomes outcomes;
    private final CodeList activities;
    private final RoniEngine engine = new RoniEngine();
    private int cohort;
    private int tp;
    private int fp;
    private int fn;
    private int tn;
    private final Map<String, Map<String, Integer>> byBand = new LinkedHashMap<>();

    CohortEvaluation(RoniRuleSet rules, LocalDate asAt, int ncYear, LocalDate from, LocalDate to, LocalDate today,
                     CodeList activities) {
        this.rules = rules;
        this.asAt = asAt;
        this.ncYear = ncYear;
        this.from = from;
        this.to = to;
        this.outcomes = from.isAfter(today) ? Outcomes.NOT_YET_KNOWN : to.isAfter(today) ? Outcomes.PARTLY_KNOWN : Outcomes.KNOWN;
        this.activities = activities;
    }

    /** Counts one young person, if they were in the NC year on the assessment date. */
    void add(RiskInputs in) {
        Assessment a = engine.assess(rules, in, asAt);
        if (a.ncYear() == null || a.ncYear() != ncYear) {
            return;
        }
        cohort++;
        boolean flagged = a.band() == Band.RED || a.band() == Band.AMBER;
        boolean neet = in.activities().stream().anyMatch(s -> "neet".equals(activities.attribute(s.code(), "group"))
                && !s.start().isAfter(to) && (s.end() == null || s.end().isAfter(from)));
        Map<String, Integer> band = byBand.computeIfAbsent(a.band().name(), k -> new LinkedHashMap<>());
        band.merge("pupils", 1, Integer::sum);
        if (outcomes != Outcomes.NOT_YET_KNOWN) {
            band.merge("becameNeet", neet ? 1 : 0, Integer::sum);
        }
        if (flagged && neet) {
            tp++;
        } else if (flagged) {
            fp++;
        } else if (neet) {
            fn++;
        } else {
            tn++;
        }
    }

    Evaluation result() {
        if (outcomes == Outcomes.NOT_YET_KNOWN) {
            return new Evaluation(rules.id(), rules.version(), asAt, ncYear, from, to, outcomes,
                    "no outcomes yet: the outcome window starts on " + from + ", so who became NEET cannot be known;"
                            + " precision and recall can be measured once it has begun",
                    cohort, tp + fp, null, null, null, null, null, null, null, byBand);
        }
        String note = outcomes == Outcomes.PARTLY_KNOWN
                ? "outcomes known up to today only: the outcome window runs to " + to + ", so the figures may still change"
                : null;
        Double precision = tp + fp == 0 ? null : round((double) tp / (tp + fp));
        Double recall = tp + fn == 0 ? null : round((double) tp / (tp + fn));
        return new Evaluation(rules.id(), rules.version(), asAt, ncYear, from, to, outcomes, note, cohort, tp + fp, tp + fn,
                tp, fp, fn, tn, precision, recall, byBand);
    }

    private static Double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
