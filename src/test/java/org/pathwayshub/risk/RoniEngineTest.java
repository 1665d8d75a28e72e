package org.pathwayshub.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.risk.Assessment.Factor;
import org.pathwayshub.risk.RiskInputs.Activity;
import org.pathwayshub.risk.RiskInputs.Attendance;
import org.pathwayshub.risk.RiskInputs.Census;
import org.pathwayshub.risk.RiskInputs.Characteristic;
import org.pathwayshub.risk.RiskInputs.Source;
import org.pathwayshub.risk.RiskInputs.Tracking;

/**
 * The default RONI rule set (mappings/risk/roni-default.yaml) scores generated pupils as docs/roni.md
 * says: each indicator fires on its side of its edge and not on the other, replaced indicators give way, bands
 * start at 1, 2 and 4, nothing dated after the assessment date counts, and the NC year moves on each 1 September.
 * Every expectation is worked out by hand for an assessment on Monday 16 March 2026 (academic year 2025/26, so
 * "last academic year" is 1 September 2024 to 31 August 2025 and "the last 12 months" start on 17 March 2025).
 */
class RoniEngineTest {

    private static final LocalDate AS_AT = LocalDate.of(2026, 3, 16);
    private static final LocalDate JANUARY_CENSUS = LocalDate.of(2026, 1, 15);
    private static final LocalDate OCTOBER_CENSUS = LocalDate.of(2025, 10, 2);
    private static final LocalDate LAST_DAY_OF_LAST_YEAR = LocalDate.of(2025, 8, 31);
    private static final LocalDate FIRST_DAY_OF_THIS_YEAR = LocalDate.of(2025, 9, 1);

    private static final RoniRuleSet DEFAULT = RoniRuleSet.defaults();
    private static final RoniRuleSet EXTENDED = RoniRuleSet.fromClassPath("mappings/risk/roni-extended.yaml");

    private final RoniEngine engine = new RoniEngine();

    private Assessment assess(Pupil pupil) {
        return engine.assess(DEFAULT, pupil.build(), AS_AT);
    }

    private static List<String> fired(Assessment assessment) {
        return assessment.factors().stream().map(Factor::indicator).toList();
    }

    private static Factor factor(Assessment assessment, String indicator) {
        return assessment.factors().stream().filter(f -> f.indicator().equals(indicator)).findFirst()
                .orElseThrow(() -> new AssertionError(indicator + " did not fire: " + assessment.factors()));
    }

    @Nested
    class Bands {

        @Test
        void aPupilWithNoIndicatorScoresNothingAndIsInNoBand() {
            Assessment a = assess(pupil());
            assertThat(a.score()).isZero();
            assertThat(a.band()).isEqualTo(Band.NONE);
            assertThat(a.factors()).isEmpty();
            assertThat(a.inScope()).isTrue();
            assertThat(a.ruleSet()).isEqualTo("roni-default");
            assertThat(a.version()).isEqualTo("2025.1");
            assertThat(a.asAt()).isEqualTo(AS_AT);
        }

        @Test
        void oneIsGreen() {
            Assessment a = assess(pupil().eal());
            assertThat(a.score()).isEqualTo(1);
            assertThat(a.band()).isEqualTo(Band.GREEN);
        }

        @Test
        void twoIsAmber() {
            Assessment a = assess(pupil().sen("E"));
            assertThat(a.score()).isEqualTo(2);
            assertThat(a.band()).isEqualTo(Band.AMBER);
        }

        @Test
        void threeIsStillAmber() {
            Assessment a = assess(pupil().sen("E").eal());
            assertThat(a.score()).isEqualTo(3);
            assertThat(a.band()).isEqualTo(Band.AMBER);
        }

        @Test
        void fourIsRed() {
            Assessment a = assess(pupil().sen("E").fsm());
            assertThat(a.score()).isEqualTo(4);
            assertThat(a.band()).isEqualTo(Band.RED);
        }
    }

    @Nested
    class EnglishAsAnAdditionalLanguage {

        @Test
        void countsOneWhenTheLatestCensusSaysEal() {
            Pupil pupil = pupil().eal();
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("eal");
            assertThat(factor(a, "eal").points()).isEqualTo(1);
            assertThat(factor(a, "eal").source()).isEqualTo(pupil.latestCensusSource);
            assertThat(factor(a, "eal").evidence()).isEqualTo("first language other than English in the census of 2026-01-15");
        }

        @Test
        void doesNotCountWhenAnEarlierCensusSaidEalButTheLatestSaysEnglish() {
            assertThat(fired(assess(pupil().earlierCensus(OCTOBER_CENSUS, false, "N", true)))).isEmpty();
        }

        @Test
        void readsTheLatestCensusThatRecordsFirstLanguage() {
            Pupil pupil = pupil().ealUnknown().earlierCensus(OCTOBER_CENSUS, false, "N", true);
            Source october = pupil.lastSource;
            assertThat(factor(assess(pupil), "eal").source()).isEqualTo(october);
        }
    }

    @Nested
    class SpecialEducationalNeeds {

        @Test
        void anEhcPlanCountsTwo() {
            Assessment a = assess(pupil().sen("E"));
            assertThat(fired(a)).containsExactly("ehc-plan");
            assertThat(factor(a, "ehc-plan").evidence()).isEqualTo("SEN provision E in the census of 2026-01-15");
        }

        @Test
        void senSupportCountsOne() {
            Assessment a = assess(pupil().sen("K"));
            assertThat(fired(a)).containsExactly("sen-support");
            assertThat(a.score()).isEqualTo(1);
        }

        @Test
        void aPlanThatTheLatestCensusNoLongerRecordsDoesNotCount() {
            assertThat(fired(assess(pupil().sen("N").earlierCensus(OCTOBER_CENSUS, false, "E", false)))).isEmpty();
        }
    }

    @Nested
    class AttendanceOverSixMonths {

        @Test
        void exactlyNinetyPercentIsNotBelowNinety() {
            assertThat(fired(assess(pupil().attending(900, 1000)))).isEmpty();
        }

        @Test
        void eightyNinePointNineIsBelowNinetyAndCountsOne() {
            Pupil pupil = pupil().attending(899, 1000);
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("attendance-below-90");
            assertThat(a.score()).isEqualTo(1);
            Factor f = factor(a, "attendance-below-90");
            assertThat(f.evidence()).isEqualTo("attendance 89.9% in the 6 months to 2026-03-16 (899 of 1000 sessions, in periods ending up to 2026-02-27)");
            assertThat(f.source()).as("the latest period").isEqualTo(pupil.lastSource);
        }

        @Test
        void exactlyEightyFivePercentCountsOneNotTwo() {
            Assessment a = assess(pupil().attending(850, 1000));
            assertThat(fired(a)).containsExactly("attendance-below-90");
            assertThat(a.score()).isEqualTo(1);
        }

        @Test
        void eightyFourPointNineCountsTwoInsteadOfOne() {
            Assessment a = assess(pupil().attending(849, 1000));
            assertThat(fired(a)).containsExactly("attendance-below-85");
            assertThat(a.score()).isEqualTo(2);
            assertThat(factor(a, "attendance-below-85").evidence())
                    .isEqualTo("attendance 84.9% in the 6 months to 2026-03-16 (849 of 1000 sessions, in periods ending up to 2026-02-27)");
        }

        @Test
        void sumsSessionsOverThePeriodsEndingInTheLastSixMonths() {
            // the six months run from 17 September 2025: a period ending on the 16th is left out, one ending on the 17th is in
            Pupil leftOut = pupil().attendance(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 9, 16), 22, 11)
                    .attendance(LocalDate.of(2025, 9, 18), LocalDate.of(2026, 3, 13), 220, 205);
            assertThat(fired(assess(leftOut))).as("205 of 220 is 93.2%").isEmpty();
            Pupil counted = pupil().attendance(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 9, 17), 24, 12)
                    .attendance(LocalDate.of(2025, 9, 18), LocalDate.of(2026, 3, 13), 220, 205);
            Assessment a = assess(counted);
            assertThat(fired(a)).containsExactly("attendance-below-90");
            assertThat(factor(a, "attendance-below-90").evidence())
                    .isEqualTo("attendance 88.9% in the 6 months to 2026-03-16 (217 of 244 sessions, in periods ending up to 2026-03-13)");
        }

        @Test
        void theWindowTheEvidenceNamesIsTheOneCountedSoAFactorLeavesItOnlyWhenItsPeriodsDo() {
            Pupil pupil = pupil().attendance(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 2, 27), 1000, 849);
            // the six months to 26 August 2026 start on 27 February: the period still ends inside them
            Assessment august26 = engine.assess(DEFAULT, pupil.build(), LocalDate.of(2026, 8, 26));
            assertThat(factor(august26, "attendance-below-85").evidence())
                    .isEqualTo("attendance 84.9% in the 6 months to 2026-08-26 (849 of 1000 sessions, in periods ending up to 2026-02-27)");
            // the six months to 27 August start on 28 February: no period ends inside them, so nothing is counted
            Assessment august27 = engine.assess(DEFAULT, pupil.build(), LocalDate.of(2026, 8, 27));
            assertThat(fired(august27)).doesNotContain("attendance-below-85", "attendance-below-90");
        }
    }

    @Nested
    class SuspensionsAndExclusions {

        @Test
        void aSuspensionOn31AugustOfLastAcademicYearCounts() {
            Pupil pupil = pupil().suspended(LocalDate.of(2025, 4, 22), LAST_DAY_OF_LAST_YEAR, 1, 2);
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("suspension-last-year");
            assertThat(a.score()).isEqualTo(1);
            assertThat(factor(a, "suspension-last-year").source()).isEqualTo(pupil.lastSource);
            assertThat(factor(a, "suspension-last-year").evidence())
                    .isEqualTo("1 suspension (2 sessions) in attendance periods ending in academic year 2024/25");
        }

        @Test
        void aSuspensionOn1SeptemberThisYearDoesNotCount() {
            assertThat(fired(assess(pupil().suspended(FIRST_DAY_OF_THIS_YEAR, FIRST_DAY_OF_THIS_YEAR, 1, 2)))).isEmpty();
        }

        @Test
        void aSuspensionTheYearBeforeLastDoesNotCount() {
            assertThat(fired(assess(pupil().suspended(LocalDate.of(2024, 4, 15), LocalDate.of(2024, 8, 31), 2, 4)))).isEmpty();
        }

        @Test
        void aPermanentExclusionOn31AugustOfLastYearCountsTwoInsteadOfTheSuspension() {
            Pupil pupil = pupil().suspended(LocalDate.of(2025, 1, 6), LocalDate.of(2025, 4, 4), 2, 3)
                    .permanentlyExcluded(LAST_DAY_OF_LAST_YEAR);
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("permanent-exclusion-last-year");
            assertThat(a.score()).isEqualTo(2);
            assertThat(factor(a, "permanent-exclusion-last-year").evidence())
                    .isEqualTo("permanently excluded on 2025-08-31, in academic year 2024/25");
        }

        @Test
        void aPermanentExclusionOn1SeptemberThisYearDoesNotCount() {
            assertThat(fired(assess(pupil().permanentlyExcluded(FIRST_DAY_OF_THIS_YEAR)))).isEmpty();
        }
    }

    @Nested
    class EducatedAwayFromSchool {

        @Test
        void alternativeProvisionNowCountsOne() {
            Pupil pupil = pupil().characteristic("200", LocalDate.of(2025, 11, 3), null);
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("educated-away-from-school");
            assertThat(a.score()).isEqualTo(1);
            assertThat(factor(a, "educated-away-from-school").source()).isEqualTo(pupil.lastSource);
        }

        @Test
        void alternativeProvisionThatEndedYesterdayDoesNotCount() {
            assertThat(fired(assess(pupil().characteristic("200", LocalDate.of(2025, 11, 3), AS_AT.minusDays(1))))).isEmpty();
        }

        @Test
        void educationAtHomeNowCountsOne() {
            Pupil pupil = pupil().activity("120", LocalDate.of(2025, 9, 1), null);
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("educated-away-from-school");
            assertThat(factor(a, "educated-away-from-school").evidence())
                    .isEqualTo("activity 120 since 2025-09-01, current on 2026-03-16");
        }

        @Test
        void educationAtHomeEndsTheDayTheNextActivityStarts() {
            assertThat(fired(assess(pupil().activity("120", LocalDate.of(2025, 9, 1), AS_AT)))).isEmpty();
            assertThat(fired(assess(pupil().activity("120", LocalDate.of(2025, 9, 1), AS_AT.plusDays(1)))))
                    .containsExactly("educated-away-from-school");
        }
    }

    @Nested
    class LookedAfter {

        @Test
        void careThatEnded11MonthsAgoCountsTwo() {
            Pupil pupil = pupil().characteristic("110", LocalDate.of(2023, 6, 1), AS_AT.minusMonths(11));
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("looked-after");
            assertThat(a.score()).isEqualTo(2);
            assertThat(factor(a, "looked-after").evidence())
                    .isEqualTo("characteristic 110 from 2023-06-01 to 2025-04-16, in the 12 months to 2026-03-16");
        }

        @Test
        void careThatEnded13MonthsAgoDoesNotCount() {
            assertThat(fired(assess(pupil().characteristic("110", LocalDate.of(2023, 6, 1), AS_AT.minusMonths(13))))).isEmpty();
        }

        @Test
        void theTwelveMonthsStartTheDayAfterTheSameDateLastYear() {
            assertThat(fired(assess(pupil().characteristic("110", LocalDate.of(2023, 6, 1), LocalDate.of(2025, 3, 16))))).isEmpty();
            assertThat(fired(assess(pupil().characteristic("110", LocalDate.of(2023, 6, 1), LocalDate.of(2025, 3, 17)))))
                    .containsExactly("looked-after");
        }

        @Test
        void stillLookedAfterCounts() {
            assertThat(fired(assess(pupil().characteristic("110", LocalDate.of(2025, 12, 1), null)))).containsExactly("looked-after");
        }
    }

    @Nested
    class EarlyHelp {

        @Test
        void anAssessmentYearsAgoCountsTwo() {
            Assessment a = assess(pupil().characteristic("EARLY_HELP", LocalDate.of(2019, 5, 1), LocalDate.of(2019, 11, 30)));
            assertThat(fired(a)).containsExactly("early-help");
            assertThat(a.score()).isEqualTo(2);
        }

        @Test
        void withoutAFromDateItIsDatedFromWhenTheHubFirstSawIt() {
            Pupil pupil = pupil().characteristicFirstSeen("EARLY_HELP", LocalDate.of(2021, 2, 1));
            assertThat(factor(assess(pupil), "early-help").evidence())
                    .isEqualTo("characteristic EARLY_HELP first recorded 2021-02-01, at any time up to 2026-03-16");
            Pupil seenLater = pupil().characteristicFirstSeen("EARLY_HELP", AS_AT.plusDays(1));
            assertThat(fired(assess(seenLater))).isEmpty();
        }

        @Test
        void anAssessmentStartingAfterTheAssessmentDateDoesNotCount() {
            assertThat(fired(assess(pupil().characteristic("EARLY_HELP", AS_AT.plusDays(1), null)))).isEmpty();
        }
    }

    @Nested
    class PregnantOrYoungParent {

        @ParameterizedTest(name = "characteristic {0}")
        @ValueSource(strings = {"180", "120", "190"})
        void pregnancyOrParenthoodNowCountsTwo(String code) {
            Assessment a = assess(pupil().characteristic(code, LocalDate.of(2025, 12, 1), null));
            assertThat(fired(a)).containsExactly("pregnant-or-young-parent");
            assertThat(a.score()).isEqualTo(2);
        }

        @Test
        void aPregnancyThatHasEndedDoesNotCount() {
            assertThat(fired(assess(pupil().characteristic("180", LocalDate.of(2025, 6, 1), LocalDate.of(2026, 2, 20))))).isEmpty();
        }
    }

    @Nested
    class FreeSchoolMeals {

        @Test
        void theLatestCensusCountsTwo() {
            Pupil pupil = pupil().fsm();
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("free-school-meals");
            assertThat(a.score()).isEqualTo(2);
            assertThat(factor(a, "free-school-meals").evidence())
                    .isEqualTo("eligible for free school meals in the census of 2026-01-15, in the 12 months to 2026-03-16");
        }

        @Test
        void aCensus11MonthsAgoCountsEvenThoughTheLatestSaysNot() {
            Pupil pupil = pupil().earlierCensus(AS_AT.minusMonths(11), true, "N", false);
            Assessment a = assess(pupil);
            assertThat(fired(a)).containsExactly("free-school-meals");
            assertThat(factor(a, "free-school-meals").source()).isEqualTo(pupil.lastSource);
        }

        @Test
        void aCensus13MonthsAgoDoesNotCount() {
            assertThat(fired(assess(pupil().earlierCensus(AS_AT.minusMonths(13), true, "N", false)))).isEmpty();
        }

        @Test
        void aCensusOnTheSameDateLastYearIsOutsideTheTwelveMonths() {
            assertThat(fired(assess(pupil().earlierCensus(LocalDate.of(2025, 3, 16), true, "N", false)))).isEmpty();
            assertThat(fired(assess(pupil().earlierCensus(LocalDate.of(2025, 3, 17), true, "N", false))))
                    .containsExactly("free-school-meals");
        }
    }

    @Nested
    class YoungCarer {

        @ParameterizedTest(name = "characteristic {0}")
        @ValueSource(strings = {"YOUNG_CARER", "140"})
        void caringNowCountsTwo(String code) {
            Assessment a = assess(pupil().characteristic(code, LocalDate.of(2024, 9, 1), null));
            assertThat(fired(a)).containsExactly("young-carer");
            assertThat(a.score()).isEqualTo(2);
        }

        @Test
        void caringThatEndedLastMonthDoesNotCount() {
            assertThat(fired(assess(pupil().characteristic("YOUNG_CARER", LocalDate.of(2024, 9, 1), LocalDate.of(2026, 2, 13))))).isEmpty();
        }
    }

    @Nested
    class Custody {

        @Test
        void custodyReportedByYouthJusticeThatEnded11MonthsAgoCountsTwo() {
            Assessment a = assess(pupil().characteristic("CUSTODY", AS_AT.minusMonths(14), AS_AT.minusMonths(11)));
            assertThat(fired(a)).containsExactly("custody");
            assertThat(a.score()).isEqualTo(2);
        }

        @ParameterizedTest(name = "activity {0}")
        @ValueSource(strings = {"130", "710"})
        void aCustodialActivityThatEnded11MonthsAgoCountsTwo(String code) {
            assertThat(fired(assess(pupil().activity(code, AS_AT.minusMonths(14), AS_AT.minusMonths(11))))).containsExactly("custody");
        }

        @Test
        void custodyThatEnded13MonthsAgoDoesNotCount() {
            assertThat(fired(assess(pupil().characteristic("CUSTODY", AS_AT.minusMonths(16), AS_AT.minusMonths(13))))).isEmpty();
            assertThat(fired(assess(pupil().activity("130", AS_AT.minusMonths(16), AS_AT.minusMonths(13))))).isEmpty();
        }

        @Test
        void bothSourcesCountOnceWithTheMoreRecentRecordAsEvidence() {
            Pupil pupil = pupil().activity("130", AS_AT.minusMonths(16), AS_AT.minusMonths(13).plusDays(40))
                    .characteristic("CUSTODY", AS_AT.minusMonths(8), AS_AT.minusMonths(6));
            Source custody = pupil.lastSource;
            Assessment a = assess(pupil);
            assertThat(a.factors()).hasSize(1);
            assertThat(a.score()).isEqualTo(2);
            assertThat(factor(a, "custody").source()).isEqualTo(custody);
        }
    }

    @Nested
    class YouthJustice {

        @Test
        void supervisionThatEnded11MonthsAgoCountsTwo() {
            Assessment a = assess(pupil().characteristic("170", AS_AT.minusMonths(20), AS_AT.minusMonths(11)));
            assertThat(fired(a)).containsExactly("youth-justice");
            assertThat(a.score()).isEqualTo(2);
        }

        @Test
        void supervisionThatEnded13MonthsAgoDoesNotCount() {
            assertThat(fired(assess(pupil().characteristic("170", AS_AT.minusMonths(20), AS_AT.minusMonths(13))))).isEmpty();
        }
    }

    @Test
    void aPupilWithEveryIndicatorScoresTheMaximumOf22() {
        Pupil pupil = pupil().eal().sen("E").fsm()
                .attending(849, 1000)
                .suspended(LocalDate.of(2025, 1, 6), LocalDate.of(2025, 4, 4), 2, 3)
                .permanentlyExcluded(LocalDate.of(2025, 6, 30))
                .characteristic("200", LocalDate.of(2025, 9, 1), null)
                .characteristic("110", LocalDate.of(2024, 2, 1), null)
                .characteristic("EARLY_HELP", LocalDate.of(2022, 3, 1), LocalDate.of(2022, 9, 1))
                .characteristic("180", LocalDate.of(2026, 1, 20), null)
                .characteristic("YOUNG_CARER", LocalDate.of(2023, 1, 1), null)
                .characteristic("CUSTODY", LocalDate.of(2025, 5, 1), LocalDate.of(2025, 7, 1))
                .characteristic("170", LocalDate.of(2025, 3, 1), null);
        Assessment a = assess(pupil);
        // 1 + 2 + 2 + 2 + 1 + 2 + 2 + 2 + 2 + 2 + 2 + 2: the lighter of each pair (SEN support, 90%, suspension) gives way
        assertThat(fired(a)).containsExactly("eal", "ehc-plan", "attendance-below-85", "permanent-exclusion-last-year",
                "educated-away-from-school", "looked-after", "early-help", "pregnant-or-young-parent", "free-school-meals",
                "young-carer", "custody", "youth-justice");
        assertThat(a.score()).isEqualTo(22);
        assertThat(a.band()).isEqualTo(Band.RED);
    }

    @Nested
    class FactsAfterTheAssessmentDate {

        private Pupil everythingAfterTheAssessmentDate() {
            LocalDate tomorrow = AS_AT.plusDays(1);
            return pupil()
                    .earlierCensus(LocalDate.of(2026, 5, 21), true, "E", true)
                    .attendance(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 27), 38, 10)
                    .permanentlyExcluded(LocalDate.of(2026, 3, 20))
                    .characteristic("110", tomorrow, null)
                    .characteristic("EARLY_HELP", tomorrow, null)
                    .activity("120", tomorrow, null)
                    .activity("130", tomorrow, null);
        }

        @Test
        void areIgnored() {
            Assessment a = assess(everythingAfterTheAssessmentDate());
            assertThat(a.factors()).isEmpty();
            assertThat(a.score()).isZero();
            assertThat(a.ncYear()).as("from the January census, not May's").isEqualTo(10);
        }

        @Test
        void countOnceTheyHaveHappened() {
            Assessment a = engine.assess(DEFAULT, everythingAfterTheAssessmentDate().build(), LocalDate.of(2026, 5, 22));
            assertThat(fired(a)).contains("ehc-plan", "eal", "free-school-meals", "attendance-below-85", "looked-after",
                    "early-help", "educated-away-from-school", "custody");
        }
    }

    @Nested
    class NcYearAndScope {

        @Test
        void aYear10InTheOctoberCensusIsYear10UntilTheEndOfAugustAndYear11From1September() {
            RiskInputs inputs = pupil(10, OCTOBER_CENSUS).build();
            assertThat(engine.assess(DEFAULT, inputs, LocalDate.of(2026, 8, 31)).ncYear()).isEqualTo(10);
            assertThat(engine.assess(DEFAULT, inputs, LocalDate.of(2026, 9, 1)).ncYear()).isEqualTo(11);
            assertThat(engine.assess(DEFAULT, inputs, LocalDate.of(2027, 9, 1)).ncYear()).isEqualTo(12);
        }

        @Test
        void aYear11In2025To26IsOutOfScopeFromSeptember2026() {
            RiskInputs inputs = pupil(11, JANUARY_CENSUS).build();
            assertThat(engine.assess(DEFAULT, inputs, LocalDate.of(2026, 8, 31)).inScope()).isTrue();
            Assessment september = engine.assess(DEFAULT, inputs, LocalDate.of(2026, 9, 1));
            assertThat(september.ncYear()).isEqualTo(12);
            assertThat(september.inScope()).isFalse();
        }

        @ParameterizedTest(name = "Year {0}")
        @ValueSource(ints = {7, 12})
        void yearsOutsideEightToElevenAreScoredButNotInScope(int year) {
            Assessment a = assess(pupil(year, JANUARY_CENSUS).sen("E").fsm());
            assertThat(a.ncYear()).isEqualTo(year);
            assertThat(a.inScope()).isFalse();
            assertThat(a.score()).isEqualTo(4);
            assertThat(a.band()).isEqualTo(Band.RED);
            assertThat(fired(a)).containsExactly("ehc-plan", "free-school-meals");
        }

        @ParameterizedTest(name = "Year {0}")
        @ValueSource(ints = {8, 11})
        void yearsEightAndElevenAreInScope(int year) {
            assertThat(assess(pupil(year, JANUARY_CENSUS)).inScope()).isTrue();
        }

        @Test
        void withoutACensusTheNcYearIsUnknownAndNotInScope() {
            Assessment a = engine.assess(DEFAULT, pupil().withoutCensus().characteristic("110", LocalDate.of(2025, 1, 1), null).build(), AS_AT);
            assertThat(a.ncYear()).isNull();
            assertThat(a.inScope()).isFalse();
            assertThat(fired(a)).containsExactly("looked-after");
        }
    }

    @Nested
    class AnotherRuleSet {

        @Test
        void theExtendedSetScoresTheSamePupilHigher() {
            Pupil pupil = pupil()
                    .activity("120", LocalDate.of(2025, 9, 1), null)
                    .characteristic("CHILD_IN_NEED", LocalDate.of(2025, 6, 1), null)
                    .levelOfNeed("1", LocalDate.of(2026, 2, 28));
            Assessment byDefault = engine.assess(DEFAULT, pupil.build(), AS_AT);
            assertThat(fired(byDefault)).containsExactly("educated-away-from-school");
            assertThat(byDefault.score()).isEqualTo(1);
            assertThat(byDefault.band()).isEqualTo(Band.GREEN);

            Assessment extended = engine.assess(EXTENDED, pupil.build(), AS_AT);
            assertThat(extended.ruleSet()).isEqualTo("roni-extended");
            assertThat(extended.version()).isEqualTo("2025.3");
            // home education 2 in place of educated away 1, child in need 2, level of need 1 2
            assertThat(fired(extended)).containsExactly("child-in-need", "home-education", "level-of-need-1");
            assertThat(extended.score()).isEqualTo(6);
            assertThat(extended.band()).isEqualTo(Band.RED);
            assertThat(factor(extended, "level-of-need-1").evidence()).isEqualTo("NCCIS level of need 1 reported on 2026-02-28");
        }

        @Test
        void careLeaverAndSubstanceMisuseCountOnlyInTheExtendedSet() {
            Pupil pupil = pupil()
                    .characteristic("160", LocalDate.of(2025, 7, 1), null)
                    .characteristic("150", LocalDate.of(2025, 10, 1), LocalDate.of(2026, 1, 31));
            assertThat(engine.assess(DEFAULT, pupil.build(), AS_AT).band()).isEqualTo(Band.NONE);
            Assessment extended = engine.assess(EXTENDED, pupil.build(), AS_AT);
            assertThat(fired(extended)).containsExactly("care-leaver", "substance-misuse");
            assertThat(extended.score()).isEqualTo(4);
        }

        @Test
        void aSchoolsDisengagingFlagCountsWhileItHoldsAndOnlyInTheExtendedSet() {
            Pupil pupil = pupil().schoolFlag("DISENGAGING", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 5, 31));
            assertThat(engine.assess(DEFAULT, pupil.build(), AS_AT).factors()).isEmpty();

            Assessment extended = engine.assess(EXTENDED, pupil.build(), AS_AT);
            assertThat(fired(extended)).containsExactly("school-flag-disengaging");
            assertThat(extended.score()).isEqualTo(2);
            assertThat(extended.band()).isEqualTo(Band.AMBER);
            Factor flag = factor(extended, "school-flag-disengaging");
            assertThat(flag.label()).isEqualTo("School flag - disengaging from learning");
            assertThat(flag.evidence()).isEqualTo("school flag DISENGAGING (flag 1) added by school 3914001, held from 2026-03-01"
                    + " to 2026-05-31, current on 2026-03-16");
        }

        @Test
        void aSchoolFlagEndedBeforeTheAssessmentDateOrAddedAfterItOrOfAnotherCodeDoesNotCount() {
            Pupil ended = pupil().schoolFlag("DISENGAGING", LocalDate.of(2026, 2, 1), AS_AT.minusDays(1));
            Pupil later = pupil().schoolFlag("DISENGAGING", AS_AT.plusDays(1), AS_AT.plusDays(60));
            Pupil otherCode = pupil().schoolFlag("BEREAVEMENT", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 5, 31));
            assertThat(engine.assess(EXTENDED, ended.build(), AS_AT).factors()).isEmpty();
            assertThat(engine.assess(EXTENDED, later.build(), AS_AT).factors()).isEmpty();
            assertThat(engine.assess(EXTENDED, otherCode.build(), AS_AT).factors()).isEmpty();
            // held on the assessment date itself, its last day
            assertThat(fired(engine.assess(EXTENDED, pupil().schoolFlag("DISENGAGING", AS_AT, AS_AT).build(), AS_AT)))
                    .containsExactly("school-flag-disengaging");
        }

        @Test
        void onlyTheLatestLevelOfNeedCounts() {
            Pupil pupil = pupil().levelOfNeed("1", LocalDate.of(2025, 11, 30)).levelOfNeed("2", LocalDate.of(2026, 2, 28));
            assertThat(engine.assess(EXTENDED, pupil.build(), AS_AT).factors()).isEmpty();
        }
    }

    // ---- generated pupils: never real people

    private static Pupil pupil() {
        return new Pupil(10, JANUARY_CENSUS);
    }

    private static Pupil pupil(int ncYear, LocalDate censusDate) {
        return new Pupil(ncYear, censusDate);
    }

    /**
     * A generated pupil: a clean census on {@code latestCensusDate} (not FSM, no SEN, English) and nothing else,
     * to which a test adds the facts it is about. Each fact gets its own source, the last one in {@link #lastSource}.
     */
    private static final class Pupil {
        private final int ncYear;
        private final LocalDate latestCensusDate;
        private boolean hasLatestCensus = true;
        private boolean fsm;
        private String sen = "N";
        private Boolean eal = false;
        private final List<Census> earlierCensus = new ArrayList<>();
        private final List<Attendance> attendance = new ArrayList<>();
        private final List<Characteristic> characteristics = new ArrayList<>();
        private final List<Activity> activities = new ArrayList<>();
        private final List<Tracking> tracking = new ArrayList<>();
        private final List<RiskInputs.SchoolFlag> schoolFlags = new ArrayList<>();
        private long line = 1;
        final Source latestCensusSource = new Source("school-census", 1, 1L);
        Source lastSource;

        Pupil(int ncYear, LocalDate latestCensusDate) {
            this.ncYear = ncYear;
            this.latestCensusDate = latestCensusDate;
        }

        private Source next(String feed) {
            lastSource = new Source(feed, 2, ++line);
            return lastSource;
        }

        Pupil fsm() {
            fsm = true;
            return this;
        }

        Pupil sen(String code) {
            sen = code;
            return this;
        }

        Pupil eal() {
            eal = true;
            return this;
        }

        Pupil ealUnknown() {
            eal = null;
            return this;
        }

        Pupil withoutCensus() {
            hasLatestCensus = false;
            return this;
        }

        /** Another census, its NC year worked back (or forward) from the latest. */
        Pupil earlierCensus(LocalDate date, boolean fsm, String sen, Boolean eal) {
            int year = ncYear - AcademicYear.yearsBetween(date, latestCensusDate);
            earlierCensus.add(new Census(date, "3914001", year, fsm, sen, eal, next("school-census")));
            return this;
        }

        Pupil attendance(LocalDate start, LocalDate end, int possible, int attended) {
            attendance.add(new Attendance(start, end, possible, attended, 0, 0, null, next("attendance")));
            return this;
        }

        /** This academic year so far, in two terms: the autumn term and the spring term to 27 February. */
        Pupil attending(int attended, int possible) {
            int autumnPossible = possible / 2;
            int autumnAttended = attended / 2;
            attendance(LocalDate.of(2025, 9, 3), LocalDate.of(2025, 12, 19), autumnPossible, autumnAttended);
            return attendance(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 2, 27), possible - autumnPossible, attended - autumnAttended);
        }

        Pupil suspended(LocalDate start, LocalDate end, int suspensions, int sessions) {
            attendance.add(new Attendance(start, end, 120, 120 - sessions, suspensions, sessions, null, next("attendance")));
            return this;
        }

        /** The attendance period the exclusion ends: from the start of its half term to the exclusion. */
        Pupil permanentlyExcluded(LocalDate on) {
            attendance.add(new Attendance(on.minusWeeks(6), on, 60, 52, 0, 0, on, next("attendance")));
            return this;
        }

        Pupil characteristic(String code, LocalDate from, LocalDate to) {
            characteristics.add(new Characteristic(code, from, to, from, next("childrens-services")));
            return this;
        }

        Pupil characteristicFirstSeen(String code, LocalDate firstSeen) {
            characteristics.add(new Characteristic(code, null, null, firstSeen, next("childrens-services")));
            return this;
        }

        Pupil activity(String code, LocalDate start, LocalDate end) {
            activities.add(new Activity(code, start, end, next("nccis-xml")));
            return this;
        }

        Pupil levelOfNeed(String level, LocalDate reportedOn) {
            tracking.add(new Tracking(level, reportedOn, next("nccis-xml")));
            return this;
        }

        /** A flag the pupil's school added on {@code from}, held to {@code to} (its end, or the day before it was ended). */
        Pupil schoolFlag(String code, LocalDate from, LocalDate to) {
            schoolFlags.add(new RiskInputs.SchoolFlag(schoolFlags.size() + 1, "3914001", code, from, to));
            return this;
        }

        RiskInputs build() {
            List<Census> census = new ArrayList<>(earlierCensus);
            if (hasLatestCensus) {
                census.add(new Census(latestCensusDate, "3914001", ncYear, fsm, sen, eal, latestCensusSource));
            }
            return new RiskInputs(UUID.nameUUIDFromBytes(("pupil-" + ncYear).getBytes()), census, attendance,
                    characteristics, activities, tracking, schoolFlags);
        }
    }
}
