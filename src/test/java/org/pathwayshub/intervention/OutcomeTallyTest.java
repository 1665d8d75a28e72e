package org.pathwayshub.intervention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.intervention.OutcomeTally.Line;
import org.pathwayshub.intervention.OutcomeTally.Offer;
import org.pathwayshub.intervention.OutcomeTally.Report;
import org.pathwayshub.intervention.OutcomeTally.Situation;

/**
 * The outcome report's arithmetic: each young person once per intervention, from their first offer of it; those whose
 * six months have not passed counted as too soon and kept out of the rate; no activity counted as not known, not as a
 * failure hidden among the NEET; a young person under every characteristic they held, or under "none".
 */
class OutcomeTallyTest {

    private static final LocalDate FROM = LocalDate.of(2025, 9, 1);
    private static final LocalDate TO = LocalDate.of(2026, 8, 31);
    private static final LocalDate AS_AT = LocalDate.of(2026, 12, 5);
    private static final LocalDate OFFERED = LocalDate.of(2026, 3, 10);

    private static Offer offer(UUID who, String code, String school, Set<String> characteristics, Situation after) {
        return new Offer(who, code, OFFERED, "UNKNOWN", school, characteristics, after);
    }

    private static Report tally(List<Offer> offers) {
        return OutcomeTally.tally(FROM, TO, 6, AS_AT, offers, code -> code.toLowerCase(), code -> "label " + code);
    }

    @Test
    void tooSoonIsNeitherSuccessNorFailureAndStaysOutOfTheRate() {
        List<Offer> offers = List.of(
                offer(UUID.randomUUID(), "MENTORING", "9554001", Set.of(), Situation.EET),
                offer(UUID.randomUUID(), "MENTORING", "9554001", Set.of(), Situation.NEET),
                offer(UUID.randomUUID(), "MENTORING", "9554001", Set.of(), Situation.TOO_SOON),
                offer(UUID.randomUUID(), "MENTORING", "9554001", Set.of(), Situation.TOO_SOON));

        Line line = tally(offers).byIntervention().get(0);

        assertThat(line.offered()).isEqualTo(4);
        assertThat(line.tooSoon()).isEqualTo(2);
        assertThat(line.eet()).isEqualTo(1);
        assertThat(line.neet()).isEqualTo(1);
        assertThat(line.eetRate()).isEqualByComparingTo("50.0");
    }

    @Test
    void everyoneTooSoonHasNoRateRatherThanNoughtPerCent() {
        Line line = tally(List.of(offer(UUID.randomUUID(), "MENTORING", "9554001", Set.of(), Situation.TOO_SOON)))
                .byIntervention().get(0);

        assertThat(line.eetRate()).isNull();
    }

    @Test
    void noActivityOnRecordIsNotKnownAndCountsAgainstTheRate() {
        List<Offer> offers = List.of(
                offer(UUID.randomUUID(), "YOUTH_WORK", null, Set.of(), Situation.EET),
                offer(UUID.randomUUID(), "YOUTH_WORK", null, Set.of(), Situation.NOT_KNOWN),
                offer(UUID.randomUUID(), "YOUTH_WORK", null, Set.of(), Situation.NOT_KNOWN));

        Line line = tally(offers).byIntervention().get(0);

        assertThat(line).extracting(Line::offered, Line::eet, Line::neet, Line::notKnown, Line::tooSoon)
                .containsExactly(3, 1, 0, 2, 0);
        assertThat(line.eetRate()).isEqualByComparingTo("33.3");
    }

    @Test
    void aYoungPersonCountsUnderEachCharacteristicTheyHeldAndOnceInTheTotal() {
        UUID parentWithMentalHealth = UUID.randomUUID();
        List<Offer> offers = List.of(
                offer(parentWithMentalHealth, "MENTORING", "9554001", Set.of("120", "210"), Situation.EET),
                offer(UUID.randomUUID(), "MENTORING", "9554001", Set.of("210"), Situation.NEET),
                offer(UUID.randomUUID(), "MENTORING", "9554002", Set.of(), Situation.EET));

        Report report = tally(offers);

        assertThat(report.byIntervention()).extracting(Line::offered, Line::eet).containsExactly(tuple(3, 2));
        assertThat(report.byCharacteristic()).extracting(Line::group, Line::groupLabel, Line::offered, Line::eet, Line::neet,
                Line::eetRate).containsExactly(
                tuple("120", "label 120", 1, 1, 0, new BigDecimal("100.0")),
                tuple("210", "label 210", 2, 1, 1, new BigDecimal("50.0")),
                tuple(OutcomeTally.NO_CHARACTERISTIC, "No characteristic held", 1, 1, 0, new BigDecimal("100.0")));
        int underCharacteristics = report.byCharacteristic().stream().mapToInt(Line::offered).sum();
        assertThat(underCharacteristics).as("the breakdown adds up to more than the total: one person under two").isEqualTo(4);
    }

    @Test
    void eachYoungPersonOncePerInterventionFromTheirFirstOfferAndInEveryInterventionTheyHad() {
        UUID twice = UUID.randomUUID();
        List<Offer> offers = new ArrayList<>();
        // the later offer would be too soon: the first one's six months are what count
        offers.add(new Offer(twice, "MENTORING", OFFERED.plusMonths(3), "YES", "9554001", Set.of(), Situation.TOO_SOON));
        offers.add(new Offer(twice, "MENTORING", OFFERED, "NO", "9554001", Set.of(), Situation.EET));
        offers.add(new Offer(twice, "BURSARY_ADVICE", OFFERED, "YES", "9554001", Set.of(), Situation.NEET));

        Report report = tally(offers);

        assertThat(report.byIntervention()).extracting(Line::intervention, Line::interventionLabel, Line::offered,
                Line::takenUp, Line::tooSoon, Line::eet, Line::neet).containsExactly(
                tuple("BURSARY_ADVICE", "bursary_advice", 1, 1, 0, 0, 1),
                tuple("MENTORING", "mentoring", 1, 0, 0, 1, 0));
    }

    @Test
    void schoolsAreLinesOfTheirOwnAndNoCensusIsALineToo() {
        List<Offer> offers = List.of(
                offer(UUID.randomUUID(), "MENTORING", "9554002", Set.of(), Situation.EET),
                offer(UUID.randomUUID(), "MENTORING", "9554001", Set.of(), Situation.NEET),
                offer(UUID.randomUUID(), "MENTORING", "9554001", Set.of(), Situation.EET),
                offer(UUID.randomUUID(), "MENTORING", null, Set.of(), Situation.NOT_KNOWN));

        assertThat(tally(offers).bySchool()).extracting(Line::group, Line::offered, Line::eet, Line::neet, Line::notKnown)
                .containsExactly(tuple("9554001", 2, 1, 1, 0), tuple("9554002", 1, 1, 0, 0),
                        tuple(OutcomeTally.NO_SCHOOL, 1, 0, 0, 1));
    }

    @Test
    void nothingOfferedIsAnEmptyReportForThePeriodAsked() {
        Report report = tally(List.of());

        assertThat(report.from()).isEqualTo(FROM);
        assertThat(report.months()).isEqualTo(6);
        assertThat(report.byIntervention()).isEmpty();
        assertThat(report.bySchool()).isEmpty();
        assertThat(report.byCharacteristic()).isEmpty();
    }
}
