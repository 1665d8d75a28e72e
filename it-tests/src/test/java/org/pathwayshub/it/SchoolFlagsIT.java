package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathwayshub.PathwaysHub;
import org.pathwayshub.system.ScheduleLeadership;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * School flags (issue 18): two schools, each with a careers lead (PARTNER) whose organisation's service covers it. Each
 * lead sees only their own school's pupils and flags; flagging another school's pupil is refused and stores nothing;
 * a flag the active rule set gives points moves the pupil's score and band, shows as a factor, and raises RISK_RAISED
 * to the school; ended early, it no longer counts at the next scoring.
 *
 * <p>On a hub of its own: the active rule set is roni-extended (it gives DISENGAGING 2 points; the default set the other
 * classes' hub scores with gives school flags none), and its service directory has the two schools and a tracking team that
 * takes no risk alerts. The young
 * people are generated (seed 7901, LA number 945) and sent through the school-census feed.
 */
@SpringBootTest(classes = PathwaysHub.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchoolFlagsIT {

    private static final String ADMIN = "school-flags-admin";
    private static final String PASSWORD = "school-flags-password-not-secret";
    private static final String LEAD_PASSWORD = "school-lead-password-not-secret";
    private static final long SEED = 7901;
    private static final String LA = "945";
    private static final String SCHOOL_A = "9454001";
    private static final String SCHOOL_B = "9454002";
    private static final String LEAD_A = "careers-lead-a";
    private static final String LEAD_B = "careers-lead-b";
    private static final String STAFF = "school-flags-data-team";
    private static final LocalDate TODAY = LocalDate.now();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICES = """
            services:
              - id: la-tracking
                name: School flags test LA tracking team (self-referrals come to it)
                organisation: SCHOOL-FLAGS-TRACKING
                coverage: { laCodes: ["945"] }
                alerts: [REFERRAL_RECEIVED]
                fields: [hubId, upn, givenName, familyName, reason]
                channel: { type: queue }
              - id: school-9454001-careers
                name: Careers lead, school flags test school A (9454001)
                organisation: SCHOOL-9454001
                coverage: { schools: ["9454001"] }
                alerts: [RISK_RAISED]
                fields: [hubId, upn, givenName, familyName, ncYear, riskBand, riskFactors, school, reason]
                channel: { type: queue }
              - id: school-9454002-careers
                name: Careers lead, school flags test school B (9454002)
                organisation: SCHOOL-9454002
                coverage: { schools: ["9454002"] }
                alerts: [RISK_RAISED]
                fields: [hubId, upn, givenName, familyName, ncYear, riskBand, riskFactors, school, reason]
                channel: { type: queue }
            """;

    private static final Path HOME;
    private static final Path CONFIG;

    static {
        try {
            HOME = Files.createTempDirectory("hub-school-flags-it-");
            CONFIG = Files.createTempDirectory("hub-school-flags-it-config-");
            ConfigFolders.copyTree(Path.of("routes"), CONFIG.resolve("routes"));
            Files.delete(CONFIG.resolve("routes/retention-erasure.yaml"));
            ConfigFolders.copyTree(Path.of("mappings"), CONFIG.resolve("mappings"));
            Files.writeString(CONFIG.resolve("mappings/routing/services.yaml"), SERVICES);
            Files.writeString(CONFIG.resolve("mappings/risk/active.yaml"), "ruleSet: roni-extended\n");
            // 945 is no real authority's number, so these UPNs clash with no one's: this hub knows it, for the census
            ConfigFolders.addLaCode(CONFIG, "945", "School flags test authority");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.home", HOME::toString);
        registry.add("hub.admin.user", () -> ADMIN);
        registry.add("hub.admin.password", () -> PASSWORD);
        registry.add("hub.config-location", () -> "file:" + CONFIG + "/");
        registry.add("camel.main.routes-include-pattern", () -> "file:" + CONFIG + "/routes/*.yaml");
    }

    @Autowired
    private ScheduleLeadership leadership;

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private CamelContext camel;

    @Autowired
    private JdbcTemplate jdbc;

    @LocalServerPort
    private int port;

    private final List<YoungPerson> cohort = SeparateCohort.of(20, SEED, LA).stream()
            .filter(p -> p.upn() != null).toList();
    /** Year 10, English as an additional language (1 point): GREEN before any flag. */
    private final YoungPerson ealA = pupil(0, "02-14", SCHOOL_A);
    private final YoungPerson plainA = pupil(1, "05-03", SCHOOL_A);
    private final YoungPerson otherA = pupil(2, "11-21", SCHOOL_A);
    private final YoungPerson plainB = pupil(3, "03-30", SCHOOL_B);
    private final YoungPerson otherB = pupil(4, "07-09", SCHOOL_B);
    private final List<YoungPerson> schoolA = List.of(ealA, plainA, otherA);
    private final List<YoungPerson> schoolB = List.of(plainB, otherB);
    private final Map<String, UUID> hubIds = new LinkedHashMap<>();
    private long flagId;

    @Test
    @Order(0)
    void theSchoolsCensusAndTheirCareersLeads() throws Exception {
        LocalDate censusDay = ScenarioFeeds.latestCensusDay(TODAY);
        List<String> rows = new ArrayList<>();
        for (YoungPerson p : List.of(ealA, plainA, otherA, plainB, otherB)) {
            rows.add(ScenarioFeeds.censusRow(p, censusDay, false, 'N', p == ealA ? "OTH" : "ENG"));
        }
        dropAndWait("school-census", "census-school-flags.csv",
                ScenarioFeeds.csv(tempFile("census-school-flags.csv"), ScenarioFeeds.CENSUS_HEADER, rows), 5);
        addUser(LEAD_A, "PARTNER", "SCHOOL-9454001");
        addUser(LEAD_B, "PARTNER", "SCHOOL-9454002");
        addUser(STAFF, "DATA_TEAM", null);

        JsonNode a = pupil(as(ADMIN, PASSWORD), SCHOOL_A, ealA);
        assertThat(a.path("riskBand").asText()).isEqualTo("GREEN");
        assertThat(a.path("riskScore").asInt()).isEqualTo(1);
        assertThat(factorIds(a)).containsExactly("eal");
    }

    @Test
    @Order(1)
    void eachCareersLeadSeesOnlyTheirOwnSchoolsPupilsAndStaffSeeBoth() throws Exception {
        assertThat(pupilIds(as(LEAD_A), SCHOOL_A)).containsExactlyInAnyOrderElementsOf(ids(schoolA));
        assertThat(pupilIds(as(LEAD_B), SCHOOL_B)).containsExactlyInAnyOrderElementsOf(ids(schoolB));
        assertThat(pupilIds(as(STAFF, LEAD_PASSWORD), SCHOOL_A)).containsExactlyInAnyOrderElementsOf(ids(schoolA));
        assertThat(pupilIds(as(STAFF, LEAD_PASSWORD), SCHOOL_B)).containsExactlyInAnyOrderElementsOf(ids(schoolB));

        ResponseEntity<String> other = as(LEAD_A).getForEntity("/api/schools/" + SCHOOL_B + "/pupils", String.class);
        assertThat(other.getStatusCode().value()).isEqualTo(404);
        assertThat(other.getBody()).contains("school " + SCHOOL_B + " is not one your organisation acts for");
        assertNamesNoOneOf(other.getBody(), schoolB);
        assertThat(as(LEAD_A).getForEntity("/api/schools/" + SCHOOL_B + "/flags", String.class).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    @Order(2)
    void flaggingAnotherSchoolsPupilIsRefusedAndStoresNothing() {
        // through the lead's own school, and through the other school's path
        ResponseEntity<String> viaOwn = flag(LEAD_A, SCHOOL_A, plainB, "DISENGAGING", TODAY.plusDays(30));
        assertThat(viaOwn.getStatusCode().value()).isEqualTo(404);
        assertThat(viaOwn.getBody()).contains("is not a pupil of school " + SCHOOL_A);
        assertNamesNoOneOf(viaOwn.getBody(), schoolB);
        ResponseEntity<String> viaTheirs = flag(LEAD_A, SCHOOL_B, plainB, "DISENGAGING", TODAY.plusDays(30));
        assertThat(viaTheirs.getStatusCode().value()).isEqualTo(404);
        assertNamesNoOneOf(viaTheirs.getBody(), schoolB);

        // a code not in the list, and an end date in the past or too far ahead: 400 naming the field and the value
        ResponseEntity<String> badCode = flag(LEAD_A, SCHOOL_A, plainA, "NOT_A_FLAG", TODAY.plusDays(30));
        assertThat(badCode.getStatusCode().value()).isEqualTo(400);
        assertThat(badCode.getBody()).contains("code: a code of mappings/codes/school-flag.yaml", "'NOT_A_FLAG'");
        ResponseEntity<String> past = flag(LEAD_A, SCHOOL_A, plainA, "DISENGAGING", TODAY.minusDays(1));
        assertThat(past.getStatusCode().value()).isEqualTo(400);
        assertThat(past.getBody()).contains("endDate", "not in the past", TODAY.minusDays(1).toString());
        ResponseEntity<String> tooLong = flag(LEAD_A, SCHOOL_A, plainA, "DISENGAGING", TODAY.plusDays(121));
        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(tooLong.getBody()).contains("endDate", "at most 120 days", TODAY.plusDays(121).toString());

        assertThat(jdbc.queryForObject("select count(*) from school_flag", Integer.class)).isZero();
    }

    @Test
    @Order(3)
    void aFlagTheRuleSetGivesPointsMovesTheScoreAndBandShowsAsAFactorAndTellsTheSchool() throws Exception {
        ResponseEntity<String> added = flag(LEAD_A, SCHOOL_A, ealA, "DISENGAGING", TODAY.plusDays(60));
        assertThat(added.getStatusCode().value()).as("added: %s", added.getBody()).isEqualTo(201);
        JsonNode flag = JSON.readTree(added.getBody());
        flagId = flag.path("id").asLong();
        assertThat(flag.path("code").asText()).isEqualTo("DISENGAGING");
        assertThat(flag.path("addedBy").asText()).isEqualTo(LEAD_A);
        assertThat(flag.path("current").asBoolean()).isTrue();
        awaitReassessed();

        // EAL 1 + disengaging 2 = 3: AMBER
        JsonNode pupil = pupil(as(LEAD_A), SCHOOL_A, ealA);
        assertThat(pupil.path("riskScore").asInt()).isEqualTo(3);
        assertThat(pupil.path("riskBand").asText()).isEqualTo("AMBER");
        assertThat(factorIds(pupil)).containsExactlyInAnyOrder("eal", "school-flag-disengaging");
        JsonNode factor = factor(pupil, "school-flag-disengaging");
        assertThat(factor.path("label").asText()).isEqualTo("School flag - disengaging from learning");
        assertThat(factor.path("points").asInt()).isEqualTo(2);
        assertThat(factor.path("evidence").asText()).contains("DISENGAGING", "flag " + flagId, "school " + SCHOOL_A);
        assertThat(pupil.path("flags").get(0).path("id").asLong()).isEqualTo(flagId);

        // the band went up to AMBER: RISK_RAISED to the pupil's school, not the other
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode alerts = JSON.readTree(as(ADMIN, PASSWORD).getForObject("/api/alerts?type=RISK_RAISED&hubId="
                    + hubId(ealA), String.class));
            List<String> services = new ArrayList<>();
            alerts.forEach(a -> services.add(a.path("service").asText()));
            assertThat(services).containsExactly("school-9454001-careers");
        });

        // the other school sees neither the flag nor the pupil
        assertThat(as(LEAD_B).getForObject("/api/schools/" + SCHOOL_B + "/flags", String.class))
                .doesNotContain(hubId(ealA).toString());
        // the console page shows the factor beside the flag
        String page = signedInPage(LEAD_A, "/schools/" + SCHOOL_A);
        assertThat(page).contains("School flag - disengaging from learning: 2", "data-flag=\"" + flagId + "\"",
                hubId(ealA).toString());
        assertThat(page).doesNotContain(hubId(plainB).toString());
    }

    @Test
    @Order(4)
    void endingTheFlagEarlyTakesItsPointsAwayAtTheNextScoringAndKeepsTheFlag() throws Exception {
        ResponseEntity<String> stranger = as(LEAD_B).exchange("/api/schools/" + SCHOOL_B + "/flags/" + flagId + "/end",
                org.springframework.http.HttpMethod.POST, null, String.class);
        assertThat(stranger.getStatusCode().value()).as("another school's flag").isEqualTo(404);

        ResponseEntity<String> ended = as(LEAD_A).postForEntity("/api/schools/" + SCHOOL_A + "/flags/" + flagId + "/end",
                null, String.class);
        assertThat(ended.getStatusCode().value()).as("ended: %s", ended.getBody()).isEqualTo(200);
        JsonNode flag = JSON.readTree(ended.getBody());
        assertThat(flag.path("current").asBoolean()).isFalse();
        assertThat(flag.path("endedOn").asText()).isEqualTo(TODAY.toString());
        assertThat(flag.path("endedBy").asText()).isEqualTo(LEAD_A);
        awaitReassessed();

        JsonNode pupil = pupil(as(LEAD_A), SCHOOL_A, ealA);
        assertThat(pupil.path("riskScore").asInt()).isEqualTo(1);
        assertThat(pupil.path("riskBand").asText()).isEqualTo("GREEN");
        assertThat(factorIds(pupil)).containsExactly("eal");
        // kept, not deleted: the school's record of what it said
        assertThat(jdbc.queryForObject("select count(*) from school_flag where id = ? and ended_by = ?", Integer.class,
                flagId, LEAD_A)).isEqualTo(1);
        ResponseEntity<String> again = as(LEAD_A).postForEntity("/api/schools/" + SCHOOL_A + "/flags/" + flagId + "/end",
                null, String.class);
        assertThat(again.getStatusCode().value()).isEqualTo(400);
        assertThat(again.getBody()).contains("flag " + flagId, "was ended on " + TODAY);
    }

    @Test
    @Order(5)
    void aSchoolRecordsReasonsAndInterventionsForItsOwnPupilsOnly() throws Exception {
        ResponseEntity<String> reason = post(LEAD_A, "/api/schools/" + SCHOOL_A + "/pupils/" + hubId(plainA)
                + "/disengagement-reasons", Map.of("code", "ANXIETY_MENTAL_HEALTH"));
        assertThat(reason.getStatusCode().value()).as("%s", reason.getBody()).isEqualTo(201);
        ResponseEntity<String> offered = post(LEAD_A, "/api/schools/" + SCHOOL_A + "/pupils/" + hubId(plainA) + "/interventions",
                Map.of("code", "MENTORING", "offeredOn", TODAY.minusDays(3).toString(), "takenUp", "YES",
                        "reason", "ANXIETY_MENTAL_HEALTH"));
        assertThat(offered.getStatusCode().value()).as("%s", offered.getBody()).isEqualTo(201);
        JsonNode recorded = JSON.readTree(offered.getBody());
        assertThat(recorded.path("service").asText()).as("recorded for the school's organisation").isEqualTo("SCHOOL-9454001");
        assertThat(recorded.path("recordedBy").asText()).isEqualTo(LEAD_A);

        ResponseEntity<String> read = as(LEAD_A).getForEntity("/api/schools/" + SCHOOL_A + "/pupils/" + hubId(plainA)
                + "/interventions", String.class);
        assertThat(read.getStatusCode().value()).isEqualTo(200);
        JsonNode both = JSON.readTree(read.getBody());
        assertThat(both.path("disengagementReasons").get(0).path("code").asText()).isEqualTo("ANXIETY_MENTAL_HEALTH");
        assertThat(both.path("interventions").get(0).path("code").asText()).isEqualTo("MENTORING");

        // another school's pupil: through the lead's own school or the other's path, a 404 naming no one, nothing stored
        for (String school : List.of(SCHOOL_A, SCHOOL_B)) {
            ResponseEntity<String> refused = post(LEAD_A, "/api/schools/" + school + "/pupils/" + hubId(plainB)
                    + "/interventions", Map.of("code", "MENTORING", "offeredOn", TODAY.toString()));
            assertThat(refused.getStatusCode().value()).as("via %s", school).isEqualTo(404);
            assertNamesNoOneOf(refused.getBody(), schoolB);
            assertThat(as(LEAD_A).getForEntity("/api/schools/" + school + "/pupils/" + hubId(plainB) + "/interventions",
                    String.class).getStatusCode().value()).isEqualTo(404);
        }
        assertThat(jdbc.queryForObject("select count(*) from intervention where hub_id = ?", Integer.class, hubId(plainB)))
                .isZero();
        ResponseEntity<String> badCode = post(LEAD_A, "/api/schools/" + SCHOOL_A + "/pupils/" + hubId(plainA)
                + "/disengagement-reasons", Map.of("code", "HOLIDAY"));
        assertThat(badCode.getStatusCode().value()).isEqualTo(400);
        assertThat(badCode.getBody()).contains("code", "'HOLIDAY'");
    }

    // ---- the generated pupils

    /** A young person of this class in Year 10 now, at {@code school}. */
    private YoungPerson pupil(int n, String birthday, String school) {
        YoungPerson p = cohort.get(n);
        LocalDate dob = ScenarioFeeds.bornInYearGroup(10, MonthDay.parse("--" + birthday), TODAY);
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), dob,
                p.gender(), p.postcode(), school, ScenarioFeeds.academicAge(dob, TODAY), false, false);
    }

    private static void assertNamesNoOneOf(String body, List<YoungPerson> people) {
        for (YoungPerson p : people) {
            assertThat(body).doesNotContain(p.upn(), p.givenName(), p.familyName(), p.dob().toString());
        }
    }

    // ---- the hub's API

    private TestRestTemplate as(String user) {
        return as(user, LEAD_PASSWORD);
    }

    private TestRestTemplate as(String user, String password) {
        return http.withBasicAuth(user, password);
    }

    private ResponseEntity<String> flag(String lead, String school, YoungPerson p, String code, LocalDate endDate) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        Map<String, Object> body = Map.of("hubId", hubId(p).toString(), "code", code, "endDate", endDate.toString());
        return as(lead).postForEntity("/api/schools/" + school + "/flags", new HttpEntity<>(body, headers), String.class);
    }

    private ResponseEntity<String> post(String lead, String path, Map<String, Object> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return as(lead).postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode pupils(TestRestTemplate api, String school) throws IOException {
        ResponseEntity<String> r = api.getForEntity("/api/schools/" + school + "/pupils", String.class);
        assertThat(r.getStatusCode().value()).as("pupils of %s: %s", school, r.getBody()).isEqualTo(200);
        return JSON.readTree(r.getBody());
    }

    private List<UUID> pupilIds(TestRestTemplate api, String school) throws IOException {
        List<UUID> ids = new ArrayList<>();
        pupils(api, school).forEach(p -> ids.add(UUID.fromString(p.path("hubId").asText())));
        return ids;
    }

    private JsonNode pupil(TestRestTemplate api, String school, YoungPerson p) throws IOException {
        for (JsonNode pupil : pupils(api, school)) {
            if (pupil.path("hubId").asText().equals(hubId(p).toString())) {
                return pupil;
            }
        }
        throw new AssertionError("pupil " + p.personNo() + " is not listed at school " + school);
    }

    private static List<String> factorIds(JsonNode pupil) {
        List<String> ids = new ArrayList<>();
        pupil.path("factors").forEach(f -> ids.add(f.path("indicator").asText()));
        return ids;
    }

    private static JsonNode factor(JsonNode pupil, String indicator) {
        for (JsonNode f : pupil.path("factors")) {
            if (f.path("indicator").asText().equals(indicator)) {
                return f;
            }
        }
        throw new AssertionError("no factor " + indicator);
    }

    private List<UUID> ids(List<YoungPerson> people) {
        return people.stream().map(this::hubId).toList();
    }

    private UUID hubId(YoungPerson p) {
        return hubIds.computeIfAbsent(p.upn(), upn -> {
            Map<?, ?> person = as(ADMIN, PASSWORD).getForObject("/api/young-people?upn=" + upn, Map.class);
            return UUID.fromString((String) person.get("hubId"));
        });
    }

    private void addUser(String username, String role, String organisation) {
        Map<String, Object> user = new LinkedHashMap<>(Map.of("username", username, "password", LEAD_PASSWORD,
                "roles", List.of(role)));
        if (organisation != null) {
            user.put("organisation", organisation);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> r = as(ADMIN, PASSWORD).postForEntity("/api/users", new HttpEntity<>(user, headers), String.class);
        assertThat(r.getStatusCode().value()).as("add %s: %s", username, r.getBody()).isEqualTo(201);
    }

    /** Signs in with the form as a browser does, and opens the page. */
    private String signedInPage(String username, String path) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = browser.send(page("/login").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(LEAD_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1),
                StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(page("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        HttpResponse<String> r = browser.send(page(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return r.body();
    }

    private HttpRequest.Builder page(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private void awaitReassessed() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<?, ?> backlog = as(ADMIN, PASSWORD).getForObject("/api/reassessment", Map.class);
            return backlog != null && ((Number) backlog.get("waiting")).longValue() == 0;
        });
    }

    /** Drops a file as partners should (written aside, renamed in), polls the feed and waits for it and for risk. */
    private void dropAndWait(String feedId, String name, Path source, int stored) throws IOException {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-" + feedId).whenDone(1).create();
        Path inbox = HOME.resolve("inbox").resolve(feedId);
        Files.createDirectories(inbox);
        Files.copy(source, inbox.resolve("." + name + ".tmp"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(inbox.resolve("." + name + ".tmp"), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        HubIntegrationTest.awaitFeedRunning(camel, leadership, feedId);
        assertThat(as(ADMIN, PASSWORD).postForEntity("/api/feeds/" + feedId + "/poll", null, Map.class).getStatusCode().value())
                .isEqualTo(202);
        assertThat(done.matches(60, TimeUnit.SECONDS)).as("feed %s finished with %s", feedId, name).isTrue();
        awaitReassessed();
        JsonNode runs = JSON.readTree(as(ADMIN, PASSWORD).getForObject("/api/feeds/" + feedId + "/runs?limit=1", String.class));
        String rejects = as(ADMIN, PASSWORD).getForObject("/api/feeds/" + feedId + "/runs/" + runs.get(0).path("id").asLong()
                + "/rejects", String.class);
        assertThat(runs.get(0).path("stored").asInt()).as("%s stored; rejects %s", name, rejects).isEqualTo(stored);
    }

    private static Path tempFile(String name) {
        try {
            return Files.createTempDirectory("hub-school-flags-data-").resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
