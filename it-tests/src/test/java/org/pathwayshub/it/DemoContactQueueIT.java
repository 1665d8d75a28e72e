package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.DemoCohortLoader;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.demo.TrackedCohort;
import org.pathwayshub.demo.Year11Destinations;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * Issue 18, tried as a new user would: the built jar started with the demo profile (a small demo cohort), the demo's
 * files stored, a tracking worker opens the not-known queue and finds young people on it for each reason the demo's
 * NCCIS file gives (not known, lapsed, last year's leavers with no activity), records three contacts (reached with a
 * new activity, refused, moved away) and sees those three leave the queue, and the queue's size gauge fall by three.
 * Before that, the transition drift report lists exactly the non-starters the demo generated. The demo's people are the
 * demo's own (LA 925), in a hub of their own.
 */
class DemoContactQueueIT {

    private static final int COHORT = 1000;
    /** hub.demo.seed's default: the demo writes these people, the test writes them down for the log privacy scan. */
    private static final long SEED = 2026;
    private static final String WORKER = "demo-tracker";
    private static final String WORKER_PASSWORD = "demo-tracker-not-secret";

    @Test
    void aTrackingWorkerRecordsThreeContactsOnTheDemoDataAndThoseYoungPeopleLeaveTheQueue() throws Exception {
        LocalDate today = LocalDate.now();
        SyntheticCohort pupils = GeneratedPeople.pupils(SyntheticCohort.demo(COHORT, SEED));
        GeneratedPeople.pupils(DemoCohortLoader.brokenRowPupils(pupils));
        TrackedCohort tracked = GeneratedPeople.tracked(TrackedCohort.demo(COHORT, SEED + 2, today));
        int trackingRecords = 0;
        for (TrackedCohort.Tracked ignored : tracked) {
            trackingRecords++;
        }

        Path home = Files.createTempDirectory("hub-demo-queue-");
        try (HubProcess hub = HubProcess.start(home, "demo.log",
                Map.of("SPRING_PROFILES_ACTIVE", "demo", "HUB_DEMO_COHORT", Integer.toString(COHORT)))) {
            JsonNode census = hub.awaitRun("school-census", COHORT + 3, 90);
            assertThat(census.path("stored").asInt()).isEqualTo(COHORT);
            JsonNode tracking = hub.awaitRun("nccis-xml", trackingRecords, 90);
            assertThat(tracking.path("stored").asInt()).as("the demo's NCCIS file: %s", tracking).isEqualTo(trackingRecords);

            // the schools' Year 11 destinations follow the NCCIS file; the drift report lists exactly the generated
            // non-starters: an offer from a named provider and, in the NCCIS file, no activity or a NEET (6xx) or
            // not-known (8xx) one
            List<Year11Destinations.Destination> destinations = Year11Destinations.of(tracked, SEED + 4);
            JsonNode destinationsRun = hub.awaitRun("school-destinations", destinations.size(), 120);
            assertThat(destinationsRun.path("stored").asInt()).as("%s", destinationsRun).isEqualTo(destinations.size());
            List<Year11Destinations.Destination> offers = destinations.stream()
                    .filter(Year11Destinations.Destination::namedOffer).toList();
            Map<String, Set<String>> expected = new HashMap<>();
            for (Year11Destinations.Destination d : offers) {
                TrackedCohort.Activity a = d.young().activity();
                if (a == null || a.code().startsWith("6") || a.code().startsWith("8")) {
                    expected.computeIfAbsent(d.young().pupil().laEstab(), k -> new HashSet<>())
                            .add(HubProcess.json(hub.get("/api/young-people?upn=" + d.young().pupil().upn())).path("hubId").asText());
                }
            }
            int nonStarters = expected.values().stream().mapToInt(Set::size).sum();
            JsonNode drift = HubProcess.json(hub.get("/api/drift?year=" + AcademicYear.start(today).getYear()));
            assertThat(drift.path("offers").asInt()).as("offers: %s", drift).isEqualTo(offers.size());
            assertThat(drift.path("notEnrolled").asInt()).isEqualTo(nonStarters);
            Map<String, Set<String>> listed = new HashMap<>();
            drift.path("bySchool").forEach(line -> line.path("nonStarters").forEach(id ->
                    listed.computeIfAbsent(line.path("key").asText(), k -> new HashSet<>()).add(id.asText())));
            assertThat(listed).as("the non-starters by Year 11 school").isEqualTo(expected);
            System.out.printf("Demo transition drift: %d destinations, %d offers from named providers, %d non-starters in %d"
                    + " schools%n", destinations.size(), offers.size(), nonStarters, expected.size());

            // the LA's tracking worker, with the TRACKING role only, opens the queue
            HttpResponse<String> added = hub.post("/api/users", Map.of("username", WORKER, "password", WORKER_PASSWORD,
                    "roles", List.of("TRACKING")));
            assertThat(added.statusCode()).as("user added: %s", added.body()).isBetween(200, 299);
            JsonNode before = queue(hub);
            Map<String, List<JsonNode>> byReason = new HashMap<>();
            before.path("entries").forEach(e -> byReason.computeIfAbsent(e.path("reason").asText(), r -> new ArrayList<>()).add(e));
            assertThat(byReason).as("the demo's queue by reason").containsKeys("NOT_KNOWN", "LAPSED", "LEAVER_NO_ACTIVITY");
            assertThat(byReason.get("NOT_KNOWN")).allSatisfy(e -> assertThat(e.path("activityCode").asText()).isIn("810", "820", "830"));
            assertThat(byReason.get("LEAVER_NO_ACTIVITY")).allSatisfy(e -> assertThat(e.path("activityCode").isNull()).isTrue());
            int total = before.path("total").asInt();
            assertThat(total).isEqualTo(before.path("entries").size());
            double gaugeBefore = gaugeTotal(hub);
            assertThat(gaugeBefore).isEqualTo(total);

            // three contacts: one not known is reached and at college, one lapsed refuses to say, one leaver moved away
            String reached = byReason.get("NOT_KNOWN").get(0).path("hubId").asText();
            String refused = byReason.get("LAPSED").get(0).path("hubId").asText();
            String moved = byReason.get("LEAVER_NO_ACTIVITY").get(0).path("hubId").asText();
            attempt(hub, reached, Map.of("outcome", "REACHED", "activityCode", "230", "startDate", today.toString()));
            attempt(hub, refused, Map.of("outcome", "REFUSED", "note", "did not want to say"));
            attempt(hub, moved, Map.of("outcome", "MOVED_AWAY", "newLa", "926"));

            JsonNode after = queue(hub);
            Set<String> left = new HashSet<>();
            after.path("entries").forEach(e -> left.add(e.path("hubId").asText()));
            assertThat(left).as("the three contacted are off the queue").doesNotContain(reached, refused, moved);
            assertThat(after.path("total").asInt()).isEqualTo(total - 3);
            assertThat(gaugeTotal(hub)).as("hub_contact_queue_size, all reasons").isEqualTo(gaugeBefore - 3);
            JsonNode record = HubProcess.json(hub.get("/api/young-people/" + reached, WORKER, WORKER_PASSWORD));
            assertThat(record.path("activity").path("code").asText()).isEqualTo("230");
            System.out.printf("Demo contact queue: %d tracking records, %d on the queue (%d not known, %d lapsed, %d leavers); "
                            + "3 contacts recorded, %d left%n", trackingRecords, total, byReason.get("NOT_KNOWN").size(),
                    byReason.get("LAPSED").size(), byReason.get("LEAVER_NO_ACTIVITY").size(), after.path("total").asInt());
        }
    }

    private static JsonNode queue(HubProcess hub) throws Exception {
        return HubProcess.json(hub.get("/api/contact-queue?size=500", WORKER, WORKER_PASSWORD));
    }

    private static void attempt(HubProcess hub, String hubId, Map<String, String> body) throws Exception {
        HttpResponse<String> r = hub.post("/api/contact-queue/" + hubId + "/attempts", body, WORKER, WORKER_PASSWORD);
        assertThat(r.statusCode()).as("%s: %s", body.get("outcome"), r.body()).isEqualTo(201);
    }

    /** hub_contact_queue_size summed over the reasons, as Prometheus reads it. */
    private static double gaugeTotal(HubProcess hub) throws Exception {
        HttpResponse<String> r = hub.get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^hub_contact_queue_size\\{[^}]*} (\\S+)$").matcher(r.body());
        double sum = 0;
        int found = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            found++;
        }
        assertThat(found).as("hub_contact_queue_size in Prometheus").isPositive();
        return sum;
    }
}
