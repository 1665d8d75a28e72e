package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathwayshub.it.ConsoleForms.csrf;
import static org.pathwayshub.it.ConsoleForms.form;
import static org.pathwayshub.it.ConsoleForms.json;
import static org.pathwayshub.it.ConsoleForms.page;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.it.ScenarioFeeds.Activity;
import org.pathwayshub.it.ScenarioFeeds.Tracked;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/**
 * The not-known queue as a tracking worker works it (docs/contact-queue.md): five generated young people put on it
 * for each reason, whose order the shipped weights of mappings/contact/priority.yaml fix in advance; a worker with
 * the TRACKING role assigns them to the team, opens the team's queue (API and page), records three contacts (reached
 * and moved away over the API, not reached on the page) and sees the reached and the moved away leave it, the one
 * not reached stay with the attempt as the last contact (and a lower priority), the new activity in the young person's record, and the queue's gauge move.
 *
 * A young person with no account asks for help on the public form or over the API, agreeing to the consent wording,
 * and goes on the queue; the sixth request from one address in an hour waits.
 *
 * <p>Reserved for this class: seeds 7701 to 7720 and LA number 895 (UPNs, YoungPersonsIDs and the NCCIS DatabaseID).
 */
@SuppressWarnings("rawtypes")
class NotKnownQueueIT extends HubIntegrationTest {

    private static final long SEED = 7701;
    private static final String LA = "895";
    private static final String MOVED_TO = "896";
    private static final LocalDate TODAY = LocalDate.now();
    private static final String TEAM = "tracking-7701";
    private static final String WORKER = "qit-tracker";
    private static final String WORKER_PASSWORD = "qit-tracker-not-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<YoungPerson> COHORT = SeparateCohort.of(20, SEED, LA).stream()
            .filter(p -> p.upn() != null && p.ypid() != null).toList();

    // Ages fixed in whole years, so each person's age points do not move with the day the test runs.
    /** 810 last verified eight months ago, 17, SEND: not known 20 + 8 months x 2 + age 17 8 + SEND 15 = 59. */
    private final YoungPerson sendNotKnown = person(0, TODAY.minusYears(17).minusDays(40), true);
    /** Last year's Year 11, no activity on record: leaver 10 + never heard of (the 12-month cap) 24 + age 16 or 17. */
    private final YoungPerson leaver = person(1, ScenarioFeeds.bornInYearGroup(12, MonthDay.of(3, 15), TODAY), false);
    /** A job last verified seven months ago, lapsed a month ago, 16: lapsed 15 + 7 x 2 + age 16 10 = 39. */
    private final YoungPerson lapsed = person(2, TODAY.minusYears(16).minusDays(40), false);
    /** 810 last verified four months ago, 17: 20 + 4 x 2 + 8 = 36. To be reached. */
    private final YoungPerson toReach = person(3, TODAY.minusYears(17).minusDays(70), false);
    /** 810 verified two days ago, 16: 20 + 0 + 10 = 30. To move away. */
    private final YoungPerson toMove = person(4, TODAY.minusYears(16).minusDays(70), false);
    /** At college, verified this week: not on the queue. */
    private final YoungPerson atCollege = person(5, TODAY.minusYears(17).minusDays(100), false);

    @LocalServerPort
    private int port;

    @Test
    void aTrackingWorkerRecordsThreeContactsAndTheReachedAndTheMovedLeaveTheQueue() throws Exception {
        SeparateCohort.assertUnknownToTheHub(api(), COHORT);
        java.nio.file.Path tracking = tempFile("nccis-contact-queue.xml");
        ScenarioFeeds.nccisXml(tracking, LA, TODAY, List.of(
                new Tracked(sendNotKnown, notKnownVerified(TODAY.minusMonths(8)), List.of()),
                new Tracked(lapsed, Activity.work("330", TODAY.minusMonths(7).minusDays(20), TODAY.minusMonths(7)), List.of()),
                new Tracked(toReach, notKnownVerified(TODAY.minusMonths(4)), List.of()),
                new Tracked(toMove, Activity.notKnown(TODAY.minusDays(30), TODAY), List.of()),
                new Tracked(atCollege, Activity.course("230", TODAY.minusDays(60), TODAY), List.of())));
        FeedController.RunView run = dropAndWait("nccis-xml", "nccis-contact-queue.xml", tracking);
        assertThat(run.stored()).as("tracking run %s", run).isEqualTo(5);
        // the leaver is known only from last year's census, in Year 11
        java.nio.file.Path census = ScenarioFeeds.csv(tempFile("census-contact-queue.csv"), ScenarioFeeds.CENSUS_HEADER,
                List.of(ScenarioFeeds.censusRow(leaver, ScenarioFeeds.latestCensusDay(TODAY.minusYears(1)), false, 'N', "ENG")));
        assertThat(dropAndWait("school-census", "census-contact-queue.csv", census).stored()).isEqualTo(1);
        awaitReassessed();

        Map<YoungPerson, String> hubIds = new HashMap<>();
        for (YoungPerson p : List.of(sendNotKnown, leaver, lapsed, toReach, toMove, atCollege)) {
            JsonNode found = JSON.readTree(api().getForObject("/api/young-people?upn=" + p.upn(), String.class));
            hubIds.put(p, found.path("hubId").asText());
        }

        // the LA's tracking worker, with the TRACKING role only, assigns them to the team
        ResponseEntity<Map> added = api().postForEntity("/api/users", Map.of("username", WORKER, "password", WORKER_PASSWORD,
                "roles", List.of("TRACKING")), Map.class);
        assertThat(added.getStatusCode().is2xxSuccessful()).as("user added: %s", added.getBody()).isTrue();
        TestRestTemplate worker = http.withBasicAuth(WORKER, WORKER_PASSWORD);
        for (YoungPerson p : List.of(sendNotKnown, leaver, lapsed, toReach, toMove)) {
            ResponseEntity<String> r = worker.postForEntity("/api/contact-queue/" + hubIds.get(p) + "/assign",
                    json(Map.of("team", TEAM, "worker", WORKER)), String.class);
            assertThat(r.getStatusCode().value()).as("assign: %s", r.getBody()).isEqualTo(200);
        }
        ResponseEntity<String> notOnIt = worker.postForEntity("/api/contact-queue/" + hubIds.get(atCollege) + "/assign",
                json(Map.of("team", TEAM)), String.class);
        assertThat(notOnIt.getStatusCode().value()).as("at college: not on the queue").isEqualTo(404);

        // the team's queue, highest priority first, each with its reason and the parts of its priority
        JsonNode before = queue(worker);
        int leaverAge = Period.between(leaver.dob(), TODAY).getYears();
        int leaverPriority = 10 + 24 + (leaverAge == 16 ? 10 : 8);
        assertThat(order(before, hubIds)).containsExactly("sendNotKnown 59 NOT_KNOWN", "leaver " + leaverPriority
                + " LEAVER_NO_ACTIVITY", "lapsed 39 LAPSED", "toReach 36 NOT_KNOWN", "toMove 30 NOT_KNOWN");
        JsonNode first = before.path("entries").get(0);
        assertThat(first.path("why").asText()).startsWith("Current activity is a not-known code: 810");
        List<String> parts = new ArrayList<>();
        first.path("priorityParts").forEach(p -> parts.add(p.path("name").asText() + "=" + p.path("points").asInt()));
        assertThat(parts).containsExactly("reason=20", "risk band=0", "since last contact=16", "age=8", "SEND=15");
        assertThat(before.path("entries").get(2).path("lastContact").asText()).isEqualTo(TODAY.minusMonths(7).toString());
        double notKnownBefore = gauge("NOT_KNOWN");

        // the console page shows the same queue in the same order
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String csrf = csrf(browser.send(page(port, "/login").GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> signedIn = browser.send(form(port, "/login", Map.of("username", WORKER, "password", WORKER_PASSWORD,
                "_csrf", csrf)), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        HttpResponse<String> queuePage = browser.send(page(port, "/contact-queue?team=" + TEAM).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queuePage.statusCode()).isEqualTo(200);
        assertThat(rows(queuePage.body())).as("the page lists the team's queue in the API's order")
                .containsExactly(hubIds.get(sendNotKnown), hubIds.get(leaver), hubIds.get(lapsed), hubIds.get(toReach),
                        hubIds.get(toMove));
        assertThat(queuePage.body()).contains("since last contact 8 months");
        // three contacts: the one not reached is recorded on the page, as a worker at a desk does
        ResponseEntity<String> reached = worker.postForEntity("/api/contact-queue/" + hubIds.get(toReach) + "/attempts",
                json(Map.of("outcome", "REACHED", "activityCode", "310", "startDate", TODAY.minusDays(1).toString())),
                String.class);
        assertThat(reached.getStatusCode().value()).as("reached: %s", reached.getBody()).isEqualTo(201);
        assertThat(JSON.readTree(reached.getBody()).path("recordedBy").asText()).isEqualTo(WORKER);
        HttpResponse<String> notReached = browser.send(form(port, "/contact-queue/" + hubIds.get(lapsed) + "/attempts",
                Map.of("outcome", "NOT_REACHED", "note", "no answer", "_csrf", csrf(queuePage.body()))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notReached.statusCode()).isEqualTo(302);
        HttpResponse<String> told = browser.send(page(port, "/contact-queue?team=" + TEAM).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(told.body()).contains("Contact attempt recorded: NOT_REACHED (still on the queue).");
        ResponseEntity<String> moved = worker.postForEntity("/api/contact-queue/" + hubIds.get(toMove) + "/attempts",
                json(Map.of("outcome", "MOVED_AWAY", "newLa", MOVED_TO)), String.class);
        assertThat(moved.getStatusCode().value()).as("moved away: %s", moved.getBody()).isEqualTo(201);
        // a reached young person's activity must be a code of the list, and someone off the queue takes no attempt
        ResponseEntity<String> badCode = worker.postForEntity("/api/contact-queue/" + hubIds.get(sendNotKnown) + "/attempts",
                json(Map.of("outcome", "REACHED", "activityCode", "999", "startDate", TODAY.toString())), String.class);
        assertThat(badCode.getStatusCode().value()).isEqualTo(400);
        assertThat(badCode.getBody()).contains("activityCode").contains("999");
        ResponseEntity<String> again = worker.postForEntity("/api/contact-queue/" + hubIds.get(toReach) + "/attempts",
                json(Map.of("outcome", "NOT_REACHED")), String.class);
        assertThat(again.getStatusCode().value()).as("reached already: off the queue").isEqualTo(404);
        awaitReassessed();

        // the reached and the moved away left the queue; the one not reached stays, last contacted today, lower down
        JsonNode after = queue(worker);
        assertThat(order(after, hubIds)).containsExactly("sendNotKnown 59 NOT_KNOWN", "leaver " + leaverPriority
                + " LEAVER_NO_ACTIVITY", "lapsed 25 LAPSED");
        HttpResponse<String> pageAfter = browser.send(page(port, "/contact-queue?team=" + TEAM).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rows(pageAfter.body())).containsExactly(hubIds.get(sendNotKnown), hubIds.get(leaver), hubIds.get(lapsed));
        JsonNode stillThere = after.path("entries").get(2);
        assertThat(stillThere.path("lastContact").asText()).isEqualTo(TODAY.toString());
        assertThat(stillThere.path("attempts").asInt()).isEqualTo(1);
        assertThat(stillThere.path("lastOutcome").asText()).isEqualTo("NOT_REACHED");

        // the record changed through the normal path: the new activity, and the transfer
        JsonNode reachedRecord = JSON.readTree(worker.getForObject("/api/young-people/" + hubIds.get(toReach), String.class));
        assertThat(reachedRecord.path("activity").path("code").asText()).isEqualTo("310");
        assertThat(reachedRecord.path("activity").path("sourceFeed").asText()).isEqualTo("contact-attempts");
        JsonNode movedRecord = JSON.readTree(worker.getForObject("/api/young-people/" + hubIds.get(toMove), String.class));
        assertThat(movedRecord.path("tracking").path("cohortStatus").asText()).isEqualTo("T");
        assertThat(movedRecord.path("tracking").path("transferredToLa").asText()).isEqualTo(MOVED_TO);

        // every attempt kept: who, when, what came of it, and the run that changed the record
        JsonNode history = JSON.readTree(worker.getForObject("/api/contact-queue/" + hubIds.get(toMove) + "/attempts",
                String.class));
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("outcome").asText()).isEqualTo("MOVED_AWAY");
        assertThat(history.get(0).path("newLa").asText()).isEqualTo(MOVED_TO);
        assertThat(history.get(0).path("runId").isNumber()).isTrue();

        // the queue's size by reason, in Prometheus: two fewer not known
        assertThat(gauge("NOT_KNOWN")).isEqualTo(notKnownBefore - 2);
        System.out.printf("Not-known queue: 5 young people in the known order; 3 contacts recorded, 2 left the queue%n");
    }

    @Test
    void aYoungPersonAsksForHelpWithNoAccountAndGoesOnTheQueueWithinTheHourlyLimit() throws Exception {
        assertThat(COHORT).hasSizeGreaterThanOrEqualTo(12);
        List<YoungPerson> asking = COHORT.subList(6, 12).stream()
                .map(p -> person(COHORT.indexOf(p), TODAY.minusYears(17).minusDays(20 + COHORT.indexOf(p)), false)).toList();
        JsonNode consent = JSON.readTree(http.getForObject("/api/self-referrals/consent", String.class));
        String version = consent.path("version").asText();
        assertThat(consent.path("wording").asText()).contains("contact me");

        // no consent, nothing stored, and it does not count against the limit
        ResponseEntity<String> noConsent = http.postForEntity("/api/self-referrals", json(selfReferral(asking.get(0), null,
                version)), String.class);
        assertThat(noConsent.getStatusCode().value()).isEqualTo(400);
        assertThat(noConsent.getBody()).contains("consent: ");
        ResponseEntity<String> oldWording = http.postForEntity("/api/self-referrals", json(selfReferral(asking.get(0), true,
                "1999-01")), String.class);
        assertThat(oldWording.getBody()).contains("consentVersion: the wording has changed");

        ResponseEntity<String> taken = http.postForEntity("/api/self-referrals", json(selfReferral(asking.get(0), true,
                version)), String.class);
        assertThat(taken.getStatusCode().value()).as("taken: %s", taken.getBody()).isEqualTo(202);
        assertThat(JSON.readTree(taken.getBody()).path("reference").asText()).startsWith("SELF-");
        assertThat(taken.getBody()).as("nothing sent is echoed").doesNotContain(asking.get(0).familyName());

        // the public form, signed in as nobody
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> formPage = browser.send(page(port, "/self-referral").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(formPage.statusCode()).isEqualTo(200);
        assertThat(formPage.body()).contains("I can ask them to stop at any time.");
        YoungPerson second = asking.get(1);
        HttpResponse<String> sent = browser.send(form(port, "/self-referral", Map.of("givenName", second.givenName(), "familyName",
                second.familyName(), "dob", second.dob().toString(), "contact", contactOf(second), "consent", "true",
                "consentVersion", version, "_csrf", csrf(formPage.body()))), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as("form: %s", sent.body()).isEqualTo(200);
        assertThat(sent.body()).contains("Your reference is");

        for (YoungPerson p : asking.subList(2, 5)) {
            assertThat(http.postForEntity("/api/self-referrals", json(selfReferral(p, true, version)), String.class)
                    .getStatusCode().value()).isEqualTo(202);
        }
        // a plain client: the test template's would wait out the Retry-After and ask again
        HttpResponse<String> sixth = browser.send(page(port, "/api/self-referrals").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(selfReferral(asking.get(5), true, version))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sixth.statusCode()).as("the sixth from one address in an hour: %s", sixth.body()).isEqualTo(429);
        assertThat(Long.parseLong(sixth.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        awaitReassessed();

        // each is on the queue, first among equals, with how to reach them; a reached one leaves it
        ResponseEntity<String> listed = api().getForEntity("/api/contact-queue?reason=SELF_REFERRED&size=500", String.class);
        Map<String, JsonNode> byContact = new HashMap<>();
        JSON.readTree(listed.getBody()).path("entries").forEach(e -> byContact.put(e.path("selfReferralContact").asText(), e));
        for (YoungPerson p : asking.subList(0, 5)) {
            assertThat(byContact).as("self-referral of person %d on the queue", p.personNo()).containsKey(contactOf(p));
        }
        assertThat(byContact).doesNotContainKey(contactOf(asking.get(5)));
        JsonNode first = byContact.get(contactOf(asking.get(0)));
        assertThat(first.path("why").asText()).startsWith("Asked the LA for help (self-referral): asked on " + TODAY);
        assertThat(first.path("priorityParts").get(0).path("points").asInt()).isEqualTo(25);
        String hubId = first.path("hubId").asText();
        ResponseEntity<String> reached = api().postForEntity("/api/contact-queue/" + hubId + "/attempts",
                json(Map.of("outcome", "REACHED", "activityCode", "230", "startDate", TODAY.toString())), String.class);
        assertThat(reached.getStatusCode().value()).as("reached: %s", reached.getBody()).isEqualTo(201);
        assertThat(api().postForEntity("/api/contact-queue/" + hubId + "/assign", json(Map.of("team", TEAM)), String.class)
                .getStatusCode().value()).as("off the queue").isEqualTo(404);
    }

    /** How to reach them: a made-up number in the range set aside for drama (07700 900000 to 900999). */
    private static String contactOf(YoungPerson p) {
        return "07700 900" + String.format("%03d", p.personNo() % 1000);
    }

    private static Map<String, Object> selfReferral(YoungPerson p, Boolean consent, String version) {
        Map<String, Object> body = new HashMap<>();
        body.put("givenName", p.givenName());
        body.put("familyName", p.familyName());
        body.put("dob", p.dob().toString());
        body.put("postcode", p.postcode());
        body.put("contact", contactOf(p));
        body.put("message", "Not sure what to do after college");
        body.put("consent", consent);
        body.put("consentVersion", version);
        return body;
    }

    private static YoungPerson person(int n, LocalDate dob, boolean send) {
        YoungPerson p = COHORT.get(n);
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), dob,
                p.gender(), p.postcode(), p.laEstab(),
                ScenarioFeeds.academicAge(dob, TODAY), send, false);
    }

    /** 810, begun the day it was last verified, its currency three months on. */
    private static Activity notKnownVerified(LocalDate verified) {
        return new Activity("810", verified, null, verified, verified.plusMonths(3), null);
    }

    private JsonNode queue(TestRestTemplate worker) throws Exception {
        ResponseEntity<String> r = worker.getForEntity("/api/contact-queue?team=" + TEAM + "&size=500", String.class);
        assertThat(r.getStatusCode().value()).as("the queue: %s", r.getBody()).isEqualTo(200);
        return JSON.readTree(r.getBody());
    }

    /** The entries as "who priority reason", by the names this test gives them. */
    private List<String> order(JsonNode page, Map<YoungPerson, String> hubIds) {
        Map<String, String> names = new HashMap<>();
        names.put(hubIds.get(sendNotKnown), "sendNotKnown");
        names.put(hubIds.get(leaver), "leaver");
        names.put(hubIds.get(lapsed), "lapsed");
        names.put(hubIds.get(toReach), "toReach");
        names.put(hubIds.get(toMove), "toMove");
        names.put(hubIds.get(atCollege), "atCollege");
        List<String> out = new ArrayList<>();
        page.path("entries").forEach(e -> out.add(names.getOrDefault(e.path("hubId").asText(), "someone else") + " "
                + e.path("priority").asInt() + " " + e.path("reason").asText()));
        return out;
    }

    /** hub_contact_queue_size for a reason, as Prometheus reads it. */
    private double gauge(String reason) {
        String text = api().getForObject("/actuator/prometheus", String.class);
        Matcher m = Pattern.compile("(?m)^hub_contact_queue_size\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)$").matcher(text);
        assertThat(m.find()).as("hub_contact_queue_size for %s in Prometheus", reason).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The hub ids of the page's queue rows, in order. */
    private static List<String> rows(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<tr data-hub-id=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
