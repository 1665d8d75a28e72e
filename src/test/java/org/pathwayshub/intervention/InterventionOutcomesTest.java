package org.pathwayshub.intervention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.intervention.OutcomeTally.Offer;
import org.pathwayshub.intervention.OutcomeTally.Situation;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.record.YoungPersonFacts.ActivitySpell;
import org.pathwayshub.record.YoungPersonFacts.Characteristic;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;

/**
 * Where a young person was six months after an intervention, from their activity history as the shipped activity
 * list reads it, and which characteristics count for the day of the offer.
 */
class InterventionOutcomesTest {

    private static final CodeLists CODES = new CodeLists(new HubConfigFiles(new HubProperties()));
    private static final CodeList ACTIVITIES = CODES.get("activity");
    private static final LocalDate ASKED = LocalDate.of(2026, 12, 5);
    private static final LocalDate SIX_MONTHS_ON = LocalDate.of(2026, 9, 10);
    private static final YoungPersonFacts.Source SOURCE = new YoungPersonFacts.Source("nccis-xml", 1, 1L);

    /** Spells one after the other: each ends when the next starts, the last goes on. */
    private static YoungPersonFacts person(List<Characteristic> characteristics, Object... codeThenStart) {
        List<ActivitySpell> spells = new ArrayList<>();
        for (int i = 0; i < codeThenStart.length; i += 2) {
            String code = (String) codeThenStart[i];
            LocalDate start = (LocalDate) codeThenStart[i + 1];
            LocalDate next = i + 3 < codeThenStart.length ? (LocalDate) codeThenStart[i + 3] : null;
            spells.add(new ActivitySpell(code, ACTIVITIES.label(code), String.valueOf(ACTIVITIES.attribute(code, "group")),
                    Boolean.TRUE.equals(ACTIVITIES.attribute(code, "eet")), start, null, next, start, start, null, null, null,
                    null, null, start, SOURCE, false));
        }
        return new YoungPersonFacts(UUID.randomUUID(), null, List.of(), List.of(), List.of(), List.of(), characteristics,
                spells, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void aCourseGoingOnSixMonthsOnIsEet() {
        YoungPersonFacts p = person(List.of(), "619", LocalDate.of(2026, 1, 5), "230", LocalDate.of(2026, 9, 1));

        assertThat(InterventionOutcomes.situation(p, SIX_MONTHS_ON, ASKED)).isEqualTo(Situation.EET);
    }

    @Test
    void aNeetActivityStillGoingOnIsNeetEvenIfEetCameLater() {
        YoungPersonFacts p = person(List.of(), "610", LocalDate.of(2026, 1, 5), "330", LocalDate.of(2026, 11, 1));

        assertThat(InterventionOutcomes.situation(p, SIX_MONTHS_ON, ASKED)).isEqualTo(Situation.NEET);
    }

    @Test
    void nothingOnRecordForTheDayOrANotKnownActivityIsNotKnown() {
        YoungPersonFacts startedLater = person(List.of(), "230", LocalDate.of(2026, 11, 1));
        YoungPersonFacts notKnown = person(List.of(), "810", LocalDate.of(2026, 2, 1));

        assertThat(InterventionOutcomes.situation(startedLater, SIX_MONTHS_ON, ASKED)).isEqualTo(Situation.NOT_KNOWN);
        assertThat(InterventionOutcomes.situation(notKnown, SIX_MONTHS_ON, ASKED)).isEqualTo(Situation.NOT_KNOWN);
        assertThat(InterventionOutcomes.situation(null, SIX_MONTHS_ON, ASKED)).as("no facts at all").isEqualTo(Situation.NOT_KNOWN);
    }

    @Test
    void aDayNotYetComeIsTooSoonWhateverTheRecordSays() {
        YoungPersonFacts p = person(List.of(), "230", LocalDate.of(2026, 1, 5));

        assertThat(InterventionOutcomes.situation(p, ASKED.plusDays(1), ASKED)).isEqualTo(Situation.TOO_SOON);
        assertThat(InterventionOutcomes.situation(p, ASKED, ASKED)).as("the day itself has come").isEqualTo(Situation.EET);
    }

    @Test
    void characteristicsHeldOnTheDayOfTheOfferCountAndOnesEndedOrNotYetBegunDoNot() {
        LocalDate offered = LocalDate.of(2026, 3, 10);
        YoungPersonFacts p = person(List.of(
                characteristic("210", null, null),
                characteristic("120", LocalDate.of(2025, 6, 1), LocalDate.of(2026, 3, 10)),
                characteristic("110", LocalDate.of(2020, 1, 1), LocalDate.of(2026, 3, 9)),
                characteristic("180", LocalDate.of(2026, 3, 11), null),
                characteristic("LOCAL_NOT_LISTED", null, null)));

        assertThat(InterventionOutcomes.characteristicsOn(p, offered, CODES.get("characteristic").codes()))
                .containsExactly("120", "210");
    }

    @Test
    void theCsvHasALinePerBreakdownWithTheRateAndNoRateWhenAllAreTooSoon() {
        UUID a = UUID.randomUUID();
        OutcomeTally.Report report = OutcomeTally.tally(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30), 6, ASKED, List.of(
                new Offer(a, "MENTORING", LocalDate.of(2026, 3, 10), "YES", "9554001", Set.of("210"), Situation.EET),
                new Offer(UUID.randomUUID(), "TRAVEL_SUPPORT", LocalDate.of(2026, 6, 10), "NO", "9554001", Set.of(),
                        Situation.TOO_SOON)), c -> "label, " + c, c -> "=" + c);
        StringWriter out = new StringWriter();

        InterventionOutcomes.writeCsv(report, out);

        assertThat(out.toString().split("\r\n")).containsExactly(
                "breakdown,intervention,intervention_label,group,group_label,offered,taken_up,too_soon,eet,neet,not_known,eet_rate",
                "intervention,MENTORING,\"label, MENTORING\",,,1,1,0,1,0,0,100.0",
                "intervention,TRAVEL_SUPPORT,\"label, TRAVEL_SUPPORT\",,,1,0,1,0,0,0,",
                "school,MENTORING,\"label, MENTORING\",9554001,,1,1,0,1,0,0,100.0",
                "school,TRAVEL_SUPPORT,\"label, TRAVEL_SUPPORT\",9554001,,1,0,1,0,0,0,",
                "characteristic,MENTORING,\"label, MENTORING\",210,'=210,1,1,0,1,0,0,100.0",
                "characteristic,TRAVEL_SUPPORT,\"label, TRAVEL_SUPPORT\",none,No characteristic held,1,0,1,0,0,0,");
    }

    private static Characteristic characteristic(String code, LocalDate from, LocalDate to) {
        return new Characteristic(code, from, to, null, null, SOURCE);
    }
}
