package org.pathwayshub.it;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.pathwayshub.it.ScenarioFeeds.Guarantee.noOfferIn;
import static org.pathwayshub.it.ScenarioFeeds.Guarantee.offerIn;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathwayshub.alert.AlertController.AlertView;
import org.pathwayshub.alert.AlertController.Disclosure;
import org.pathwayshub.feed.FeedController.RunView;
import org.pathwayshub.it.ScenarioFeeds.Activity;
import org.pathwayshub.it.ScenarioFeeds.Tracked;
import org.pathwayshub.it.ServiceInboxes.Payload;
import org.pathwayshub.it.ServiceInboxes.WebhookRequest;
import org.pathwayshub.testdata.ReferralsJson;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * RONI risk scoring and alerts routed to the right service, exactly once. Generated young people go through the real
 * feeds (an NCCIS XML tracking file, the school census and attendance, a DWP claims file, a referral POSTed to the
 * API, then next month's tracking file), each chosen to raise one alert type, with every date relative to today.
 * The test service directory (it-tests/src/test/resources/test-services) gives each channel a service and a real
 * peer: la-tracking reads its JMS queue over TCP, careers-north has a webhook (WireMock), careers-south and
 * westmarsh-tracking take CSV and JSON files, and Jobcentre Plus and the schools' careers lead and adviser get email
 * digests (GreenMail).
 *
 * <p>Reserved for this class: seed 7101 and LA number 881 (UPNs, YoungPersonsIDs and the NCCIS DatabaseID), schools
 * 8814000 and 8814001.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsIT extends HubIntegrationTest {

    private static final long SEED = 7101;
    private static final String LA = "881";
    /** Its careers lead and the JCP Support for Schools adviser take its termly risk profile. */
    private static final String SCHOOL = "8814000";
    /** The adviser takes its profile; it has no careers lead in the directory. */
    private static final String OTHER_SCHOOL = "8814001";
    private static final LocalDate TODAY = LocalDate.now();
    private static final Map<String, ServiceInboxes.Service> SERVICES = ServiceInboxes.directory();
    private static final List<YoungPerson> COHORT = SeparateCohort.of(60, SEED, LA).stream()
            .filter(p -> p.upn() != null && p.uln() != null && p.nino() != null).toList();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The type la-tracking takes as a daily digest in the test directory. */
    private static final String DIGEST_TYPE = "SEPTEMBER_GUARANTEE_MISSING";

    // Each young person lives where, and is as old as, the alert they are to raise needs: careers-north covers
    // NM1-NM4 and careers-south NM5-NM9 (ages 13 to 19), Jobcentre Plus NM1-NM9 (16 to 24). From Year 12 on, all
    // but one have a September Guarantee offer on record, so that only that one raises SEPTEMBER_GUARANTEE_MISSING.
    private final YoungPerson neetStarter = youngPerson(0, inYearGroup(12, "01-20"), "NM2");
    private final YoungPerson notKnown = youngPerson(1, inYearGroup(12, "03-08"), "NM6");
    private final YoungPerson lapsed = youngPerson(2, inYearGroup(13, "11-02"), "NM3");
    private final YoungPerson riskPupil = pupil(3, inYearGroup(10, "02-14"), "NM7", SCHOOL);
    private final YoungPerson noOffer = youngPerson(4, inYearGroup(12, "06-30"), "NM4");
    private final YoungPerson neetAt19 = withSend(youngPerson(5, TODAY.minusYears(19).minusDays(100), "NM5"));
    private final YoungPerson youngClaimant = youngPerson(6, inYearGroup(12, "04-11"), "NM1");
    private final YoungPerson mover = youngPerson(7, inYearGroup(12, "10-23"), "NM3");
    private final YoungPerson movedAway = livingIn(mover, "WM2");
    private final YoungPerson referred = youngPerson(8, inYearGroup(12, "05-05"), "NM2");
    private final YoungPerson backInWork = youngPerson(9, inYearGroup(12, "12-01"), "NM1");
    private final YoungPerson year8Pupil = pupil(10, inYearGroup(8, "07-19"), "NM2", SCHOOL);
    private final YoungPerson calmPupil = pupil(11, inYearGroup(9, "09-27"), "NM1", OTHER_SCHOOL);
    /** Become NEET while careers-north's webhook is down. */
    private final List<YoungPerson> neetDuringOutage = List.of(youngPerson(12, inYearGroup(12, "02-02"), "NM1"),
            youngPerson(13, inYearGroup(12, "08-08"), "NM3"), youngPerson(14, inYearGroup(12, "11-11"), "NM4"));
    private final List<YoungPerson> everyone = List.of(neetStarter, notKnown, lapsed, riskPupil, noOffer, neetAt19,
            youngClaimant, mover, referred, backInWork, year8Pupil, calmPupil);

    /** The apprenticeship that ended backInWork's NEET spell: six months and ten days ago. */
    private final LocalDate apprenticeshipStart = TODAY.minusMonths(6).minusDays(10);

    private final List<String> censusRows = List.of(
            // free school meals, SEN support, Polish first language: 2 + 1 + 1 = 4, RED
            ScenarioFeeds.censusRow(riskPupil, ScenarioFeeds.latestCensusDay(TODAY), true, 'K', "POL"),
            // free school meals, Polish first language: 2 + 1 = 3, AMBER
            ScenarioFeeds.censusRow(year8Pupil, ScenarioFeeds.latestCensusDay(TODAY), true, 'N', "POL"),
            ScenarioFeeds.censusRow(calmPupil, ScenarioFeeds.latestCensusDay(TODAY), false, 'N', "ENG"));
    private final List<String> attendanceRows = Stream.of(
            // 106 of 120 sessions, 88.3%: below 90%, 1 more (5, still RED)
            ScenarioFeeds.attendanceRows(riskPupil, ScenarioFeeds.lastTwelveWeeks(TODAY, 36, 35, 35)),
            // 101 of 120 sessions, 84.2%: below 85%, 2 more (5, RED)
            ScenarioFeeds.attendanceRows(year8Pupil, ScenarioFeeds.lastTwelveWeeks(TODAY, 34, 34, 33)),
            // 116 of 120 sessions, 96.7%
            ScenarioFeeds.attendanceRows(calmPupil, ScenarioFeeds.lastTwelveWeeks(TODAY, 39, 39, 38)))
            .flatMap(List::stream).toList();

    private Path firstTrackingFile;
    private Path censusFile;
    private Path attendanceFile;
    private Path claimsFile;
    private Path nextTrackingFile;
    private String referral;
    private RunView censusRun;
    private RunView attendanceRun;
    private ServiceInboxes.Queue trackingTeamQueue;
    private final Map<String, UUID> hubIds = new HashMap<>();

    @BeforeAll
    void partnersSendWhatTheyKnow() throws Exception {
        assertThat(COHORT).hasSizeGreaterThanOrEqualTo(15);
        SeparateCohort.assertUnknownToTheHub(api(), COHORT);
        trackingTeamQueue = new ServiceInboxes.Queue(BROKER_URL, "la-tracking");

        // the LA's careers information service sends its monthly tracking file
        firstTrackingFile = tempFile("nccis-alerts.xml");
        ScenarioFeeds.nccisXml(firstTrackingFile, LA, TODAY, List.of(
                new Tracked(neetStarter, Activity.neet("619", TODAY.minusDays(10), TODAY), offerIn(11)),
                new Tracked(notKnown, Activity.notKnown(TODAY.minusDays(20), TODAY), offerIn(11)),
                // a job last verified 190 days ago: its currency lapsed a week or so ago
                new Tracked(lapsed, Activity.work("330", TODAY.minusDays(200), TODAY.minusDays(190)), offerIn(12)),
                new Tracked(noOffer, Activity.course("230", TODAY.minusDays(30), TODAY), noOfferIn(11)),
                new Tracked(neetAt19, Activity.neet("619", TODAY.minusDays(14), TODAY), List.of()),
                new Tracked(youngClaimant, Activity.course("230", TODAY.minusDays(60), TODAY), offerIn(11)),
                new Tracked(mover, Activity.course("230", TODAY.minusDays(60), TODAY), offerIn(11)),
                new Tracked(referred, Activity.course("230", TODAY.minusDays(60), TODAY), offerIn(11)),
                // NEET for two months before the apprenticeship the next file reports: old news, recorded, not sent
                new Tracked(backInWork, Activity.neet("619", apprenticeshipStart.minusMonths(2), TODAY), offerIn(11))));
        assertStored(dropAndWait("nccis-xml", "nccis-alerts.xml", firstTrackingFile), 9);

        // the schools' termly census, then their attendance
        censusFile = ScenarioFeeds.csv(tempFile("census-alerts.csv"), ScenarioFeeds.CENSUS_HEADER, censusRows);
        censusRun = dropAndWait("school-census", "census-alerts.csv", censusFile);
        assertStored(censusRun, 3);
        attendanceFile = ScenarioFeeds.csv(tempFile("attendance-alerts.csv"), ScenarioFeeds.ATTENDANCE_HEADER, attendanceRows);
        attendanceRun = dropAndWait("attendance", "attendance-alerts.csv", attendanceFile);
        assertStored(attendanceRun, 9);

        // Jobcentre Plus: a new claim by a 16 or 17 year old, joined to the young person by names, birth date and postcode
        claimsFile = ScenarioFeeds.csv(tempFile("claims-alerts.csv"), ScenarioFeeds.CLAIMS_HEADER,
                List.of(ScenarioFeeds.claimRow(youngClaimant, TODAY.minusDays(5), "UC", true)));
        assertStored(dropAndWait("dwp-claimants", "claims-alerts.csv", claimsFile), 1);

        // a college refers a young person who left their course to Jobcentre Plus
        referral = ReferralsJson.toJson(referralToJobcentrePlus(referred));
        assertThat(postReferral(referral)).containsEntry("stored", 1).containsEntry("quarantined", 0);

        // next month's tracking file: an apprenticeship after a NEET spell, and a move to Westmarsh
        nextTrackingFile = tempFile("nccis-alerts-next.xml");
        ScenarioFeeds.nccisXml(nextTrackingFile, LA, TODAY, List.of(
                new Tracked(backInWork, Activity.course("310", apprenticeshipStart, TODAY), offerIn(11)),
                new Tracked(movedAway, Activity.course("230", TODAY.minusDays(60), TODAY), offerIn(11))));
        assertStored(dropAndWait("nccis-xml", "nccis-alerts-next.xml", nextTrackingFile), 2);

        assertThat(hubIdByNino(youngClaimant)).as("the claim joined the young person NCCIS tracks")
                .isEqualTo(hubId(youngClaimant));
        // every queue and webhook delivery is made; files wait for the delivery cycle, emails and the daily digest
        // for their own jobs
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(sentAbout(everyone))
                .filteredOn(a -> List.of("queue", "webhook").contains(a.delivery().channel()) && !a.type().equals(DIGEST_TYPE))
                .allSatisfy(a -> assertThat(a.delivery().state()).as("%s to %s", a.type(), a.service()).isEqualTo("DELIVERED")));
    }

    @AfterAll
    void closeQueue() throws Exception {
        if (trackingTeamQueue != null) {
            trackingTeamQueue.close();
        }
    }

    // ---- each alert type reaches exactly its services

    /** An alert sent to a service. */
    record Sent(String type, String service) {
    }

    /** A requirement of the alert catalogue, the young person built to meet it, and what the hub must do about them. */
    record Scenario(String requirement, YoungPerson who, List<Sent> sent, List<String> recordedNotSent) {
        @Override
        public String toString() {
            return requirement;
        }
    }

    Stream<Scenario> alertCatalogue() {
        return Stream.of(
                new Scenario("NEET_STARTED: current activity becomes a NEET code (619, NM2)", neetStarter,
                        List.of(sent("NEET_STARTED", "la-tracking"), sent("NEET_STARTED", "careers-north")), List.of()),
                new Scenario("NOT_KNOWN: activity 810 (NM6)", notKnown,
                        List.of(sent("NOT_KNOWN", "la-tracking"), sent("NOT_KNOWN", "careers-south")), List.of()),
                new Scenario("NOT_KNOWN: the activity's due-to-lapse date passed with no update (NM3)", lapsed,
                        List.of(sent("NOT_KNOWN", "la-tracking"), sent("NOT_KNOWN", "careers-north")), List.of()),
                new Scenario("RISK_RAISED: RONI band up to RED for a Year 10 pupil (NM7, school 8814000), once", riskPupil,
                        List.of(sent("RISK_RAISED", "careers-south"), sent("RISK_RAISED", "school-8814000-careers")), List.of()),
                new Scenario("RISK_RAISED is for Years 9 to 11: a Year 8 pupil going up to RED raises nothing", year8Pupil,
                        List.of(), List.of()),
                new Scenario("a Year 9 pupil with no risk factor raises nothing", calmPupil, List.of(), List.of()),
                new Scenario("SEPTEMBER_GUARANTEE_MISSING: last year's Year 11 with no offer by the end of September (NM4)",
                        noOffer, septemberDeadlinePassed() ? List.of(sent("SEPTEMBER_GUARANTEE_MISSING", "la-tracking")) : List.of(),
                        List.of()),
                new Scenario("NEET_18_PLUS: NEET at 19 -> Jobcentre Plus, beside NEET_STARTED (NM5)", neetAt19,
                        List.of(sent("NEET_STARTED", "la-tracking"), sent("NEET_STARTED", "careers-south"),
                                sent("NEET_18_PLUS", "jcp-northmoor")), List.of()),
                new Scenario("NEET_18_PLUS: a 16-17 year old claimant from the DWP feed -> Jobcentre Plus (NM1)", youngClaimant,
                        List.of(sent("NEET_18_PLUS", "jcp-northmoor")), List.of()),
                new Scenario("TRANSFER_OUT: postcode now in Westmarsh (NM3 -> WM2) -> its tracking team", mover,
                        List.of(sent("TRANSFER_OUT", "westmarsh-tracking")), List.of()),
                new Scenario("REFERRAL_RECEIVED: to the service the referral names (jcp-northmoor), whoever covers NM2",
                        referred, List.of(sent("REFERRAL_RECEIVED", "jcp-northmoor")), List.of()),
                // its 3-month checkpoint passed three months before the hub heard of the start: recorded, not sent
                new Scenario("OUTCOME_FOLLOW_UP: six months after an apprenticeship ended a NEET spell (NM1)", backInWork,
                        List.of(sent("OUTCOME_FOLLOW_UP", "la-tracking"), sent("OUTCOME_FOLLOW_UP", "careers-north")),
                        List.of("NEET_STARTED", "OUTCOME_FOLLOW_UP")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alertCatalogue")
    @Order(1)
    void eachAlertTypeReachesExactlyItsServices(Scenario scenario) {
        List<AlertView> alerts = alertsAbout(scenario.who());

        assertThat(alerts).filteredOn(a -> a.service() != null).extracting(a -> sent(a.type(), a.service()))
                .as("alerts sent about %s", scenario.who().upn())
                .containsExactlyInAnyOrderElementsOf(scenario.sent());
        assertThat(alerts).filteredOn(a -> a.service() == null).extracting(AlertView::type)
                .as("causes older than their alert's recentDays are recorded, not sent")
                .containsExactlyInAnyOrderElementsOf(scenario.recordedNotSent());
    }

    // ---- deliveries reach each channel

    @Test
    @Order(2)
    void theTrackingTeamReadsEachOfItsAlertsOnceFromItsQueueOverTcp() throws Exception {
        // but for the type it takes as a daily digest (a test of its own)
        List<AlertView> expected = sentTo("la-tracking", everyone).stream().filter(a -> !a.type().equals(DIGEST_TYPE)).toList();
        assertThat(expected).extracting(AlertView::type)
                .contains("NEET_STARTED", "NOT_KNOWN", "OUTCOME_FOLLOW_UP");

        List<Payload> read = trackingTeamQueue.readUntil(alertIds(expected), 30_000);

        for (AlertView a : expected) {
            assertThat(read).filteredOn(p -> a.alertId().toString().equals(p.alertId())).as("%s on the queue", a.type())
                    .singleElement().satisfies(p -> {
                        JsonNode body = JSON.readTree(p.body());
                        assertThat(body.path("type").asText()).isEqualTo(a.type());
                        assertThat(body.path("service").asText()).isEqualTo("la-tracking");
                        assertThat(body.path("hubId").asText()).isEqualTo(a.hubId().toString());
                    });
        }
    }

    @Test
    @Order(3)
    void theNorthCareersServiceGetsEachOfItsAlertsOnceOnItsWebhookSignedWithItsSecret() {
        List<AlertView> expected = sentTo("careers-north", everyone);
        assertThat(expected).extracting(AlertView::type).contains("NEET_STARTED", "NOT_KNOWN", "OUTCOME_FOLLOW_UP");

        List<WebhookRequest> requests = ServiceInboxes.webhookRequests(WEBHOOKS, WEBHOOK_PATH, "careers-north");

        for (AlertView a : expected) {
            assertThat(requests).filteredOn(r -> a.alertId().toString().equals(r.payload().alertId()))
                    .filteredOn(WebhookRequest::answered2xx).as("%s answered by the webhook", a.type())
                    .singleElement().satisfies(r -> {
                        assertThat(r.signedWith(WEBHOOK_SECRET)).as("X-Hub-Signature %s", r.signature()).isTrue();
                        assertThat(r.payload().type()).isEqualTo(a.type());
                    });
        }
    }

    @Test
    @Order(4)
    void fileServicesFindTheAlertsOfEachDeliveryCycleInOneCompleteFile() {
        Map<String, List<Path>> before = new HashMap<>();
        Map<String, Long> waiting = new HashMap<>();
        for (String service : List.of("careers-south", "westmarsh-tracking")) {
            before.put(service, ServiceInboxes.outboxFiles(HUB_HOME, service));
            waiting.put(service, sentTo(service, everyone).stream().filter(a -> a.delivery().state().equals("PENDING")).count());
        }
        runJob("file-drop");

        for (String service : List.of("careers-south", "westmarsh-tracking")) {
            String format = SERVICES.get(service).format();
            List<AlertView> expected = sentTo(service, everyone);
            assertThat(expected).as("alerts for %s", service).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.delivery().state()).isEqualTo("DELIVERED"));
            List<Path> files = ServiceInboxes.outboxFiles(HUB_HOME, service);

            assertThat(files).as("files being written, or left half-written, in %s's outbox", service)
                    .noneMatch(f -> f.getFileName().toString().startsWith("."))
                    .allSatisfy(f -> assertThat(f.getFileName().toString()).matches("alerts-\\d{8}-\\d{4}-d\\d+\\." + format));
            List<Path> written = files.stream().filter(f -> !before.get(service).contains(f)).toList();
            if (waiting.get(service) > 0) {
                // a cycle the scheduler started meanwhile may have written it instead, never as well
                assertThat(written.size() + before.get(service).size()).as("files of %d alerts waiting for %s",
                        waiting.get(service), service).isLessThanOrEqualTo(before.get(service).size() + 1);
            }
            List<Payload> filed = ServiceInboxes.filed(HUB_HOME, service);
            for (AlertView a : expected) {
                assertThat(filed).filteredOn(p -> a.alertId().toString().equals(p.alertId()))
                        .as("%s in %s's files", a.type(), service).singleElement().satisfies(p -> {
                            assertThat(p.type()).isEqualTo(a.type());
                            assertThat(p.keys()).contains("hubId", "reason");
                        });
            }
        }
        assertThat(ServiceInboxes.outboxFiles(HUB_HOME, "careers-south")).as("a file a cycle, not a file an alert")
                .hasSizeLessThan(ServiceInboxes.filed(HUB_HOME, "careers-south").size());
    }

    @Test
    @Order(5)
    void aServiceTakesTheTypeItChoseAsADailyDigestInOneMessage() throws Exception {
        List<AlertView> digested = sentTo("la-tracking", everyone).stream().filter(a -> a.type().equals(DIGEST_TYPE)).toList();
        assertThat(digested).as("%s for la-tracking", DIGEST_TYPE).isNotEmpty()
                .allSatisfy(a -> assertThat(a.delivery().state()).as("until the digest").isEqualTo("PENDING"));
        assertThat(trackingTeamQueue.readUntil(Set.of(), 500)).as("nothing of the digest's type on the queue yet")
                .noneMatch(p -> DIGEST_TYPE.equals(p.type()));

        runJob("alert-digest");

        List<Payload> read = trackingTeamQueue.readUntil(alertIds(digested), 30_000);
        // the digest also lists what other tests' young people raised for la-tracking in this shared hub
        List<Payload> inDigest = read.stream().filter(p -> DIGEST_TYPE.equals(p.type())).toList();
        assertThat(inDigest).extracting(Payload::alertId)
                .containsAll(digested.stream().map(a -> a.alertId().toString()).toList()).doesNotHaveDuplicates();
        assertThat(inDigest).extracting(Payload::where).as("all in one message, a digest").allSatisfy(w ->
                assertThat(w).contains("(digest digest-" + DIGEST_TYPE + "-d")).hasSameElementsAs(Set.of(inDigest.get(0).where()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sentTo("la-tracking", everyone))
                .filteredOn(a -> a.type().equals(DIGEST_TYPE)).allSatisfy(a -> assertThat(a.delivery().state()).isEqualTo("DELIVERED")));

        // the next day's digest has nothing of it
        runJob("alert-digest");
        assertThat(trackingTeamQueue.readUntil(Set.of(), 1_000)).filteredOn(p -> DIGEST_TYPE.equals(p.type()))
                .hasSize(inDigest.size());
    }

    @Test
    @Order(6)
    void emailServicesGetADigestListingEachOfTheirAlertsOnce() {
        runJob("email-digest");

        for (String service : List.of("jcp-northmoor", "school-8814000-careers")) {
            List<AlertView> expected = sentTo(service, everyone);
            assertThat(expected).as("alerts for %s", service).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.delivery().state()).isEqualTo("DELIVERED"));
            List<Payload> listed = ServiceInboxes.emailed(SMTP, service, SERVICES.get(service).target());
            for (AlertView a : expected) {
                assertThat(listed).filteredOn(p -> a.alertId().toString().equals(p.alertId()))
                        .as("%s in a digest to %s", a.type(), SERVICES.get(service).target())
                        .singleElement().satisfies(p -> {
                            assertThat(p.type()).isEqualTo(a.type());
                            assertThat(p.body()).contains("  hubId: " + a.hubId());
                        });
            }
        }
    }

    @Test
    @Order(7)
    void everyDeliveryIsInTheDisclosureAuditWithTheFieldsOfItsService() {
        runJob("email-digest");

        for (YoungPerson p : everyone) {
            List<AlertView> sent = alertsAbout(p).stream().filter(a -> a.service() != null).toList();
            List<Disclosure> audit = disclosuresAbout(p);

            assertThat(audit).extracting(d -> tuple(d.alertId(), d.service()))
                    .as("disclosures about %s", p.upn())
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(a -> tuple(a.alertId(), a.service())).toList());
            assertThat(audit).allSatisfy(d -> {
                assertThat(d.fields()).as("fields disclosed to %s", d.service())
                        .containsExactlyInAnyOrderElementsOf(SERVICES.get(d.service()).fields());
                assertThat(d.channel()).isEqualTo(SERVICES.get(d.service()).channel());
                assertThat(d.reason()).isNotBlank();
                assertThat(d.disclosedAt()).isNotNull();
            });
        }
    }

    @Test
    @Order(8)
    void theTermlySchoolRiskProfileReachesTheCareersLeadAndTheAdviserWithCountsAndNoNames() throws Exception {
        runJob("email-digest"); // whatever the careers lead was waiting for goes in a digest of its own first
        Set<String> before = ServiceInboxes.messageIds(SMTP);

        runJob("school-risk-profile");
        List<AlertView> profiles = alertsOfMySchools();
        assertThat(profiles).extracting(AlertView::school, AlertView::service).containsExactlyInAnyOrder(
                tuple(SCHOOL, "school-8814000-careers"), tuple(SCHOOL, "jcp-support-for-schools"),
                tuple(OTHER_SCHOOL, "jcp-support-for-schools"));
        runJob("email-digest");

        List<MimeMessage> digests = ServiceInboxes.receivedSince(SMTP, before);
        List<Payload> toCareersLead = ServiceInboxes.emailed(SMTP, "school-8814000-careers",
                SERVICES.get("school-8814000-careers").target()).stream().filter(p -> inAny(p, digests)).toList();
        List<Payload> toAdviser = ServiceInboxes.emailed(SMTP, "jcp-support-for-schools",
                SERVICES.get("jcp-support-for-schools").target()).stream().filter(p -> inAny(p, digests)).toList();
        assertThat(toCareersLead).extracting(Payload::alertId).containsExactly(profileOf(profiles, SCHOOL));
        assertThat(toAdviser).extracting(Payload::alertId)
                .containsExactlyInAnyOrder(profileOf(profiles, SCHOOL), profileOf(profiles, OTHER_SCHOOL));
        assertThat(counts(toCareersLead.get(0)).path("pupilsByYearAndBand"))
                .isEqualTo(JSON.readTree("{\"Year 10\": {\"RED\": 1}, \"Year 8\": {\"RED\": 1}}"));
        assertThat(counts(toAdviser.stream().filter(p -> p.alertId().equals(profileOf(profiles, OTHER_SCHOOL))).findFirst()
                .orElseThrow()).path("pupilsByYearAndBand")).isEqualTo(JSON.readTree("{\"Year 9\": {\"NONE\": 1}}"));

        // counts only: no pupil of either school is named in the emails that carry the profiles
        List<String> names = Stream.of(riskPupil, year8Pupil, calmPupil)
                .flatMap(p -> Stream.of(p.givenName(), p.familyName())).toList();
        List<MimeMessage> profileEmails = digests.stream()
                .filter(m -> ServiceInboxes.addressedTo(m, SERVICES.get("school-8814000-careers").target())
                        || ServiceInboxes.addressedTo(m, SERVICES.get("jcp-support-for-schools").target())).toList();
        assertThat(profileEmails).as("one digest each for the careers lead and the adviser").hasSize(2);
        for (MimeMessage m : profileEmails) {
            String text = ServiceInboxes.text(m);
            assertThat(names).as("names in the digest to %s", List.of(m.getAllRecipients()))
                    .noneMatch(name -> text.matches("(?s).*\\b" + Pattern.quote(name) + "\\b.*"));
        }
    }

    @Test
    @Order(9)
    void noPayloadAnyServiceGotHoldsAFieldOutsideItsList() throws Exception {
        runJob("email-digest");
        List<Payload> received = new ArrayList<>(trackingTeamQueue.readUntil(Set.of(), 0));
        ServiceInboxes.webhookRequests(WEBHOOKS, WEBHOOK_PATH, "careers-north").forEach(r -> received.add(r.payload()));
        for (String service : List.of("careers-south", "westmarsh-tracking")) {
            received.addAll(ServiceInboxes.filed(HUB_HOME, service));
        }
        for (String service : List.of("jcp-northmoor", "school-8814000-careers", "jcp-support-for-schools")) {
            received.addAll(ServiceInboxes.emailed(SMTP, service, SERVICES.get(service).target()));
        }

        assertThat(received).extracting(Payload::service).as("every service got something")
                .containsAll(SERVICES.keySet());
        assertThat(received).allSatisfy(p -> assertThat(p.keys()).as("%s: %s", p.service(), p.where())
                .isSubsetOf(SERVICES.get(p.service()).allowedKeys()));
    }

    // ---- the score

    @Test
    @Order(10)
    void aPupilsRiskIsTheHandComputedScoreWithTheRecordBehindEachFactor() {
        // year8Pupil: free school meals and Polish as first language in the census; 101 of 120 sessions (84.2%) in
        // the last twelve weeks. EAL 1 + attendance below 85% 2 (in place of below 90%'s 1) + free school meals 2 = 5,
        // RED (4 or more).
        @SuppressWarnings("unchecked")
        Map<String, Object> risk = (Map<String, Object>) person(year8Pupil).get("risk");

        assertThat(risk).containsEntry("score", 5).containsEntry("band", "RED").containsEntry("ruleSet", "roni-default")
                .containsEntry("ncYear", 8).containsEntry("inScope", true);
        long censusLine = 3;       // the census file's second row, after the header
        long lastPeriodLine = 7;   // the pupil's latest period: the attendance file's sixth row
        assertThat((List<?>) risk.get("factors")).extracting(f -> factor((Map<?, ?>) f)).containsExactlyInAnyOrder(
                new Factor("eal", 1, "school-census", censusRun.id(), censusLine),
                new Factor("attendance-below-85", 2, "attendance", attendanceRun.id(), lastPeriodLine),
                new Factor("free-school-meals", 2, "school-census", censusRun.id(), censusLine));
    }

    /** A factor as GET /api/young-people shows it: indicator, points, and the feed, run and line of its record. */
    record Factor(String indicator, int points, String feed, long runId, long line) {
    }

    // ---- exactly once

    @Test
    @Order(11)
    void theSameFilesAgainAndTheDailyJobsRaiseNothingNewAndSendNothingTwice() throws Exception {
        List<AlertView> before = everythingRaised();
        Map<YoungPerson, Integer> assessments = new HashMap<>();
        for (YoungPerson p : List.of(riskPupil, year8Pupil, calmPupil)) {
            assessments.put(p, riskHistory(p).size());
        }

        // partners send the same files again
        assertAllDuplicates(dropAndWait("nccis-xml", "nccis-alerts.xml", firstTrackingFile), 9);
        assertAllDuplicates(dropAndWait("school-census", "census-alerts.csv", censusFile), 3);
        assertAllDuplicates(dropAndWait("attendance", "attendance-alerts.csv", attendanceFile), 9);
        assertAllDuplicates(dropAndWait("dwp-claimants", "claims-alerts.csv", claimsFile), 1);
        assertThat(postReferral(referral)).containsEntry("stored", 0).containsEntry("duplicates", 1);
        assertAllDuplicates(dropAndWait("nccis-xml", "nccis-alerts-next.xml", nextTrackingFile), 2);
        // and the daily, nightly and termly jobs run
        runJob("alert-sweep");
        runJob("risk-rescore");
        runJob("school-risk-profile");
        runJob("email-digest");

        assertThat(everythingRaised()).as("alerts and where they went")
                .usingRecursiveFieldByFieldElementComparatorOnFields("alertId", "type", "service", "hubId")
                .containsExactlyInAnyOrderElementsOf(before);
        assessments.forEach((p, n) -> assertThat(riskHistory(p)).as("assessments of %s", p.upn()).hasSize(n));

        // nothing went out twice, on any channel
        List<Payload> queued = trackingTeamQueue.readUntil(Set.of(), 2_000);
        for (AlertView a : sentTo("la-tracking", everyone)) {
            assertThat(queued).filteredOn(p -> a.alertId().toString().equals(p.alertId())).as("%s queued", a.type()).hasSize(1);
        }
        List<WebhookRequest> requests = ServiceInboxes.webhookRequests(WEBHOOKS, WEBHOOK_PATH, "careers-north");
        for (AlertView a : sentTo("careers-north", everyone)) {
            assertThat(requests).filteredOn(r -> a.alertId().toString().equals(r.payload().alertId()))
                    .filteredOn(WebhookRequest::answered2xx).as("%s posted", a.type()).hasSize(1);
        }
        runJob("file-drop");
        runJob("alert-digest");
        for (String service : List.of("careers-south", "westmarsh-tracking")) {
            List<Payload> filed = ServiceInboxes.filed(HUB_HOME, service);
            for (AlertView a : sentTo(service, everyone)) {
                assertThat(filed).filteredOn(p -> a.alertId().toString().equals(p.alertId()))
                        .as("%s files for %s", service, a.type()).hasSize(1);
            }
        }
        for (String service : List.of("jcp-northmoor", "school-8814000-careers", "jcp-support-for-schools")) {
            List<Payload> listed = ServiceInboxes.emailed(SMTP, service, SERVICES.get(service).target());
            for (AlertView a : before.stream().filter(a -> service.equals(a.service())).toList()) {
                assertThat(listed).filteredOn(p -> a.alertId().toString().equals(p.alertId()))
                        .as("%s emailed to %s", a.type(), service).hasSize(1);
            }
        }
    }

    // ---- a webhook that is down for a while

    @Test
    @Order(12)
    void aWebhookThatIsDownForAWhileGetsEveryAlertOnceItIsBack() throws Exception {
        StubMapping down = WEBHOOKS.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).atPriority(1).willReturn(serviceUnavailable()));
        List<AlertView> waiting;
        try {
            Path file = tempFile("nccis-alerts-outage.xml");
            ScenarioFeeds.nccisXml(file, LA, TODAY, neetDuringOutage.stream()
                    .map(p -> new Tracked(p, Activity.neet("619", TODAY.minusDays(3), TODAY), offerIn(11))).toList());
            assertStored(dropAndWait("nccis-xml", "nccis-alerts-outage.xml", file), 3);
            waiting = sentTo("careers-north", neetDuringOutage);
            assertThat(waiting).hasSize(3);

            // the webhook answers 503: each delivery is tried again and again, and none is delivered
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sentTo("careers-north", neetDuringOutage))
                    .allSatisfy(a -> {
                        assertThat(a.delivery().attempts()).as("attempts").isGreaterThanOrEqualTo(3);
                        assertThat(a.delivery().state()).isEqualTo("PENDING");
                        assertThat(a.delivery().lastError()).contains("503");
                    }));
            // while the tracking team's queue, another channel, got the same alerts at once
            assertThat(sentTo("la-tracking", neetDuringOutage)).hasSize(3)
                    .allSatisfy(a -> assertThat(a.delivery().state()).isEqualTo("DELIVERED"));
        } finally {
            WEBHOOKS.removeStub(down);
        }

        // back up: every one is delivered, each in exactly one request the webhook accepted
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(sentTo("careers-north", neetDuringOutage))
                .allSatisfy(a -> assertThat(a.delivery().state()).isEqualTo("DELIVERED")));
        List<WebhookRequest> requests = ServiceInboxes.webhookRequests(WEBHOOKS, WEBHOOK_PATH, "careers-north");
        for (AlertView a : waiting) {
            List<WebhookRequest> forAlert = requests.stream()
                    .filter(r -> a.alertId().toString().equals(r.payload().alertId())).toList();
            assertThat(forAlert).filteredOn(r -> r.status() == 503).as("refused while down").hasSizeGreaterThanOrEqualTo(3);
            assertThat(forAlert).filteredOn(WebhookRequest::answered2xx).as("accepted once back").singleElement()
                    .satisfies(r -> assertThat(r.signedWith(WEBHOOK_SECRET)).isTrue());
        }
    }

    // ---- causes that are not new

    @Test
    @Order(13)
    void aNewReasonForBeingNeetWithinTheSameNeetSpellRaisesNothingNew() {
        YoungPerson p = youngPerson(15, inYearGroup(12, "03-03"), "NM2");
        LocalDate neetSince = TODAY.minusDays(20);
        Path first = tempFile("nccis-alerts-neet.xml");
        ScenarioFeeds.nccisXml(first, LA, TODAY, List.of(new Tracked(p, Activity.neet("619", neetSince, TODAY), offerIn(11))));
        assertStored(dropAndWait("nccis-xml", "nccis-alerts-neet.xml", first), 1);
        assertThat(alertsAbout(p)).extracting(a -> sent(a.type(), a.service()))
                .containsExactlyInAnyOrder(sent("NEET_STARTED", "la-tracking"), sent("NEET_STARTED", "careers-north"));

        // a month on, not seeking (619) but not ready for work or learning (610): the same NEET spell (NEETStartDate)
        Path next = tempFile("nccis-alerts-neet-next.xml");
        ScenarioFeeds.nccisXml(next, LA, TODAY, List.of(
                new Tracked(p, Activity.neet("610", TODAY.minusDays(4), neetSince, TODAY), offerIn(11))));
        assertStored(dropAndWait("nccis-xml", "nccis-alerts-neet-next.xml", next), 1);

        assertThat(alertsAbout(p)).extracting(a -> sent(a.type(), a.service())).as("alerts about %s", p.upn())
                .containsExactlyInAnyOrder(sent("NEET_STARTED", "la-tracking"), sent("NEET_STARTED", "careers-north"));
    }

    @Test
    @Order(14)
    void lastYearsYear12WithOnlyTheirYear11OfferOnRecordIsMissingTheGuarantee() {
        // Year 13 now: last year's Year 12, whose guarantee is an offer for this year; the Year 11 offer was for last year
        YoungPerson p = youngPerson(16, inYearGroup(13, "01-09"), "NM4");
        Path file = tempFile("nccis-alerts-year12.xml");
        ScenarioFeeds.nccisXml(file, LA, TODAY, List.of(new Tracked(p, Activity.course("230", TODAY.minusDays(30), TODAY),
                List.of(offerIn(11), ScenarioFeeds.Guarantee.noOfferIn(12)))));
        assertStored(dropAndWait("nccis-xml", "nccis-alerts-year12.xml", file), 1);

        assertThat(alertsAbout(p)).extracting(a -> sent(a.type(), a.service())).as("alerts about %s", p.upn())
                .containsExactlyInAnyOrderElementsOf(septemberDeadlinePassed()
                        ? List.of(sent("SEPTEMBER_GUARANTEE_MISSING", "la-tracking")) : List.of());
    }

    // ---- the young people

    /** The cohort's n-th young person, born on {@code dob} and living in {@code district}. */
    private static YoungPerson youngPerson(int n, LocalDate dob, String district) {
        YoungPerson p = COHORT.get(n);
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), dob,
                p.gender(), district + " " + inwardCode(p), p.laEstab(), ScenarioFeeds.academicAge(dob, TODAY), false, false);
    }

    /** A pupil of {@code school}. */
    private static YoungPerson pupil(int n, LocalDate dob, String district, String school) {
        YoungPerson p = youngPerson(n, dob, district);
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), null, p.ypid(), p.givenName(), p.familyName(), p.dob(),
                p.gender(), p.postcode(), school, p.academicAge(), false, false);
    }

    private static YoungPerson livingIn(YoungPerson p, String district) {
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), p.dob(),
                p.gender(), district + " " + inwardCode(p), p.laEstab(), p.academicAge(), p.send(), p.senSupport());
    }

    /** 18 and over, NCCIS tracks only young people with SEND. */
    private static YoungPerson withSend(YoungPerson p) {
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), p.dob(),
                p.gender(), p.postcode(), p.laEstab(), p.academicAge(), true, false);
    }

    private static String inwardCode(YoungPerson p) {
        return p.postcode().substring(p.postcode().indexOf(' ') + 1);
    }

    /** A birth date that puts a young person in {@code ncYear} today (Year 12: academic age 16). */
    private static LocalDate inYearGroup(int ncYear, String birthday) {
        return ScenarioFeeds.bornInYearGroup(ncYear, MonthDay.parse("--" + birthday), TODAY);
    }

    /**
     * Offers must be on record by the end of September: from 1 October until the next 1 September the deadline has
     * passed. (The hub raises the alert on 30 September itself, a day early: on that day the noOffer case fails.)
     */
    private static boolean septemberDeadlinePassed() {
        return TODAY.isAfter(ScenarioFeeds.academicYearStart(TODAY).withDayOfMonth(30));
    }

    private ReferralsJson.Referral referralToJobcentrePlus(YoungPerson p) {
        return new ReferralsJson.Referral("NMC-" + p.upn(), "Northmere College, Fenside Campus", "Student services team",
                "jcp-northmoor", new ReferralsJson.Person(p.upn(), p.uln(), null, p.givenName(), p.familyName(),
                p.dob().toString(), p.postcode()), "Left college course in the first term and not in work", "WARM_HANDOVER",
                List.of("money and benefits", "careers guidance"),
                new ReferralsJson.Consent(true, TODAY.minusDays(2).toString(), "share with the named service and the LA tracking team"),
                TODAY.minusDays(1).atTime(10, 30).toInstant(ZoneOffset.UTC).toString());
    }

    // ---- the hub's API

    private UUID hubId(YoungPerson p) {
        return hubIds.computeIfAbsent(p.upn(), upn -> UUID.fromString((String) person(p).get("hubId")));
    }

    private UUID hubIdByNino(YoungPerson p) {
        ResponseEntity<Map> r = api().getForEntity("/api/young-people?nino=" + p.nino(), Map.class);
        assertThat(r.getStatusCode().value()).as("NINO %s", p.nino()).isEqualTo(200);
        return UUID.fromString((String) r.getBody().get("hubId"));
    }

    private Map<String, Object> person(YoungPerson p) {
        ResponseEntity<Map<String, Object>> r = api().exchange("/api/young-people?upn=" + p.upn(), HttpMethod.GET, null,
                new ParameterizedTypeReference<>() { });
        assertThat(r.getStatusCode().value()).as("UPN %s", p.upn()).isEqualTo(200);
        return r.getBody();
    }

    private List<AlertView> alertsAbout(YoungPerson p) {
        return alerts("hubId=" + hubId(p));
    }

    private List<AlertView> alerts(String query) {
        ResponseEntity<List<AlertView>> r = api().exchange("/api/alerts?" + query, HttpMethod.GET, null,
                new ParameterizedTypeReference<>() { });
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        return r.getBody();
    }

    /** The alerts sent (one row per service) about these young people. */
    private List<AlertView> sentAbout(List<YoungPerson> people) {
        return people.stream().flatMap(p -> alertsAbout(p).stream()).filter(a -> a.service() != null).toList();
    }

    private List<AlertView> sentTo(String service, List<YoungPerson> people) {
        return sentAbout(people).stream().filter(a -> service.equals(a.service())).toList();
    }

    private List<AlertView> alertsOfMySchools() {
        return alerts("type=SCHOOL_RISK_PROFILE").stream()
                .filter(a -> SCHOOL.equals(a.school()) || OTHER_SCHOOL.equals(a.school())).toList();
    }

    /** Every alert about this class's young people and schools, one row per service (or none). */
    private List<AlertView> everythingRaised() {
        List<AlertView> all = new ArrayList<>();
        everyone.forEach(p -> all.addAll(alertsAbout(p)));
        all.addAll(alertsOfMySchools());
        all.sort(Comparator.comparing((AlertView a) -> a.alertId().toString()).thenComparing(a -> String.valueOf(a.service())));
        return all;
    }

    private List<Disclosure> disclosuresAbout(YoungPerson p) {
        return api().exchange("/api/disclosures?hubId=" + hubId(p), HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Disclosure>>() { }).getBody();
    }

    private List<?> riskHistory(YoungPerson p) {
        Map<?, ?> risk = api().getForEntity("/api/young-people/" + hubId(p) + "/risk", Map.class).getBody();
        return (List<?>) risk.get("history");
    }

    private Map<String, Object> postReferral(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<Map<String, Object>> r = api().exchange("/api/referrals", HttpMethod.POST,
                new HttpEntity<>(json, headers), new ParameterizedTypeReference<>() { });
        assertThat(r.getStatusCode().value()).as("POST /api/referrals: %s", r.getBody()).isEqualTo(202);
        awaitReassessed();
        return r.getBody();
    }

    private static void assertStored(RunView run, int records) {
        assertThat(run.state()).as("run %d of %s", run.id(), run.file()).isEqualTo("COMPLETED");
        assertThat(run.stored()).as("stored from %s", run.file()).isEqualTo(records);
        assertThat(run.quarantined()).as("quarantined from %s", run.file()).isZero();
    }

    private static void assertAllDuplicates(RunView run, int records) {
        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.stored()).as("stored from %s sent again", run.file()).isZero();
        assertThat(run.duplicates()).as("duplicates in %s sent again", run.file()).isEqualTo(records);
    }

    // ---- reading what came

    private static Sent sent(String type, String service) {
        return new Sent(type, service);
    }

    private static Set<String> alertIds(List<AlertView> alerts) {
        return alerts.stream().map(a -> a.alertId().toString()).collect(Collectors.toSet());
    }

    private static String profileOf(List<AlertView> profiles, String school) {
        return profiles.stream().filter(a -> school.equals(a.school())).findFirst().orElseThrow().alertId().toString();
    }

    private static boolean inAny(Payload p, List<MimeMessage> messages) {
        return messages.stream().anyMatch(m -> ServiceInboxes.text(m).contains("(alert " + p.alertId() + ","));
    }

    /** The counts line of a school risk profile in a digest. */
    private static JsonNode counts(Payload entry) throws Exception {
        String line = entry.body().lines().filter(l -> l.startsWith("  counts: ")).findFirst().orElseThrow();
        return JSON.readTree(line.substring("  counts: ".length()));
    }

    private static Factor factor(Map<?, ?> f) {
        Map<?, ?> source = (Map<?, ?>) f.get("source");
        return new Factor((String) f.get("indicator"), ((Number) f.get("points")).intValue(), (String) source.get("feed"),
                ((Number) source.get("runId")).longValue(), ((Number) source.get("line")).longValue());
    }
}
