package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathwayshub.alert.AlertController.AlertView;
import org.pathwayshub.it.ScenarioFeeds.Activity;
import org.pathwayshub.it.ScenarioFeeds.Guarantee;
import org.pathwayshub.it.ScenarioFeeds.Tracked;
import org.pathwayshub.testdata.ReferralsJson;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Outcomes followed beyond one check (issue 18): an education, employment or training start that ended a NEET spell
 * is followed up at each checkpoint (3, 6 and 12 months in alert-rules.yaml) while it lasts; a start a referral's
 * service recorded is followed up by that service, and when the young person is NEET again the referral is marked
 * NOT_SUSTAINED; a job that ends with no new activity raises JOB_ENDED. Each young person is built for one case, with
 * dates counted back from today so that exactly the checkpoints named here have passed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutcomeFollowUpIT extends HubIntegrationTest {

    private static final long SEED = 8201;
    /** This class's LA: every UPN and YoungPersonsID below carries 942. */
    private static final String LA = "942";
    private static final String REFERRER = "NORTHMOOR-TRACKING";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now();
    private static final List<YoungPerson> COHORT = SeparateCohort.of(30, SEED, LA).stream()
            .filter(p -> p.upn() != null).toList();

    /** Back in learning three months and five days ago, after a NEET spell: the 3-month checkpoint has just passed. */
    private final YoungPerson threeMonths = inYear12(0, "01-20", "NM1");
    private final LocalDate threeMonthsStart = TODAY.minusMonths(3).minusDays(5);
    /** In work six months and ten days ago after a NEET spell: the 6-month checkpoint is new, the 3-month one is old. */
    private final YoungPerson sixMonths = inYear12(1, "03-08", "NM5");
    private final LocalDate sixMonthsStart = TODAY.minusMonths(6).minusDays(10);
    /** NEET, a job for five months, NEET again ten days ago: the outcome was not sustained. */
    private final YoungPerson reNeet = inYear12(2, "05-17", "NM2");
    /** A job, then not known six days ago: JOB_ENDED, and no follow-up (no NEET spell before the job). */
    private final YoungPerson jobEnded = inYear12(3, "07-02", "NM3");
    /** A job, then another job: nothing. */
    private final YoungPerson nextJob = inYear12(4, "02-11", "NM4");
    /** Referred to careers-north, who record an EET start three months and four days ago; NEET again later. */
    private final YoungPerson referred = inYear12(5, "06-23", "NM1");
    private final LocalDate referredStart = TODAY.minusMonths(3).minusDays(4);

    private final List<YoungPerson> everyone = List.of(threeMonths, sixMonths, reNeet, jobEnded, nextJob, referred);
    private final Map<String, UUID> hubIds = new HashMap<>();
    private long referralId;

    @Test
    @Order(0)
    void trackingFilesTellEachYoungPersonsStory() {
        SeparateCohort.assertUnknownToTheHub(api(), everyone);
        tracking("outcomes-1.xml", List.of(
                new Tracked(threeMonths, Activity.neet("619", TODAY.minusMonths(5), TODAY), offers()),
                new Tracked(sixMonths, Activity.neet("619", TODAY.minusMonths(9), TODAY), offers()),
                new Tracked(reNeet, Activity.neet("619", TODAY.minusMonths(8), TODAY), offers()),
                new Tracked(jobEnded, Activity.work("330", TODAY.minusMonths(4), TODAY.minusDays(20)), offers()),
                new Tracked(nextJob, Activity.work("330", TODAY.minusMonths(4), TODAY.minusDays(20)), offers())));
        tracking("outcomes-2.xml", List.of(
                new Tracked(threeMonths, Activity.course("310", threeMonthsStart, TODAY), offers()),
                new Tracked(sixMonths, Activity.work("330", sixMonthsStart, TODAY.minusDays(2)), offers()),
                new Tracked(reNeet, Activity.work("330", TODAY.minusMonths(5), TODAY.minusDays(30)), offers()),
                new Tracked(jobEnded, Activity.notKnown(TODAY.minusDays(6), TODAY), offers()),
                new Tracked(nextJob, Activity.work("350", TODAY.minusDays(6), TODAY.minusDays(2)), offers())));
        tracking("outcomes-3.xml", List.of(
                new Tracked(reNeet, Activity.neet("610", TODAY.minusDays(10), TODAY), offers())));
        runJob("alert-sweep");
    }

    @Test
    @Order(1)
    void eachPassedCheckpointRaisesOneFollowUpToTheTrackingTeamAndTheCareersProvider() {
        List<AlertView> three = alerts("OUTCOME_FOLLOW_UP", threeMonths);
        assertThat(three).extracting(AlertView::service).containsExactlyInAnyOrder("la-tracking", "careers-north");
        assertThat(three.stream().map(AlertView::alertId).distinct().count()).as("one alert").isEqualTo(1);
        assertThat(three).allSatisfy(a -> assertThat(a.reason()).startsWith("3 months since 310")
                .contains("from " + threeMonthsStart));

        // the 3-month checkpoint passed long before the hub heard of the start: recorded, not sent
        List<AlertView> six = alerts("OUTCOME_FOLLOW_UP", sixMonths);
        assertThat(six).extracting(AlertView::service, a -> a.reason().substring(0, 8)).containsExactlyInAnyOrder(
                tuple("la-tracking", "6 months"), tuple("careers-south", "6 months"), tuple(null, "3 months"));

        assertThat(alerts("OUTCOME_FOLLOW_UP", reNeet)).as("3 months: long past when heard of, recorded, not sent; the job"
                + " ended before its 6-month checkpoint").extracting(AlertView::service, a -> a.reason().substring(0, 8))
                .containsExactly(tuple(null, "3 months"));
        assertThat(alerts("OUTCOME_FOLLOW_UP", jobEnded)).as("no NEET spell before the job").isEmpty();
        assertThat(alerts("OUTCOME_FOLLOW_UP", nextJob)).isEmpty();
    }

    @Test
    @Order(2)
    void aReNeetRaisesNeetStartedSayingTheOutcomeWasNotSustained() {
        // the first NEET spell, eight months old when the hub heard of it, is recorded with no service
        List<AlertView> neet = alerts("NEET_STARTED", reNeet).stream().filter(a -> a.service() != null).toList();
        assertThat(neet).extracting(AlertView::service).containsExactlyInAnyOrder("la-tracking", "careers-north");
        assertThat(neet).allSatisfy(a -> assertThat(a.reason()).contains("the outcome 330")
                .contains("from " + TODAY.minusMonths(5)).contains("was not sustained (it ended on " + TODAY.minusDays(10)));
    }

    @Test
    @Order(3)
    void aJobThatEndsWithNoNewOneRaisesJobEndedOnceAndAJobFollowedByAnotherRaisesNothing() {
        assertThat(alerts("JOB_ENDED", jobEnded)).extracting(AlertView::service)
                .containsExactlyInAnyOrder("la-tracking", "careers-north");
        assertThat(alerts("JOB_ENDED", jobEnded)).allSatisfy(a -> assertThat(a.reason())
                .isEqualTo("330 Employment without training from " + TODAY.minusMonths(4) + " ended on " + TODAY.minusDays(6)
                        + ", then 810 Situation not known from " + TODAY.minusDays(6)));
        assertThat(alerts("JOB_ENDED", reNeet)).extracting(AlertView::service)
                .containsExactlyInAnyOrder("la-tracking", "careers-north");
        assertThat(alerts("JOB_ENDED", nextJob)).isEmpty();
        assertThat(alerts("JOB_ENDED", threeMonths)).isEmpty();

        List<String> before = everyoneAlerted();
        runJob("alert-sweep");
        assertThat(everyoneAlerted()).as("the sweep again raises nothing new").containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    @Order(4)
    void aStartAReferralLedToIsFollowedUpByTheServiceItWasMadeTo() throws Exception {
        Map<String, Object> stored = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral("OFU-" + referred.upn(),
                REFERRER, null, "careers-north", new ReferralsJson.Person(referred.upn(), null, null, referred.givenName(),
                referred.familyName(), referred.dob().toString(), referred.postcode()), null, "HARD", List.of(),
                new ReferralsJson.Consent(true, TODAY.minusMonths(5).toString(), "careers guidance"), null, null)));
        assertThat(stored).containsEntry("stored", 1);
        referralId = referralId("OFU-" + referred.upn());
        steps(Map.of("state", "ACCEPTED"),
                Map.of("state", "CONTACT_MADE", "when", referredStart.minusDays(20) + "T10:00", "who", "F. Adviser"),
                Map.of("state", "EET_STARTED", "activityCode", "330", "startDate", referredStart.toString()));

        runJob("referral-deadlines");
        runJob("alert-sweep");

        List<AlertView> followUps = alerts("OUTCOME_FOLLOW_UP", referred);
        assertThat(followUps).as("to careers-north only: the referral's service placed them, not the area's services")
                .extracting(AlertView::service, a -> a.reason().contains("3 months ago"))
                .containsExactly(tuple("careers-north", true));
        steps(Map.of("state", "FOLLOWED_UP", "stillInActivity", true));
        runJob("referral-deadlines");
        assertThat(alerts("OUTCOME_FOLLOW_UP", referred)).as("a checkpoint is raised once").hasSize(1);
    }

    @Test
    @Order(5)
    void neetAgainAfterTheReferralsStartMarksItNotSustainedAndTellsTheReferrer() throws Exception {
        tracking("outcomes-4.xml", List.of(new Tracked(referred, Activity.neet("610", TODAY.minusDays(2), TODAY), offers())));

        runJob("referral-deadlines");

        JsonNode referral = JSON.readTree(api().getForObject("/api/referrals/" + referralId, String.class));
        assertThat(referral.path("state").asText()).isEqualTo("NOT_SUSTAINED");
        JsonNode last = referral.path("history").get(referral.path("history").size() - 1);
        assertThat(last.path("recordedBy").asText()).isEqualTo("hub");
        assertThat(last.path("details").path("reason").asText())
                .isEqualTo("NEET again: 610 Not yet ready for work or learning from " + TODAY.minusDays(2) + ", after 330 started on "
                        + referredStart);
        await().until(() -> alerts("REFERRAL_UPDATE", referred).stream().anyMatch(a -> a.reason().contains("NOT_SUSTAINED")));
        assertThat(alerts("REFERRAL_UPDATE", referred)).filteredOn(a -> a.reason().contains("NOT_SUSTAINED"))
                .extracting(AlertView::service).containsExactly("la-tracking");

        int steps = referral.path("history").size();
        runJob("referral-deadlines");
        referral = JSON.readTree(api().getForObject("/api/referrals/" + referralId, String.class));
        assertThat(referral.path("history").size()).as("marked once").isEqualTo(steps);
        assertThat(alerts("REFERRAL_UPDATE", referred)).filteredOn(a -> a.reason().contains("NOT_SUSTAINED")).hasSize(1);
    }

    // ---- the generated people and their files

    /** A young person of this class in Year 12 now, living in {@code district}. */
    private static YoungPerson inYear12(int n, String birthday, String district) {
        YoungPerson p = COHORT.get(n);
        LocalDate dob = ScenarioFeeds.bornInYearGroup(12, MonthDay.parse("--" + birthday), TODAY);
        String inward = p.postcode().substring(p.postcode().indexOf(' ') + 1);
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), dob,
                p.gender(), district + " " + inward, p.laEstab(), ScenarioFeeds.academicAge(dob, TODAY), false, false);
    }

    /** Offers on record for Year 11 and Year 12, so that SEPTEMBER_GUARANTEE_MISSING stays out of it. */
    private static List<Guarantee> offers() {
        return List.of(Guarantee.offerIn(11), Guarantee.offerIn(12));
    }

    private void tracking(String name, List<Tracked> records) {
        Path file = tempFile(name);
        ScenarioFeeds.nccisXml(file, LA, TODAY, records);
        var run = dropAndWait("nccis-xml", name, file);
        assertThat(run.stored()).as("%s stored; rejects: %s", name, rejects("nccis-xml", run.id())).isEqualTo(records.size());
    }

    // ---- the hub's API

    private List<AlertView> alerts(String type, YoungPerson p) {
        ResponseEntity<List<AlertView>> r = api().exchange("/api/alerts?type=" + type + "&hubId=" + hubId(p), HttpMethod.GET,
                null, new ParameterizedTypeReference<>() { });
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        return r.getBody();
    }

    private List<String> everyoneAlerted() {
        List<String> all = new ArrayList<>();
        for (YoungPerson p : List.of(threeMonths, sixMonths, reNeet, jobEnded, nextJob)) {
            ResponseEntity<List<AlertView>> r = api().exchange("/api/alerts?size=1000&hubId=" + hubId(p), HttpMethod.GET, null,
                    new ParameterizedTypeReference<>() { });
            r.getBody().forEach(a -> all.add(a.alertId() + " " + a.service()));
        }
        return all;
    }

    private UUID hubId(YoungPerson p) {
        return hubIds.computeIfAbsent(p.upn(), upn -> {
            ResponseEntity<Map> r = api().getForEntity("/api/young-people?upn=" + upn, Map.class);
            assertThat(r.getStatusCode().value()).as("UPN %s", upn).isEqualTo(200);
            return UUID.fromString((String) r.getBody().get("hubId"));
        });
    }

    private long referralId(String ref) {
        List<Map<String, Object>> listed = api().exchange("/api/referrals?fromOrg=" + REFERRER + "&size=1000", HttpMethod.GET,
                null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        return listed.stream().filter(r -> ref.equals(r.get("referralId"))).map(r -> ((Number) r.get("id")).longValue())
                .findFirst().orElseThrow(() -> new AssertionError("referral " + ref + " not listed"));
    }

    @SafeVarargs
    private void steps(Map<String, Object>... steps) {
        for (Map<String, Object> step : steps) {
            ResponseEntity<Map> r = api().postForEntity("/api/referrals/" + referralId + "/events", new LinkedHashMap<>(step),
                    Map.class);
            assertThat(r.getStatusCode().value()).as("%s: %s", step.get("state"), r.getBody()).isEqualTo(201);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return api().exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), Map.class).getBody();
    }
}
