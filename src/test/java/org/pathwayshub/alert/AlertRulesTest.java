package org.pathwayshub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.routing.LocalAuthority;
import org.pathwayshub.routing.ServiceDirectory;

/** The alert catalogue over made-up situations: what each rule raises, with which key, and what it leaves alone. */
class AlertRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    private static final UUID HUB_ID = UUID.fromString("00000000-0000-0000-0000-000000000042");

    private final AlertRules rules;

    AlertRulesTest() throws Exception {
        AlertSettings settings = AlertSettings.read(Files.newInputStream(Path.of("mappings/routing/alert-rules.yaml")));
        LocalAuthority la = LocalAuthority.read(Files.newInputStream(Path.of("mappings/local-authority.yaml")));
        ServiceDirectory directory = ServiceDirectory.read(Files.newInputStream(Path.of("mappings/routing/services.yaml")),
                "services.yaml", s -> s.replaceAll("\\{\\{[^:}]+:?([^}]*)}}", "$1"),
                Set.of(java.util.Arrays.stream(AlertType.values()).map(Enum::name).toArray(String[]::new)));
        rules = new AlertRules(settings, la, directory);
    }

    private static PersonSituation.Spell spell(String code, String group, boolean eet, LocalDate start, LocalDate end) {
        return new PersonSituation.Spell(code, code, group, eet, start, end, null, start, null);
    }

    private static PersonSituation person(LocalDate dob, String postcode, String previousPostcode, List<PersonSituation.Spell> spells,
                                          PersonSituation.Assessment risk, String previousBand, boolean offer,
                                          List<PersonSituation.Claim> claims, List<PersonSituation.Referral> referrals) {
        return new PersonSituation(HUB_ID, dob, "Test", "Pupil", "F", postcode, previousPostcode, Map.of("UPN", "A925000000000"),
                "9254000", risk == null ? 10 : risk.ncYear(), spells, risk, previousBand, false, claims, referrals,
                offer ? Set.of(11, 12) : Set.of());
    }

    private static PersonSituation simple(LocalDate dob, List<PersonSituation.Spell> spells) {
        return person(dob, "NM1 1AA", null, spells, null, null, true, List.of(), List.of());
    }

    private List<String> types(PersonSituation p) {
        return rules.evaluate(p, TODAY).stream().map(c -> c.type().name()).toList();
    }

    @Test
    void aNeetSpellGoingOnTodayRaisesNeetStartedKeyedByTheSpell() {
        PersonSituation p = simple(LocalDate.of(2009, 5, 1),
                List.of(spell("230", "education", true, LocalDate.of(2025, 9, 1), LocalDate.of(2026, 10, 1)),
                        spell("619", "neet", false, LocalDate.of(2026, 10, 1), null)));
        List<AlertCandidate> raised = rules.evaluate(p, TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactly("NEET_STARTED");
        assertThat(raised.get(0).dedupeKey()).isEqualTo("NEET_STARTED:" + HUB_ID + ":neet:2026-10-01");
        assertThat(raised.get(0).facts()).containsKeys("hubId", "upn", "givenName", "activity", "reason");
    }

    @Test
    void aNeetSpellThatHasEndedRaisesNothing() {
        PersonSituation p = simple(LocalDate.of(2009, 5, 1),
                List.of(spell("619", "neet", false, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 1)),
                        spell("230", "education", true, LocalDate.of(2026, 3, 1), null)));
        assertThat(types(p)).doesNotContain("NEET_STARTED");
    }

    @Test
    void notKnownCodesAndALapsedActivityRaiseNotKnown() {
        assertThat(types(simple(LocalDate.of(2009, 5, 1), List.of(spell("810", "not-known", false, LocalDate.of(2026, 11, 1), null)))))
                .containsExactly("NOT_KNOWN");
        PersonSituation.Spell lapsed = new PersonSituation.Spell("230", "FE", "education", true, LocalDate.of(2025, 9, 1), null,
                LocalDate.of(2026, 10, 31), LocalDate.of(2025, 10, 1), null);
        List<AlertCandidate> raised = rules.evaluate(simple(LocalDate.of(2009, 5, 1), List.of(lapsed)), TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactly("NOT_KNOWN");
        assertThat(raised.get(0).dedupeKey()).endsWith(":lapsed:2026-10-31");
        PersonSituation.Spell updated = new PersonSituation.Spell("230", "FE", "education", true, LocalDate.of(2025, 9, 1), null,
                LocalDate.of(2026, 10, 31), LocalDate.of(2026, 11, 5), null);
        assertThat(types(simple(LocalDate.of(2009, 5, 1), List.of(updated)))).as("updated after it was due to lapse").isEmpty();
    }

    @Test
    void riskRaisedOnlyWhenTheBandGoesUpToAmberOrRedInYears9To11() {
        PersonSituation.Assessment amberY10 = new PersonSituation.Assessment(7, "AMBER", 2, 10, true, "[]");
        assertThat(types(person(LocalDate.of(2011, 5, 1), "NM1 1AA", null, List.of(), amberY10, "GREEN", true, List.of(), List.of())))
                .containsExactly("RISK_RAISED");
        assertThat(types(person(LocalDate.of(2011, 5, 1), "NM1 1AA", null, List.of(), amberY10, "AMBER", true, List.of(), List.of())))
                .as("the same band again").isEmpty();
        assertThat(types(person(LocalDate.of(2011, 5, 1), "NM1 1AA", null, List.of(), amberY10, "RED", true, List.of(), List.of())))
                .as("down, not up").isEmpty();
        PersonSituation.Assessment redY8 = new PersonSituation.Assessment(8, "RED", 5, 8, true, "[]");
        assertThat(types(person(LocalDate.of(2013, 5, 1), "NM1 1AA", null, List.of(), redY8, null, true, List.of(), List.of())))
                .as("Year 8 is scored but not alerted").isEmpty();
        PersonSituation.Assessment greenY10 = new PersonSituation.Assessment(9, "GREEN", 1, 10, true, "[]");
        assertThat(types(person(LocalDate.of(2011, 5, 1), "NM1 1AA", null, List.of(), greenY10, null, true, List.of(), List.of())))
                .as("GREEN is not a raise worth an alert").isEmpty();
    }

    @Test
    void lastYearsYear11WithoutAnOfferByTheEndOfSeptemberRaisesSeptemberGuaranteeMissing() {
        // academic age 15 in 2025-26: born September 2009 to August 2010
        PersonSituation noOffer = person(LocalDate.of(2010, 3, 1), "NM1 1AA", null, List.of(), null, null, false, List.of(), List.of());
        List<AlertCandidate> raised = rules.evaluate(noOffer, TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactly("SEPTEMBER_GUARANTEE_MISSING");
        assertThat(raised.get(0).dedupeKey()).endsWith(":2026");
        PersonSituation withOffer = person(LocalDate.of(2010, 3, 1), "NM1 1AA", null, List.of(), null, null, true, List.of(), List.of());
        assertThat(types(withOffer)).isEmpty();
        assertThat(rules.evaluate(noOffer, LocalDate.of(2026, 9, 29))).as("before the deadline").isEmpty();
        assertThat(rules.evaluate(noOffer, LocalDate.of(2026, 9, 30))).as("on the deadline day itself").isEmpty();
        assertThat(rules.evaluate(noOffer, LocalDate.of(2026, 10, 1))).extracting(c -> c.type().name())
                .as("the day after").containsExactly("SEPTEMBER_GUARANTEE_MISSING");
    }

    @Test
    void anOfferCountsOnlyForItsOwnYearGroup() {
        // academic age 16 in 2025-26 (Year 12): born September 2008 to August 2009
        PersonSituation year12 = new PersonSituation(HUB_ID, LocalDate.of(2009, 1, 9), "Test", "Pupil", "F", "NM1 1AA", null,
                Map.of(), null, 13, List.of(), null, null, false, List.of(), List.of(), Set.of(11));
        List<AlertCandidate> raised = rules.evaluate(year12, TODAY);
        assertThat(raised).extracting(c -> c.type().name()).as("only last year's Year 11 offer on record")
                .containsExactly("SEPTEMBER_GUARANTEE_MISSING");
        assertThat(raised.get(0).reason()).contains("Year 12");
        PersonSituation offered = new PersonSituation(HUB_ID, LocalDate.of(2009, 1, 9), "Test", "Pupil", "F", "NM1 1AA", null,
                Map.of(), null, 13, List.of(), null, null, false, List.of(), List.of(), Set.of(12));
        assertThat(types(offered)).isEmpty();
    }

    @Test
    void aNewNeetReasonWithinOneNeetSpellKeepsTheSameKey() {
        LocalDate neetSince = LocalDate.of(2026, 10, 1);
        PersonSituation first = simple(LocalDate.of(2009, 5, 1),
                List.of(spell("230", "education", true, LocalDate.of(2025, 9, 1), neetSince), spell("619", "neet", false, neetSince, null)));
        PersonSituation.Spell notReady = new PersonSituation.Spell("610", "610", "neet", false, LocalDate.of(2026, 11, 10), null,
                null, LocalDate.of(2026, 11, 10), neetSince);
        PersonSituation later = simple(LocalDate.of(2009, 5, 1), List.of(
                spell("230", "education", true, LocalDate.of(2025, 9, 1), neetSince),
                spell("619", "neet", false, neetSince, LocalDate.of(2026, 11, 10)), notReady));
        PersonSituation onlyTheNewRecord = simple(LocalDate.of(2009, 5, 1), List.of(notReady));
        String key = rules.evaluate(first, TODAY).get(0).dedupeKey();
        assertThat(rules.evaluate(later, TODAY)).extracting(AlertCandidate::dedupeKey).containsExactly(key);
        assertThat(rules.evaluate(onlyTheNewRecord, TODAY)).extracting(AlertCandidate::dedupeKey).as("by NEETStartDate")
                .containsExactly(key);
        PersonSituation backInEducationThenNeetAgain = simple(LocalDate.of(2009, 5, 1), List.of(
                spell("619", "neet", false, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 5, 1)),
                spell("230", "education", true, LocalDate.of(2026, 5, 1), neetSince), spell("619", "neet", false, neetSince, null)));
        assertThat(rules.evaluate(backInEducationThenNeetAgain, TODAY)).filteredOn(c -> c.type() == AlertType.NEET_STARTED)
                .extracting(AlertCandidate::dedupeKey).as("an earlier NEET spell that education ended is not this one")
                .containsExactly(key);
    }

    @Test
    void neetAt18AndA17YearOldClaimantGoToJobcentrePlus() {
        PersonSituation neet19 = simple(LocalDate.of(2007, 5, 1), List.of(spell("619", "neet", false, LocalDate.of(2026, 10, 1), null)));
        assertThat(types(neet19)).containsExactlyInAnyOrder("NEET_STARTED", "NEET_18_PLUS");
        PersonSituation claimant = person(LocalDate.of(2009, 5, 1), "NM1 1AA", null, List.of(), null, null, true,
                List.of(new PersonSituation.Claim(LocalDate.of(2026, 11, 2), "UC", "Northmoor", true)), List.of());
        List<AlertCandidate> raised = rules.evaluate(claimant, TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactly("NEET_18_PLUS");
        assertThat(raised.get(0).facts()).containsKey("claim");
        PersonSituation adultClaimant = person(LocalDate.of(2004, 5, 1), "NM1 1AA", null, List.of(), null, null, true,
                List.of(new PersonSituation.Claim(LocalDate.of(2026, 11, 2), "UC", "Northmoor", true)), List.of());
        assertThat(types(adultClaimant)).as("a 22 year old claimant is not this alert").isEmpty();
    }

    @Test
    void aMoveFromThisLaToANeighboursDistrictRaisesTransferOut() {
        PersonSituation moved = person(LocalDate.of(2009, 5, 1), "WM2 3AB", "NM4 1AA", List.of(), null, null, true, List.of(), List.of());
        List<AlertCandidate> raised = rules.evaluate(moved, TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactly("TRANSFER_OUT");
        assertThat(raised.get(0).dedupeKey()).isEqualTo("TRANSFER_OUT:" + HUB_ID + ":WM2");
        PersonSituation local = person(LocalDate.of(2009, 5, 1), "NM2 3AB", "NM4 1AA", List.of(), null, null, true, List.of(), List.of());
        assertThat(types(local)).isEmpty();
        PersonSituation nowhere = person(LocalDate.of(2009, 5, 1), "ZZ9 3AB", "NM4 1AA", List.of(), null, null, true, List.of(), List.of());
        assertThat(types(nowhere)).as("no service covers the new district").isEmpty();
    }

    @Test
    void aReferralIsRaisedForTheServiceItNames() {
        PersonSituation referred = person(LocalDate.of(2009, 5, 1), "NM1 1AA", null, List.of(), null, null, true, List.of(),
                List.of(new PersonSituation.Referral(31, "Northmoor College", "NC-1", "careers-south", "HARD", "dropped out",
                        Instant.parse("2026-11-20T10:00:00Z"))));
        List<AlertCandidate> raised = rules.evaluate(referred, TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactly("REFERRAL_RECEIVED");
        assertThat(raised.get(0).namedService()).isEqualTo("careers-south");
        assertThat(raised.get(0).dedupeKey()).isEqualTo("REFERRAL_RECEIVED:31");
    }

    @Test
    void eachCheckpointAfterAnEetStartThatEndedANeetSpellRaisesOneOutcomeFollowUp() {
        List<PersonSituation.Spell> spells = new ArrayList<>();
        spells.add(spell("619", "neet", false, LocalDate.of(2025, 9, 1), LocalDate.of(2026, 5, 10)));
        spells.add(spell("310", "employment", true, LocalDate.of(2026, 5, 10), null));
        List<AlertCandidate> raised = rules.evaluate(simple(LocalDate.of(2008, 5, 1), spells), TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactly("OUTCOME_FOLLOW_UP", "OUTCOME_FOLLOW_UP");
        assertThat(raised).extracting(AlertCandidate::causeDate)
                .containsExactly(LocalDate.of(2026, 8, 10), LocalDate.of(2026, 11, 10));
        assertThat(raised).extracting(AlertCandidate::dedupeKey).containsExactly(
                "OUTCOME_FOLLOW_UP:" + HUB_ID + ":310:2026-05-10:3m", "OUTCOME_FOLLOW_UP:" + HUB_ID + ":310:2026-05-10:6m");
        assertThat(raised.get(1).facts().get("outcome")).isEqualTo(Map.of("activityCode", "310", "startDate", "2026-05-10",
                "checkpointMonths", 6));
        assertThat(rules.evaluate(simple(LocalDate.of(2008, 5, 1), spells), LocalDate.of(2026, 11, 9)))
                .as("the six-month checkpoint not yet reached").extracting(AlertCandidate::dedupeKey).singleElement()
                .asString().endsWith(":3m");
        assertThat(rules.evaluate(simple(LocalDate.of(2008, 5, 1), spells), LocalDate.of(2027, 5, 10)))
                .as("twelve months on: all three").hasSize(3);
    }

    @Test
    void aStartTheReferralsServiceRecordedIsFollowedUpThroughTheReferralNotHere() {
        List<PersonSituation.Spell> spells = new ArrayList<>();
        spells.add(spell("619", "neet", false, LocalDate.of(2025, 9, 1), LocalDate.of(2026, 5, 10)));
        spells.add(new PersonSituation.Spell("310", "310", "employment", true, LocalDate.of(2026, 5, 10), null, null,
                LocalDate.of(2026, 5, 10), null, false, "referral-outcomes"));
        assertThat(types(simple(LocalDate.of(2008, 5, 1), spells))).isEmpty();
    }

    @Test
    void aCheckpointAfterTheSpellEndedIsNotRaisedAndTheReNeetSaysTheOutcomeWasNotSustained() {
        List<PersonSituation.Spell> spells = new ArrayList<>();
        spells.add(spell("619", "neet", false, LocalDate.of(2025, 9, 1), LocalDate.of(2026, 5, 10)));
        spells.add(spell("330", "employment", true, LocalDate.of(2026, 5, 10), LocalDate.of(2026, 9, 1)));
        spells.add(spell("610", "neet", false, LocalDate.of(2026, 9, 1), null));
        List<AlertCandidate> raised = rules.evaluate(simple(LocalDate.of(2009, 5, 1), spells), TODAY);
        assertThat(raised).extracting(c -> c.type().name())
                .containsExactlyInAnyOrder("NEET_STARTED", "OUTCOME_FOLLOW_UP", "JOB_ENDED");
        assertThat(raised).filteredOn(c -> c.type() == AlertType.OUTCOME_FOLLOW_UP).singleElement()
                .satisfies(c -> assertThat(c.dedupeKey()).endsWith(":3m"));
        AlertCandidate neet = raised.stream().filter(c -> c.type() == AlertType.NEET_STARTED).findFirst().orElseThrow();
        assertThat(neet.reason()).contains("the outcome 330 330 from 2026-05-10 was not sustained (it ended on 2026-09-01)");
        assertThat(neet.facts().get("outcome")).isEqualTo(Map.of("activityCode", "330", "startDate", "2026-05-10",
                "endDate", "2026-09-01", "sustained", false));
    }

    @Test
    void aJobLostToANotKnownSpellThenNeetIsStillAnOutcomeNotSustained() {
        List<PersonSituation.Spell> spells = new ArrayList<>();
        spells.add(spell("619", "neet", false, LocalDate.of(2025, 9, 1), LocalDate.of(2026, 5, 10)));
        spells.add(spell("330", "employment", true, LocalDate.of(2026, 5, 10), LocalDate.of(2026, 8, 1)));
        spells.add(spell("810", "not-known", false, LocalDate.of(2026, 8, 1), LocalDate.of(2026, 10, 1)));
        spells.add(spell("610", "neet", false, LocalDate.of(2026, 10, 1), null));
        assertThat(rules.evaluate(simple(LocalDate.of(2009, 5, 1), spells), TODAY))
                .filteredOn(c -> c.type() == AlertType.NEET_STARTED).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("the outcome 330 330 from 2026-05-10 was not sustained"));
    }

    @Test
    void aReNeetAfterTheLastCheckpointOrAfterAnEetStartThatFollowedNoNeetSpellIsNotAnOutcomeEnding() {
        List<PersonSituation.Spell> sustained = new ArrayList<>();
        sustained.add(spell("619", "neet", false, LocalDate.of(2024, 9, 1), LocalDate.of(2025, 1, 10)));
        sustained.add(spell("330", "employment", true, LocalDate.of(2025, 1, 10), LocalDate.of(2026, 10, 1)));
        sustained.add(spell("610", "neet", false, LocalDate.of(2026, 10, 1), null));
        assertThat(rules.evaluate(simple(LocalDate.of(2007, 5, 1), sustained), TODAY))
                .filteredOn(c -> c.type() == AlertType.NEET_STARTED).singleElement()
                .satisfies(c -> assertThat(c.reason()).doesNotContain("not sustained"));
        List<PersonSituation.Spell> fromSchool = new ArrayList<>();
        fromSchool.add(spell("210", "education", true, LocalDate.of(2025, 9, 1), LocalDate.of(2026, 10, 1)));
        fromSchool.add(spell("610", "neet", false, LocalDate.of(2026, 10, 1), null));
        assertThat(rules.evaluate(simple(LocalDate.of(2008, 5, 1), fromSchool), TODAY))
                .filteredOn(c -> c.type() == AlertType.NEET_STARTED).singleElement()
                .satisfies(c -> assertThat(c.facts()).doesNotContainKey("outcome"));
    }

    @Test
    void aJobThatEndedWithNoNewActivityRaisesJobEndedOnceKeyedByTheSpell() {
        List<PersonSituation.Spell> spells = new ArrayList<>();
        spells.add(spell("230", "education", true, LocalDate.of(2025, 9, 1), LocalDate.of(2026, 6, 1)));
        spells.add(spell("330", "employment", true, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 11, 14)));
        List<AlertCandidate> raised = rules.evaluate(simple(LocalDate.of(2008, 5, 1), spells), TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactly("JOB_ENDED");
        assertThat(raised.get(0).dedupeKey()).isEqualTo("JOB_ENDED:" + HUB_ID + ":330:2026-06-01");
        assertThat(raised.get(0).causeDate()).isEqualTo(LocalDate.of(2026, 11, 14));
        assertThat(raised.get(0).reason()).isEqualTo("330 330 from 2026-06-01 ended on 2026-11-14 with no new activity");
        assertThat(rules.evaluate(simple(LocalDate.of(2008, 5, 1), spells), LocalDate.of(2026, 11, 13)))
                .as("still in the job the day before it ends").isEmpty();
    }

    @Test
    void aJobFollowedByAnotherJobOrByEducationRaisesNoJobEnded() {
        List<PersonSituation.Spell> nextJob = new ArrayList<>();
        nextJob.add(spell("350", "employment", true, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 9, 1)));
        nextJob.add(spell("330", "employment", true, LocalDate.of(2026, 9, 1), null));
        assertThat(types(simple(LocalDate.of(2008, 5, 1), nextJob))).doesNotContain("JOB_ENDED");
        List<PersonSituation.Spell> college = new ArrayList<>();
        college.add(spell("360", "employment", true, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 9, 1)));
        college.add(spell("230", "education", true, LocalDate.of(2026, 9, 1), null));
        assertThat(types(simple(LocalDate.of(2008, 5, 1), college))).doesNotContain("JOB_ENDED");
        List<PersonSituation.Spell> education = new ArrayList<>();
        education.add(spell("230", "education", true, LocalDate.of(2025, 9, 1), LocalDate.of(2026, 7, 1)));
        education.add(spell("610", "neet", false, LocalDate.of(2026, 7, 1), null));
        assertThat(types(simple(LocalDate.of(2008, 5, 1), education))).as("a course ending is not a job ending")
                .doesNotContain("JOB_ENDED");
    }

    @Test
    void aJobEndingIntoANeetSpellRaisesBothJobEndedAndNeetStarted() {
        List<PersonSituation.Spell> spells = new ArrayList<>();
        spells.add(spell("330", "employment", true, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 11, 2)));
        spells.add(spell("610", "neet", false, LocalDate.of(2026, 11, 2), null));
        List<AlertCandidate> raised = rules.evaluate(simple(LocalDate.of(2009, 5, 1), spells), TODAY);
        assertThat(raised).extracting(c -> c.type().name()).containsExactlyInAnyOrder("JOB_ENDED", "NEET_STARTED");
        assertThat(raised).filteredOn(c -> c.type() == AlertType.JOB_ENDED).singleElement()
                .satisfies(c -> assertThat(c.reason()).endsWith("ended on 2026-11-02, then 610 610 from 2026-11-02"));
    }

    private static PersonSituation lastYearsYear11WithAnOffer(List<PersonSituation.Spell> spells) {
        // academic age 15 in 2025-26: Year 11 last year, born September 2009 to August 2010
        return new PersonSituation(HUB_ID, LocalDate.of(2010, 3, 1), "Test", "Pupil", "F", "NM1 1AA", null, Map.of(),
                "9254000", 12, spells, null, null, false, List.of(), List.of(), Set.of(11),
                new PersonSituation.Year11Offer("10001234", LocalDate.of(2026, 3, 1), "FE"));
    }

    /** The offer alerts only: a NEET spell raises NEET_STARTED beside them, which is not what these tests are about. */
    private List<String> typesOn(PersonSituation p, LocalDate day) {
        return offerAlerts(rules, p, day).stream().map(c -> c.type().name()).toList();
    }

    private static List<AlertCandidate> offerAlerts(AlertRules rules, PersonSituation p, LocalDate day) {
        return rules.evaluate(p, day).stream().filter(c -> c.type() == AlertType.OFFER_NOT_TAKEN_UP).toList();
    }

    @Test
    void anOfferNotTakenUpByTheEnrolmentDeadlineRaisesOfferNotTakenUpOnceForTheYear() {
        PersonSituation nonStarter = lastYearsYear11WithAnOffer(List.of(
                spell("619", "neet", false, LocalDate.of(2026, 8, 20), null)));
        assertThat(rules.enrolmentDeadline(2026)).as("alert-rules.yaml deadline").isEqualTo(LocalDate.of(2026, 9, 30));
        assertThat(typesOn(nonStarter, LocalDate.of(2026, 9, 30))).as("on the deadline day itself").isEmpty();
        List<AlertCandidate> raised = offerAlerts(rules, nonStarter, LocalDate.of(2026, 10, 1));
        assertThat(raised).as("the day after").hasSize(1);
        assertThat(raised.get(0).dedupeKey()).isEqualTo("OFFER_NOT_TAKEN_UP:" + HUB_ID + ":2026");
        assertThat(raised.get(0).causeDate()).isEqualTo(LocalDate.of(2026, 9, 30));
        assertThat(offerAlerts(rules, nonStarter, LocalDate.of(2026, 12, 5))).extracting(AlertCandidate::dedupeKey)
                .as("a later sweep gives the same key, so raises nothing new")
                .containsExactly("OFFER_NOT_TAKEN_UP:" + HUB_ID + ":2026");
        assertThat(typesOn(nonStarter, LocalDate.of(2026, 7, 20))).as("an academic year before they left Year 11").isEmpty();
    }

    @Test
    void anEnrolmentOrJobSinceTheFirstOfAugustIsTakingTheOfferUp() {
        LocalDate after = LocalDate.of(2026, 10, 5);
        assertThat(typesOn(lastYearsYear11WithAnOffer(List.of(spell("230", "education", true, LocalDate.of(2026, 9, 3), null))),
                after)).as("enrolled at college in September").isEmpty();
        assertThat(typesOn(lastYearsYear11WithAnOffer(List.of(
                spell("230", "education", true, LocalDate.of(2026, 9, 3), LocalDate.of(2026, 9, 20)),
                spell("619", "neet", false, LocalDate.of(2026, 9, 20), null))), after))
                .as("enrolled, then withdrew: a withdrawal, not an offer not taken up").isEmpty();
        assertThat(typesOn(lastYearsYear11WithAnOffer(List.of(
                spell("330", "employment", true, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 7, 31)))), after))
                .as("a job that ended before August").containsExactly("OFFER_NOT_TAKEN_UP");
        PersonSituation noNamedOffer = new PersonSituation(HUB_ID, LocalDate.of(2010, 3, 1), "Test", "Pupil", "F", "NM1 1AA",
                null, Map.of(), "9254000", 12, List.of(), null, null, false, List.of(), List.of(), Set.of(11));
        assertThat(typesOn(noNamedOffer, after)).as("no offer from a named provider on record").isEmpty();
        PersonSituation twoYearsOn = new PersonSituation(HUB_ID, LocalDate.of(2009, 3, 1), "Test", "Pupil", "F", "NM1 1AA",
                null, Map.of(), "9254000", 13, List.of(), null, null, false, List.of(), List.of(), Set.of(11, 12),
                new PersonSituation.Year11Offer("10001234", LocalDate.of(2025, 3, 1), "FE"));
        assertThat(typesOn(twoYearsOn, after)).as("Year 11 the year before last").isEmpty();
    }

    @Test
    void aWithdrawalRaisesWithdrawnOnceKeyedByTheEnrolment() {
        PersonSituation.Spell college = new PersonSituation.Spell("230", "FE", "education", true, LocalDate.of(2026, 9, 3),
                LocalDate.of(2026, 11, 18), null, null, null, true);
        List<AlertCandidate> raised = rules.evaluate(simple(LocalDate.of(2010, 3, 1), List.of(college,
                spell("619", "neet", false, LocalDate.of(2026, 11, 18), null))), TODAY).stream()
                .filter(c -> c.type() == AlertType.WITHDRAWN).toList();
        assertThat(raised).singleElement().satisfies(c -> {
            assertThat(c.dedupeKey()).isEqualTo("WITHDRAWN:" + HUB_ID + ":230:2026-09-03");
            assertThat(c.causeDate()).isEqualTo(LocalDate.of(2026, 11, 18));
        });
        PersonSituation.Spell finished = spell("230", "education", true, LocalDate.of(2025, 9, 3), LocalDate.of(2026, 7, 20));
        assertThat(types(simple(LocalDate.of(2009, 3, 1), List.of(finished)))).as("a course that ended, not a withdrawal")
                .doesNotContain("WITHDRAWN");
    }

    @Test
    void theEnrolmentDeadlineIsSetInTheFile() throws Exception {
        AlertSettings settings = AlertSettings.read(new ByteArrayInputStream("""
                alerts:
                  OFFER_NOT_TAKEN_UP: { deadline: "10-15" }
                """.getBytes(StandardCharsets.UTF_8)));
        AlertRules octoberRules = new AlertRules(settings,
                LocalAuthority.read(Files.newInputStream(Path.of("mappings/local-authority.yaml"))), null);
        PersonSituation nonStarter = lastYearsYear11WithAnOffer(List.of());
        assertThat(octoberRules.evaluate(nonStarter, LocalDate.of(2026, 10, 15))).isEmpty();
        assertThat(octoberRules.evaluate(nonStarter, LocalDate.of(2026, 10, 16))).extracting(c -> c.type().name())
                .containsExactly("OFFER_NOT_TAKEN_UP");
    }

    @Test
    void settingsComeFromTheFile() {
        AlertSettings settings = AlertSettings.read(new ByteArrayInputStream("""
                alerts:
                  NEET_18_PLUS: { minAge: 21, claimantAges: [16] }
                """.getBytes(StandardCharsets.UTF_8)));
        assertThat(settings.enabled(AlertType.NEET_18_PLUS)).isTrue();
        assertThat(settings.enabled(AlertType.NEET_STARTED)).as("a type not in the file is not raised").isFalse();
        assertThat(settings.number(AlertType.NEET_18_PLUS, "minAge", 18)).isEqualTo(21);
        assertThat(settings.list(AlertType.NEET_18_PLUS, "claimantAges", List.of())).containsExactly("16");
    }
}
