package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathwayshub.it.ServiceInboxes.Payload;
import org.pathwayshub.testdata.ReferralsJson;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A referral followed through its life cycle over the API, as a careers provider records it: accepted, contact
 * made, an appointment booked and attended, an apprenticeship started (which becomes the young person's activity)
 * and the six-month follow-up; each move the life cycle does not allow refused and never stored; and the referrer
 * (the LA tracking team, organisation NORTHMOOR-TRACKING in the test directory) told of every step once, on its
 * own queue, read over TCP, with only its fields, each told step in the disclosure audit. Partners see and move
 * only the referrals they sent or were sent.
 *
 * <p>Reserved for this class: seed 7013 and LA number 891.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferralLifeCycleIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FROM_ORG = "NORTHMOOR-TRACKING";

    @Test
    @Order(1)
    void aReferralIsFollowedFromReceivedToTheSixMonthFollowUpAndTheReferrerHearsOfEachStepOnce() throws Exception {
        List<YoungPerson> cohort = SeparateCohort.of(5, 7013, "891").stream().filter(p -> p.upn() != null).toList();
        SeparateCohort.assertUnknownToTheHub(api(), cohort);
        YoungPerson p = cohort.get(0);
        String referralRef = "NMT-" + p.upn();
        try (ServiceInboxes.Queue referrer = new ServiceInboxes.Queue(BROKER_URL, "la-tracking")) {
            Map<String, Object> intake = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral(referralRef,
                    FROM_ORG, "Tracking adviser", "careers-north", new ReferralsJson.Person(p.upn(), null, null,
                    p.givenName(), p.familyName(), p.dob().toString(), "NM2 4AB"), "NEET since the summer, wants an "
                    + "apprenticeship", "HARD", List.of("careers guidance"),
                    new ReferralsJson.Consent(true, LocalDate.now().minusDays(1).toString(), "careers guidance"),
                    LocalDate.now().atTime(9, 0).toInstant(ZoneOffset.UTC).toString())));
            assertThat(intake).as("POST /api/referrals: %s", intake).containsEntry("stored", 1);
            long id = referralId(referralRef);

            // a step out of order is refused with the reason, and nothing is stored
            ResponseEntity<Map> early = event(id, Map.of("state", "ATTENDED"));
            assertThat(early.getStatusCode().value()).isEqualTo(409);
            assertThat((String) early.getBody().get("error")).contains("RECEIVED cannot become ATTENDED");
            ResponseEntity<Map> noReason = event(id, Map.of("state", "DECLINED"));
            assertThat(noReason.getStatusCode().value()).isEqualTo(400);
            assertThat((String) noReason.getBody().get("error")).startsWith("reason:");
            assertThat(referral(id).path("history")).as("only the RECEIVED step").hasSize(1);
            assertThat(referral(id).path("state").asText()).isEqualTo("RECEIVED");

            String startDate = LocalDate.now().minusDays(1).toString();
            List<Map<String, Object>> steps = List.of(
                    Map.of("state", "ACCEPTED", "note", "Adviser allocated"),
                    Map.of("state", "CONTACT_MADE", "when", LocalDate.now() + "T10:30", "who", "A. Adviser"),
                    Map.of("state", "APPOINTMENT_BOOKED", "when", LocalDate.now().plusDays(2) + "T14:00",
                            "where", "Northmoor library", "who", "A. Adviser"),
                    Map.of("state", "ATTENDED"),
                    Map.of("state", "EET_STARTED", "activityCode", "310", "startDate", startDate),
                    Map.of("state", "FOLLOWED_UP", "stillInActivity", true));
            for (Map<String, Object> step : steps) {
                ResponseEntity<Map> r = event(id, step);
                assertThat(r.getStatusCode().value()).as("%s: %s", step.get("state"), r.getBody()).isEqualTo(201);
            }
            ResponseEntity<Map> afterEnd = event(id, Map.of("state", "ACCEPTED"));
            assertThat(afterEnd.getStatusCode().value()).as("nothing follows the follow-up").isEqualTo(409);

            JsonNode referral = referral(id);
            assertThat(referral.path("state").asText()).isEqualTo("FOLLOWED_UP");
            List<String> history = new ArrayList<>();
            referral.path("history").forEach(e -> history.add(e.path("state").asText()));
            assertThat(history).containsExactly("RECEIVED", "ACCEPTED", "CONTACT_MADE", "APPOINTMENT_BOOKED", "ATTENDED",
                    "EET_STARTED", "FOLLOWED_UP");
            assertThat(referral.path("history").get(3).path("details").path("where").asText()).isEqualTo("Northmoor library");
            assertThat(referral.path("history").get(1).path("recordedBy").asText()).isEqualTo(ADMIN);

            // the apprenticeship became the young person's activity, through the referral-outcomes feed
            String hubId = referral.path("hubId").asText();
            JsonNode person = JSON.readTree(api().getForObject("/api/young-people/" + hubId, String.class));
            assertThat(person.path("activity").path("code").asText()).isEqualTo("310");
            assertThat(person.path("activity").path("startDate").asText()).isEqualTo(startDate);

            // the referrer heard of each step once, on its queue, with only its fields
            List<String> told = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                told.clear();
                for (Payload u : referrer.readUntil(Set.of(), 500)) {
                    JsonNode body = JSON.readTree(u.body());
                    if ("REFERRAL_UPDATE".equals(u.type()) && referralRef.equals(body.path("referral").path("referralId").asText())) {
                        told.add(body.path("referral").path("state").asText());
                        assertThat(u.keys()).isSubsetOf(ServiceInboxes.directory().get("la-tracking").allowedKeys());
                    }
                }
                assertThat(told).containsExactly("ACCEPTED", "CONTACT_MADE", "APPOINTMENT_BOOKED", "ATTENDED", "EET_STARTED",
                        "FOLLOWED_UP");
            });
            List<Map<String, Object>> disclosed = api().exchange("/api/disclosures?hubId=" + hubId + "&service=la-tracking",
                    HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
            assertThat(disclosed).filteredOn(d -> ((String) d.get("reason")).startsWith("REFERRAL_UPDATE")).hasSize(6);
        }
    }

    @Test
    @Order(2)
    void aPartnerSeesAndMovesOnlyTheReferralsItSentOrReceived() throws Exception {
        YoungPerson p = SeparateCohort.of(5, 7013, "891").stream().filter(y -> y.upn() != null).toList().get(1);
        String referralRef = "NMT-" + p.upn();
        Map<String, Object> intake = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral(referralRef,
                FROM_ORG, "Tracking adviser", "careers-north", new ReferralsJson.Person(p.upn(), null, null, p.givenName(),
                p.familyName(), p.dob().toString(), "NM3 1AB"), "Not known for three months", "SOFT", List.of(),
                new ReferralsJson.Consent(true, LocalDate.now().toString(), "careers guidance"), null)));
        assertThat(intake).as("POST /api/referrals: %s", intake).containsEntry("stored", 1);
        long id = referralId(referralRef);
        String password = "a-partner-password-long";
        addPartner("partner-sender", FROM_ORG, password);
        addPartner("partner-receiver", "careers-north", password);
        addPartner("partner-stranger", "SCHOOL-8919999", password);

        // a stranger: the referral does not exist for it, in a list, read or moved on
        assertThat(as("partner-stranger", password).getForEntity("/api/referrals/" + id, String.class).getStatusCode().value())
                .isEqualTo(404);
        assertThat(as("partner-stranger", password).postForEntity("/api/referrals/" + id + "/events",
                Map.of("state", "ACCEPTED"), String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(as("partner-stranger", password).getForObject("/api/referrals?size=1000", List.class)).isEmpty();
        // the sender reads it and its list holds it, but does not move it on for the service
        assertThat(as("partner-sender", password).getForEntity("/api/referrals/" + id, String.class).getStatusCode().value())
                .isEqualTo(200);
        assertThat(as("partner-sender", password).getForObject("/api/referrals?size=1000", List.class)).isNotEmpty()
                .allSatisfy(r -> assertThat(((Map<?, ?>) r).get("fromOrg")).isEqualTo(FROM_ORG));
        assertThat(as("partner-sender", password).postForEntity("/api/referrals/" + id + "/events",
                Map.of("state", "ACCEPTED"), String.class).getStatusCode().value()).isEqualTo(403);
        // nor does it refer in another organisation's name
        ResponseEntity<String> forged = as("partner-sender", password).exchange("/api/referrals", HttpMethod.POST,
                jsonEntity(ReferralsJson.toJson(new ReferralsJson.Referral("FORGED-1", "SCHOOL-8919999", null, "careers-north",
                        new ReferralsJson.Person(p.upn(), null, null, p.givenName(), p.familyName(), p.dob().toString(), null),
                        null, "SOFT", List.of(), new ReferralsJson.Consent(true, LocalDate.now().toString(), "x"), null))),
                String.class);
        assertThat(forged.getStatusCode().value()).isEqualTo(403);
        assertThat(forged.getBody()).contains("fromOrg");
        // the service it was made to moves it on
        assertThat(as("partner-receiver", password).postForEntity("/api/referrals/" + id + "/events",
                Map.of("state", "ACCEPTED"), String.class).getStatusCode().value()).isEqualTo(201);
        assertThat(referral(id).path("history").get(1).path("recordedBy").asText()).isEqualTo("partner-receiver");
        // a stranger neither reports on another's referrals nor withdraws consent on them; the sender's report is its own
        assertThat(as("partner-stranger", password).getForEntity("/api/referrals/report?toService=careers-north", String.class)
                .getStatusCode().value()).isEqualTo(403);
        assertThat(as("partner-stranger", password).postForEntity("/api/referrals/" + id + "/consent-withdrawn", Map.of(),
                String.class).getStatusCode().value()).isEqualTo(404);
        JsonNode own = JSON.readTree(as("partner-sender", password).getForObject("/api/referrals/report?by=source", String.class));
        assertThat(own.path("groups")).hasSize(1);
        assertThat(own.path("groups").get(0).path("key").asText()).isEqualTo(FROM_ORG);
        // and a partner's role opens nothing else
        assertThat(as("partner-receiver", password).getForEntity("/api/young-people/" + referral(id).path("hubId").asText(),
                String.class).getStatusCode().value()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void aReferralPastItsDeadlinesIsEscalatedOnceForEachAndTheReferrerIsTold() throws Exception {
        YoungPerson p = SeparateCohort.of(5, 7013, "891").stream().filter(y -> y.upn() != null).toList().get(2);
        String referralRef = "NMT-LATE-" + p.upn();
        // made three weeks ago: careers-north's 5 working days to accept and 10 to first contact have both passed
        String made = LocalDate.now().minusDays(21).atTime(9, 0).toInstant(ZoneOffset.UTC).toString();
        try (ServiceInboxes.Queue tracking = new ServiceInboxes.Queue(BROKER_URL, "la-tracking")) {
            Map<String, Object> intake = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral(referralRef,
                    FROM_ORG, "Tracking adviser", "careers-north", new ReferralsJson.Person(p.upn(), null, null,
                    p.givenName(), p.familyName(), p.dob().toString(), "NM4 2CD"), "Lost contact", "HARD", List.of(),
                    new ReferralsJson.Consent(true, LocalDate.now().minusDays(21).toString(), "careers guidance"), made)));
            assertThat(intake).as("POST /api/referrals: %s", intake).containsEntry("stored", 1);
            long id = referralId(referralRef);

            runJob("referral-deadlines");
            runJob("referral-deadlines"); // the next hour's run finds nothing new

            List<Map<String, Object>> overdue = api().exchange("/api/referrals?overdue=true&toService=careers-north&size=1000",
                    HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
            assertThat(overdue).extracting(r -> ((Number) r.get("id")).longValue()).contains(id);
            String hubId = referral(id).path("hubId").asText();
            List<Map<String, Object>> raised = api().exchange("/api/alerts?hubId=" + hubId + "&size=1000", HttpMethod.GET, null,
                    new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
            assertThat(raised).filteredOn(a -> "REFERRAL_OVERDUE".equals(a.get("type")))
                    .as("one escalation for each deadline passed, to careers-north's escalation contact")
                    .extracting(a -> a.get("service")).containsExactly("la-tracking", "la-tracking");
            assertThat(raised).filteredOn(a -> "REFERRAL_OVERDUE".equals(a.get("type"))).extracting(a -> (String) a.get("reason"))
                    .anySatisfy(r -> assertThat(r).contains("accept deadline")).anySatisfy(r -> assertThat(r).contains("first contact"));

            List<String> heard = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                heard.clear();
                for (Payload u : tracking.readUntil(Set.of(), 500)) {
                    JsonNode body = JSON.readTree(u.body());
                    if (referralRef.equals(body.path("referral").path("referralId").asText())) {
                        heard.add(u.type() + " " + body.path("referral").path("overdue").asText());
                    }
                }
                assertThat(heard).containsExactlyInAnyOrder("REFERRAL_OVERDUE accept", "REFERRAL_OVERDUE firstContact",
                        "REFERRAL_UPDATE accept", "REFERRAL_UPDATE firstContact");
            });

            // accepted at last: no longer overdue for acceptance, still for first contact
            assertThat(event(id, Map.of("state", "ACCEPTED")).getStatusCode().value()).isEqualTo(201);
            assertThat(api().exchange("/api/referrals?overdue=true&toService=careers-north&size=1000", HttpMethod.GET, null,
                    new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody())
                    .extracting(r -> ((Number) r.get("id")).longValue()).contains(id);
        }
    }

    @Test
    @Order(4)
    void thePartnerReportIsWhatTheHandCountedHistoriesSay() throws Exception {
        // four referrals from one sender to careers-south, followed by hand:
        //   a: made 3 days ago; accepted, contact made, appointment, attended, apprenticeship, still in it at six months
        //   b: made 7 days ago; accepted, appointment booked (the first contact), not attended, not engaged
        //   c: declined
        //   d: not yet decided
        // received 4, accepted 2, declined 1 (acceptance 2 of 3: 66.7%), attended 1 and missed 1 (50.0%), days to first
        // contact 3 and 7 (median 5.0), outcomes EET_STARTED 1 and NOT_ENGAGED 1, followed up 1, still in 1
        String sender = "REPORT-ORG-891";
        List<YoungPerson> people = SeparateCohort.of(12, 7013, "891").stream().filter(y -> y.upn() != null).toList()
                .subList(3, 7);
        int[] madeDaysAgo = {3, 7, 1, 1};
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            YoungPerson p = people.get(i);
            String ref = "REP-" + i + "-" + p.upn();
            com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                    ReferralsJson.toJson(new ReferralsJson.Referral(ref, sender, null, "careers-south",
                    new ReferralsJson.Person(p.upn(), null, null, p.givenName(), p.familyName(), p.dob().toString(), "NM6 1AA"),
                    null, "SOFT", List.of(), new ReferralsJson.Consent(true,
                    LocalDate.now().minusDays(madeDaysAgo[i]).toString(), "careers guidance"),
                    java.time.Instant.now().minusSeconds(madeDaysAgo[i] * 86_400L).toString())));
            json.put("venue", i < 2 ? "Northmoor library" : "Town jobs fair");
            Map<String, Object> intake = post("/api/referrals", json.toString());
            assertThat(intake).as("POST /api/referrals: %s", intake).containsEntry("stored", 1);
            ids.add(referralIdFrom(sender, ref));
        }
        String when = LocalDate.now().plusDays(1) + "T10:00";
        steps(ids.get(0), Map.of("state", "ACCEPTED"), Map.of("state", "CONTACT_MADE", "when", when, "who", "B. Adviser"),
                Map.of("state", "APPOINTMENT_BOOKED", "when", when, "where", "Office", "who", "B. Adviser"),
                Map.of("state", "ATTENDED"), Map.of("state", "EET_STARTED", "activityCode", "310", "startDate",
                        LocalDate.now().toString()), Map.of("state", "FOLLOWED_UP", "stillInActivity", true));
        steps(ids.get(1), Map.of("state", "ACCEPTED"),
                Map.of("state", "APPOINTMENT_BOOKED", "when", when, "where", "Office", "who", "B. Adviser"),
                Map.of("state", "DID_NOT_ATTEND"), Map.of("state", "NOT_ENGAGED"));
        steps(ids.get(2), Map.of("state", "DECLINED", "reason", "Outside our area"));

        JsonNode report = JSON.readTree(api().getForObject("/api/referrals/report?by=service&fromOrg=" + sender, String.class));
        assertThat(report.path("groups")).hasSize(1);
        JsonNode g = report.path("groups").get(0);
        assertThat(g.path("key").asText()).isEqualTo("careers-south");
        assertThat(g.path("received").asLong()).isEqualTo(4);
        assertThat(g.path("accepted").asLong()).isEqualTo(2);
        assertThat(g.path("declined").asLong()).isEqualTo(1);
        assertThat(g.path("acceptanceRate").decimalValue()).isEqualByComparingTo("66.7");
        assertThat(g.path("attended").asLong()).isEqualTo(1);
        assertThat(g.path("didNotAttend").asLong()).isEqualTo(1);
        assertThat(g.path("attendanceRate").decimalValue()).isEqualByComparingTo("50.0");
        assertThat(g.path("daysToFirstContact").decimalValue()).isEqualByComparingTo("5.0");
        assertThat(g.path("outcomes").path("EET_STARTED").asLong()).isEqualTo(1);
        assertThat(g.path("outcomes").path("NOT_ENGAGED").asLong()).isEqualTo(1);
        assertThat(g.path("outcomes").size()).isEqualTo(2);
        assertThat(g.path("followedUp").asLong()).isEqualTo(1);
        assertThat(g.path("stillInActivityAtSixMonths").asLong()).isEqualTo(1);

        // by source: the same four under their sender
        JsonNode bySource = JSON.readTree(api().getForObject("/api/referrals/report?by=source&fromOrg=" + sender, String.class));
        assertThat(bySource.path("groups").get(0).path("key").asText()).isEqualTo(sender);
        assertThat(bySource.path("groups").get(0).path("received").asLong()).isEqualTo(4);
        // by venue: a and b at the library, c and d at the jobs fair
        JsonNode byVenue = JSON.readTree(api().getForObject("/api/referrals/report?by=venue&fromOrg=" + sender, String.class));
        assertThat(byVenue.path("groups")).hasSize(2);
        assertThat(byVenue.path("groups").get(0).path("key").asText()).isEqualTo("Northmoor library");
        assertThat(byVenue.path("groups").get(0).path("accepted").asLong()).isEqualTo(2);
        assertThat(byVenue.path("groups").get(1).path("key").asText()).isEqualTo("Town jobs fair");
        assertThat(byVenue.path("groups").get(1).path("declined").asLong()).isEqualTo(1);
        assertThat(byVenue.path("groups").get(1).path("acceptanceRate").decimalValue()).isEqualByComparingTo("0.0");
    }

    @Test
    @Order(5)
    void withdrawnConsentWithholdsWhatWaitedAndStopsFurtherSharing() throws Exception {
        YoungPerson p = SeparateCohort.of(12, 7013, "891").stream().filter(y -> y.upn() != null).toList().get(7);
        String referralRef = "NMT-WD-" + p.upn();
        // careers-north's webhook is down: the referral's REFERRAL_RECEIVED waits, tried again and again
        StubMapping down = WEBHOOKS.stubFor(WireMock.post(urlPathEqualTo(WEBHOOK_PATH)).atPriority(1).willReturn(serviceUnavailable()));
        long id;
        String alertId;
        try {
            Map<String, Object> intake = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral(referralRef,
                    FROM_ORG, null, "careers-north", new ReferralsJson.Person(p.upn(), null, null, p.givenName(),
                    p.familyName(), p.dob().toString(), "NM1 3EF"), "Wants help finding work", "SOFT", List.of(),
                    new ReferralsJson.Consent(true, LocalDate.now().toString(), "careers guidance"), null)));
            assertThat(intake).as("POST /api/referrals: %s", intake).containsEntry("stored", 1);
            id = referralId(referralRef);
            String hubId = referral(id).path("hubId").asText();
            alertId = await().atMost(Duration.ofSeconds(30)).until(() -> alerts(hubId).stream()
                    .filter(a -> "REFERRAL_RECEIVED".equals(a.get("type")) && "careers-north".equals(a.get("service")))
                    .filter(a -> ((Number) ((Map<?, ?>) a.get("delivery")).get("attempts")).intValue() >= 1)
                    .map(a -> (String) a.get("alertId")).findFirst().orElse(null), java.util.Objects::nonNull);

            ResponseEntity<Map> withdrawn = api().postForEntity("/api/referrals/" + id + "/consent-withdrawn",
                    Map.of("note", "The young person asked us to stop sharing"), Map.class);
            assertThat(withdrawn.getStatusCode().value()).as("%s", withdrawn.getBody()).isEqualTo(200);
            assertThat(((Number) withdrawn.getBody().get("deliveriesWithheld")).intValue()).isGreaterThanOrEqualTo(1);
            assertThat(api().postForEntity("/api/referrals/" + id + "/consent-withdrawn", Map.of(), Map.class)
                    .getStatusCode().value()).as("withdrawn once").isEqualTo(409);
        } finally {
            WEBHOOKS.removeStub(down);
        }
        String hubId = referral(id).path("hubId").asText();
        assertThat(referral(id).path("consentWithdrawnAt").isNull()).isFalse();

        // the webhook is back, and the broker tries the message again: it is not sent
        Thread.sleep(10_000);
        assertThat(alerts(hubId)).filteredOn(a -> alertId.equals(a.get("alertId")))
                .allSatisfy(a -> assertThat(((Map<?, ?>) a.get("delivery")).get("state")).isEqualTo("WITHHELD"));
        assertThat(ServiceInboxes.webhookRequests(WEBHOOKS, WEBHOOK_PATH, "careers-north"))
                .filteredOn(r -> alertId.equals(r.payload().alertId())).noneMatch(ServiceInboxes.WebhookRequest::answered2xx);

        // the service goes on with it, but the referrer is told nothing more
        assertThat(event(id, Map.of("state", "ACCEPTED")).getStatusCode().value()).isEqualTo(201);
        assertThat(alerts(hubId)).noneMatch(a -> "REFERRAL_UPDATE".equals(a.get("type")));
        List<Map<String, Object>> audit = api().getForObject("/api/audit?hubId=" + hubId, List.class);
        assertThat(audit).anySatisfy(e -> assertThat(e).containsEntry("action", "consent-withdrawn")
                .containsEntry("username", ADMIN));
    }

    @Test
    @Order(6)
    void aReferralIsSharedOnALawfulBasisAndConsentClaimedButNotGivenIsRefused() throws Exception {
        List<YoungPerson> people = SeparateCohort.of(12, 7013, "891").stream().filter(y -> y.upn() != null).toList();
        YoungPerson p = people.get(8);
        ReferralsJson.Person person = new ReferralsJson.Person(p.upn(), null, null, p.givenName(), p.familyName(),
                p.dob().toString(), "NM2 5GH");
        ReferralsJson.Consent notGiven = new ReferralsJson.Consent(false, null, null);

        Map<String, Object> claimed = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral("LB-1-" + p.upn(),
                FROM_ORG, null, "careers-north", person, null, "SOFT", List.of(), notGiven, "CONSENT", null)));
        assertThat(claimed).containsEntry("stored", 0).containsEntry("quarantined", 1);
        assertThat(problems(claimed)).anySatisfy(m -> assertThat(m).contains("consent is not recorded as given"));

        ResponseEntity<Map> refusedWhole = api().exchange("/api/referrals", HttpMethod.POST, jsonEntity(ReferralsJson.toJson(
                new ReferralsJson.Referral("LB-0-" + p.upn(), FROM_ORG, null, "careers-north", person, null, "SOFT", List.of(),
                        notGiven, "CONSENT", null))), Map.class);
        assertThat(refusedWhole.getStatusCode().value()).as("nothing taken: refused").isEqualTo(422);
        ResponseEntity<Map> nowhere = api().exchange("/api/referrals", HttpMethod.POST, jsonEntity(ReferralsJson.toJson(
                new ReferralsJson.Referral("LB-5-" + p.upn(), FROM_ORG, null, "../../etc/passwd", person, null, "SOFT",
                        List.of(), new ReferralsJson.Consent(true, LocalDate.now().toString(), "careers guidance"), null))),
                Map.class);
        assertThat(nowhere.getStatusCode().value()).isEqualTo(422);
        assertThat(problems((Map<String, Object>) nowhere.getBody())).anySatisfy(m -> assertThat(m).startsWith("referral.toService:")
                .contains("nobody would receive a referral to '../../etc/passwd'"));

        // a NUL character in a name: refused, saying so, and kept for correction (not a server error)
        ResponseEntity<Map> nul = api().exchange("/api/referrals", HttpMethod.POST, jsonEntity(ReferralsJson.toJson(
                new ReferralsJson.Referral("LB-6-" + p.upn(), FROM_ORG, null, "careers-north", new ReferralsJson.Person(p.upn(),
                        null, null, p.givenName(), "Smi\u0000th", p.dob().toString(), "NM2 5GH"), null, "SOFT", List.of(),
                        new ReferralsJson.Consent(true, LocalDate.now().toString(), "careers guidance"), null))), Map.class);
        assertThat(nul.getStatusCode().value()).as("%s", nul.getBody()).isEqualTo(422);
        assertThat(problems((Map<String, Object>) nul.getBody())).anySatisfy(m -> assertThat(m).contains("U+0000"));

        Map<String, Object> noBasis = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral("LB-2-" + p.upn(),
                FROM_ORG, null, "careers-north", person, null, "SOFT", List.of(), notGiven, null, null)));
        assertThat(noBasis).containsEntry("stored", 0).containsEntry("quarantined", 1);
        assertThat(problems(noBasis)).anySatisfy(m -> assertThat(m).contains("must name the lawful basis"));

        Map<String, Object> publicTask = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral("LB-3-"
                + p.upn(), FROM_ORG, null, "careers-north", person, null, "SOFT", List.of(), notGiven, "PUBLIC_TASK", null)));
        assertThat(publicTask).as("%s", publicTask).containsEntry("stored", 1);
        assertThat(referral(referralId("LB-3-" + p.upn())).path("lawfulBasis").asText()).isEqualTo("PUBLIC_TASK");

        Map<String, Object> consented = post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral("LB-4-"
                + p.upn(), FROM_ORG, null, "careers-north", person, null, "SOFT", List.of(),
                new ReferralsJson.Consent(true, LocalDate.now().toString(), "careers guidance"), null)));
        assertThat(consented).containsEntry("stored", 1);
        assertThat(referral(referralId("LB-4-" + p.upn())).path("lawfulBasis").asText()).as("consent given").isEqualTo("CONSENT");
    }

    @Test
    @Order(7)
    void aPartnerWithoutASystemRecordsStepsByDroppingACsvFile() throws Exception {
        YoungPerson p = SeparateCohort.of(12, 7013, "891").stream().filter(y -> y.upn() != null).toList().get(9);
        String ref = "NMT-CSV-" + p.upn();
        assertThat(post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral(ref, FROM_ORG, null, "careers-north",
                new ReferralsJson.Person(p.upn(), null, null, p.givenName(), p.familyName(), p.dob().toString(), "NM3 7JK"),
                null, "SOFT", List.of(), new ReferralsJson.Consent(true, LocalDate.now().toString(), "careers guidance"),
                null)))).containsEntry("stored", 1);
        long id = referralId(ref);
        String when = LocalDate.now().plusDays(3) + "T11:00";
        java.nio.file.Path file = tempFile("steps-careers-north.csv");
        java.nio.file.Files.write(file, List.of(
                "FromOrg,ReferralId,State,When,Where,Who,Reason,ActivityCode,StartDate,StillInActivity,Note",
                FROM_ORG + "," + ref + ",ACCEPTED,,,,,,,,Allocated to C. Adviser",
                FROM_ORG + "," + ref + ",ATTENDED,,,,,,,,",                                // line 3: not booked yet
                FROM_ORG + "," + ref + ",APPOINTMENT_BOOKED," + when + ",\"Room 2, Town Hall\",C. Adviser,,,,,",
                FROM_ORG + ",NO-SUCH-REF,ACCEPTED,,,,,,,,"));                             // line 5: unknown referral
        java.nio.file.Path inbox = HUB_HOME.resolve("inbox/referral-steps");
        java.nio.file.Files.createDirectories(inbox);
        java.nio.file.Files.copy(file, inbox.resolve(".steps.csv.tmp"));
        java.nio.file.Files.move(inbox.resolve(".steps.csv.tmp"), inbox.resolve("steps-careers-north.csv"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        java.nio.file.Path result = HUB_HOME.resolve("outbox/referral-steps/steps-careers-north.csv.result.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(result));
        List<String> lines = java.nio.file.Files.readAllLines(result);
        assertThat(lines.get(0)).isEqualTo("line,fromOrg,referralId,state,outcome,reason");
        assertThat(lines.get(1)).startsWith("2,").contains(",ACCEPTED,recorded,");
        assertThat(lines.get(2)).startsWith("3,").contains(",ATTENDED,refused,").contains("cannot become ATTENDED");
        assertThat(lines.get(3)).startsWith("4,").contains(",APPOINTMENT_BOOKED,recorded,");
        assertThat(lines.get(4)).startsWith("5,").contains("refused").contains("no referral NO-SUCH-REF");

        JsonNode history = referral(id).path("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(2).path("details").path("where").asText()).isEqualTo("Room 2, Town Hall");
        assertThat(history.get(1).path("recordedBy").asText()).isEqualTo("file steps-careers-north.csv line 2");
        assertThat(history.get(1).path("note").asText()).isEqualTo("Allocated to C. Adviser");
    }

    @Test
    @Order(8)
    void sixMonthsAfterTheStartAReferralLedToItsServiceIsAskedOnceToFollowItUp() throws Exception {
        YoungPerson p = SeparateCohort.of(12, 7013, "891").stream().filter(y -> y.upn() != null).toList().get(10);
        String ref = "NMT-FU-" + p.upn();
        assertThat(post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral(ref, FROM_ORG, null, "careers-north",
                new ReferralsJson.Person(p.upn(), null, null, p.givenName(), p.familyName(), p.dob().toString(), "NM4 8LM"),
                null, "HARD", List.of(), new ReferralsJson.Consent(true, LocalDate.now().minusMonths(8).toString(),
                "careers guidance"), null)))).containsEntry("stored", 1);
        long id = referralId(ref);
        LocalDate started = LocalDate.now().minusMonths(6).minusDays(3);
        steps(id, Map.of("state", "ACCEPTED"), Map.of("state", "CONTACT_MADE", "when", started.minusDays(20) + "T10:00",
                "who", "D. Adviser"), Map.of("state", "EET_STARTED", "activityCode", "340", "startDate", started.toString()));

        runJob("referral-deadlines");
        runJob("referral-deadlines");

        String hubId = referral(id).path("hubId").asText();
        // the 3-month checkpoint passed three months before the start was recorded: kept, not sent
        assertThat(alerts(hubId)).filteredOn(a -> "OUTCOME_FOLLOW_UP".equals(a.get("type")) && a.get("service") != null)
                .as("one follow-up, to the service the referral was made to").singleElement().satisfies(a -> {
                    assertThat(a.get("service")).isEqualTo("careers-north");
                    assertThat((String) a.get("reason")).contains(ref).contains("340 started on " + started + ", 6 months ago");
                });
        steps(id, Map.of("state", "FOLLOWED_UP", "stillInActivity", false));
        assertThat(referral(id).path("state").asText()).isEqualTo("FOLLOWED_UP");
    }

    @Test
    @Order(9)
    void aSchoolsReferralToACareersProviderIsFollowedToTheSixMonthFollowUpAndTheSchoolIsToldOfEveryStep() throws Exception {
        YoungPerson p = SeparateCohort.of(12, 7013, "891").stream().filter(y -> y.upn() != null).toList().get(11);
        String ref = "SCH-" + p.upn();
        assertThat(post("/api/referrals", ReferralsJson.toJson(new ReferralsJson.Referral(ref, "SCHOOL-8814000",
                "Pastoral lead", "careers-north", new ReferralsJson.Person(p.upn(), null, null, p.givenName(), p.familyName(),
                p.dob().toString(), "NM1 9PQ"), "Unsure what to do after Year 11", "WARM_HANDOVER", List.of(),
                new ReferralsJson.Consent(true, LocalDate.now().minusMonths(8).toString(), "careers guidance"), null))))
                .containsEntry("stored", 1);
        long id = referralId("SCHOOL-8814000", ref);
        LocalDate started = LocalDate.now().minusMonths(6).minusDays(1);
        steps(id, Map.of("state", "ACCEPTED"),
                Map.of("state", "APPOINTMENT_BOOKED", "when", started.minusDays(30) + "T09:30", "where", "School library",
                        "who", "E. Adviser"),
                Map.of("state", "ATTENDED"),
                Map.of("state", "EET_STARTED", "activityCode", "310", "startDate", started.toString()));
        runJob("referral-deadlines");
        String hubId = referral(id).path("hubId").asText();
        assertThat(alerts(hubId)).filteredOn(a -> "OUTCOME_FOLLOW_UP".equals(a.get("type")) && a.get("service") != null)
                .extracting(a -> a.get("service")).containsExactly("careers-north");
        steps(id, Map.of("state", "FOLLOWED_UP", "stillInActivity", true));

        // the school's careers lead reads each step once, in its email digests
        runJob("email-digest");
        String address = ServiceInboxes.directory().get("school-8814000-careers").target();
        List<String> told = ServiceInboxes.emailed(SMTP, "school-8814000-careers", address).stream()
                .filter(e -> "REFERRAL_UPDATE".equals(e.type()) && e.body().contains("\"referralId\":\"" + ref + "\""))
                .map(e -> e.body().replaceAll("(?s).*\"state\":\"([A-Z_]+)\".*", "$1")).toList();
        assertThat(told).containsExactlyInAnyOrder("ACCEPTED", "APPOINTMENT_BOOKED", "ATTENDED", "EET_STARTED", "FOLLOWED_UP");
    }

    /** Every problem of every reject of a POST /api/referrals answer, as "field: reason". */
    private static List<String> problems(Map<String, Object> intake) {
        List<String> out = new ArrayList<>();
        for (Object reject : (List<?>) intake.get("rejects")) {
            Map<?, ?> r = (Map<?, ?>) reject;
            out.add(r.get("field") + ": " + r.get("reason"));
            Object more = r.get("problems");
            if (more instanceof List<?> list) {
                list.forEach(x -> out.add(x instanceof Map<?, ?> m ? m.get("field") + ": " + m.get("reason") : String.valueOf(x)));
            }
        }
        return out;
    }

    private List<Map<String, Object>> alerts(String hubId) {
        return api().exchange("/api/alerts?hubId=" + hubId + "&size=1000", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    private void steps(long id, Map<String, Object>... steps) {
        for (Map<String, Object> step : steps) {
            ResponseEntity<Map> r = event(id, step);
            assertThat(r.getStatusCode().value()).as("%s: %s", step.get("state"), r.getBody()).isEqualTo(201);
        }
    }

    private void addPartner(String username, String organisation, String password) {
        ResponseEntity<Map> r = api().postForEntity("/api/users", Map.of("username", username, "password", password,
                "roles", List.of("PARTNER"), "organisation", organisation), Map.class);
        assertThat(r.getStatusCode().value()).as("add %s: %s", username, r.getBody()).isEqualTo(201);
    }

    private org.springframework.boot.test.web.client.TestRestTemplate as(String username, String password) {
        return http.withBasicAuth(username, password);
    }

    private static HttpEntity<String> jsonEntity(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(json, headers);
    }

    private long referralId(String referralRef) {
        return referralIdFrom(FROM_ORG, referralRef);
    }

    private long referralId(String fromOrg, String referralRef) {
        return referralIdFrom(fromOrg, referralRef);
    }

    private long referralIdFrom(String fromOrg, String referralRef) {
        List<Map<String, Object>> listed = api().exchange("/api/referrals?fromOrg=" + fromOrg + "&size=1000", HttpMethod.GET,
                null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        return listed.stream().filter(r -> referralRef.equals(r.get("referralId"))).map(r -> ((Number) r.get("id")).longValue())
                .findFirst().orElseThrow(() -> new AssertionError("referral " + referralRef + " not listed"));
    }

    private JsonNode referral(long id) throws Exception {
        return JSON.readTree(api().getForObject("/api/referrals/" + id, String.class));
    }

    @SuppressWarnings("rawtypes")
    private ResponseEntity<Map> event(long id, Map<String, Object> body) {
        return api().postForEntity("/api/referrals/" + id + "/events", new LinkedHashMap<>(body), Map.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, String json) {
        return api().exchange(path, HttpMethod.POST, jsonEntity(json), Map.class).getBody();
    }
}
