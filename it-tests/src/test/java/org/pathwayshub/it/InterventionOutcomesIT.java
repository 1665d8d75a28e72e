package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.pathwayshub.it.ConsoleForms.csrf;
import static org.pathwayshub.it.ConsoleForms.form;
import static org.pathwayshub.it.ConsoleForms.json;
import static org.pathwayshub.it.ConsoleForms.page;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathwayshub.feed.FeedController.RunView;
import org.pathwayshub.it.ScenarioFeeds.Activity;
import org.pathwayshub.it.ScenarioFeeds.Tracked;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The intervention outcome report (issue 18, part 3) on a generated cohort whose answer is known in advance: twelve
 * young people in Year 13 across two schools, some with characteristics, the tracking file's activity of each placed
 * so that six months after the intervention each is exactly one of EET, NEET or not known, one whose six months have
 * not yet passed, and one offered before the period. A tracking worker records their reasons and interventions over
 * the API; the data team's report must give these numbers exactly, as JSON, CSV and on the console page.
 *
 * <p>The interventions are offered eight months ago, so six months on is two months ago: a course from three months
 * ago is going on then (EET), a NEET activity from ten months ago is (NEET), a course from one month ago is not yet and
 * nor is anything else on record (not known). No other test class records an intervention in the last twelve months
 * (RetentionIT's are years old), so the totals are this class's alone.
 *
 * <p>Reserved for this class: seed 8041 and LA number 937 (UPNs, YoungPersonsIDs and the NCCIS DatabaseID), schools
 * 9374001 and 9374002. (Seeds 8001 to 8040 are PartnerFeedData's, whose ULNs would be the same draws; 955 is no LA
 * number, so its UPNs would be quarantined.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("rawtypes")
class InterventionOutcomesIT extends HubIntegrationTest {

    private static final long SEED = 8041;
    private static final String LA = "937";
    private static final String SCHOOL_A = "9374001";
    private static final String SCHOOL_B = "9374002";
    private static final String MENTAL_HEALTH = "210";
    private static final String CARER = "140";
    private static final LocalDate TODAY = LocalDate.now();
    private static final LocalDate YEAR_START = ScenarioFeeds.academicYearStart(TODAY);
    private static final LocalDate OFFERED = TODAY.minusMonths(8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACKER = "iit-tracker";
    private static final String ANALYST = "iit-data-team";
    private static final String USER_PASSWORD = "iit-password-not-secret";
    private static final List<YoungPerson> COHORT = SeparateCohort.of(30, SEED, LA).stream()
            .filter(p -> p.upn() != null && p.ypid() != null).toList();

    // school A
    private final YoungPerson eetWithMentalHealth = yearThirteen(0, "10-03", SCHOOL_A);
    private final YoungPerson eetCarerWithMentalHealth = yearThirteen(1, "11-14", SCHOOL_A);
    private final YoungPerson neetA = yearThirteen(2, "12-25", SCHOOL_A);
    private final YoungPerson noTrackingRecord = yearThirteen(3, "01-06", SCHOOL_A);
    private final YoungPerson tooSoon = yearThirteen(4, "02-17", SCHOOL_A);
    private final YoungPerson eetTwoInterventions = yearThirteen(5, "03-28", SCHOOL_A);
    // school B
    private final YoungPerson eetCarer = yearThirteen(6, "04-09", SCHOOL_B);
    private final YoungPerson notKnownCode = yearThirteen(7, "05-20", SCHOOL_B);
    private final YoungPerson startedAfterwards = yearThirteen(8, "06-30", SCHOOL_B);
    private final YoungPerson neetWithMentalHealth = yearThirteen(9, "07-11", SCHOOL_B);
    private final YoungPerson eetB = yearThirteen(10, "08-22", SCHOOL_B);
    private final YoungPerson offeredBeforeThePeriod = yearThirteen(11, "09-15", SCHOOL_B);

    private final List<YoungPerson> everyone = List.of(eetWithMentalHealth, eetCarerWithMentalHealth, neetA, noTrackingRecord,
            tooSoon, eetTwoInterventions, eetCarer, notKnownCode, startedAfterwards, neetWithMentalHealth, eetB,
            offeredBeforeThePeriod);
    private final Map<YoungPerson, String> hubIds = new HashMap<>();

    @LocalServerPort
    private int port;

    @Test
    @Order(0)
    void theSchoolsAndTheTrackingFileSayWhereEachWas() throws Exception {
        assertThat(COHORT).hasSizeGreaterThanOrEqualTo(12);
        SeparateCohort.assertUnknownToTheHub(api(), everyone);
        // their Year 11 census, two Mays ago: the school the report counts them under
        LocalDate year11Census = ScenarioFeeds.latestCensusDay(YEAR_START.minusYears(1).minusDays(1));
        Path census = ScenarioFeeds.csv(tempFile("census-interventions.csv"), ScenarioFeeds.CENSUS_HEADER,
                everyone.stream().map(p -> ScenarioFeeds.censusRow(p, year11Census, false, 'N', "ENG")).toList());
        assertThat(dropAndWait("school-census", "census-interventions.csv", census).stored()).isEqualTo(everyone.size());

        Map<YoungPerson, List<String>> characteristics = new LinkedHashMap<>();
        characteristics.put(eetWithMentalHealth, List.of(MENTAL_HEALTH));
        characteristics.put(eetCarerWithMentalHealth, List.of(MENTAL_HEALTH, CARER));
        characteristics.put(tooSoon, List.of(MENTAL_HEALTH));
        characteristics.put(eetCarer, List.of(CARER));
        characteristics.put(neetWithMentalHealth, List.of(MENTAL_HEALTH));
        LocalDate eetFrom = TODAY.minusMonths(3);
        LocalDate neetFrom = TODAY.minusMonths(10);
        Path tracking = tempFile("nccis-interventions.xml");
        ScenarioFeeds.nccisXml(tracking, LA, TODAY, List.of(
                new Tracked(eetWithMentalHealth, Activity.course("230", eetFrom, TODAY), List.of()),
                new Tracked(eetCarerWithMentalHealth, Activity.work("330", eetFrom, TODAY.minusDays(5)), List.of()),
                new Tracked(neetA, Activity.neet("610", neetFrom, TODAY), List.of()),
                new Tracked(tooSoon, Activity.course("230", TODAY.minusMonths(5), TODAY), List.of()),
                new Tracked(eetTwoInterventions, Activity.course("310", eetFrom, TODAY), List.of()),
                new Tracked(eetCarer, Activity.course("230", eetFrom, TODAY), List.of()),
                new Tracked(notKnownCode, Activity.notKnown(neetFrom, TODAY), List.of()),
                new Tracked(startedAfterwards, Activity.course("230", TODAY.minusMonths(1), TODAY), List.of()),
                new Tracked(neetWithMentalHealth, Activity.neet("610", neetFrom, TODAY), List.of()),
                new Tracked(eetB, Activity.course("230", eetFrom, TODAY), List.of()),
                new Tracked(offeredBeforeThePeriod, Activity.course("230", eetFrom, TODAY), List.of())), characteristics);
        RunView run = dropAndWait("nccis-xml", "nccis-interventions.xml", tracking);
        assertThat(run.stored()).as("tracking run %s", run).isEqualTo(11);

        for (YoungPerson p : everyone) {
            JsonNode found = JSON.readTree(api().getForObject("/api/young-people?upn=" + p.upn(), String.class));
            assertThat(found.path("mergedRecords").size()).as("one young person for %s", p.upn()).isZero();
            hubIds.put(p, found.path("hubId").asText());
        }
        addUser(TRACKER, "TRACKING");
        addUser(ANALYST, "DATA_TEAM");
    }

    @Test
    @Order(1)
    void aTrackingWorkerRecordsTheReasonsAndTheInterventionsOffered() throws Exception {
        double mentoringBefore = recorded("MENTORING");
        TestRestTemplate worker = http.withBasicAuth(TRACKER, USER_PASSWORD);

        ResponseEntity<String> reason = worker.postForEntity(reasonsOf(eetWithMentalHealth), json(Map.of(
                "code", "ANXIETY_MENTAL_HEALTH", "recordedOn", OFFERED.minusDays(7).toString(), "service", "la-tracking")),
                String.class);
        assertThat(reason.getStatusCode().value()).as("reason: %s", reason.getBody()).isEqualTo(201);
        assertThat(JSON.readTree(reason.getBody()).path("recordedBy").asText()).isEqualTo(TRACKER);
        assertThat(worker.postForEntity(reasonsOf(neetA), json(Map.of("code", "FINANCIAL")), String.class)
                .getStatusCode().value()).isEqualTo(201);

        offer(worker, eetWithMentalHealth, "MENTORING", OFFERED, "YES", "ANXIETY_MENTAL_HEALTH");
        offer(worker, eetCarerWithMentalHealth, "MENTORING", OFFERED, "YES", null);
        offer(worker, neetA, "MENTORING", OFFERED, "NO", "FINANCIAL");
        offer(worker, noTrackingRecord, "MENTORING", OFFERED, null, null);
        offer(worker, tooSoon, "MENTORING", TODAY.minusMonths(3), "YES", null);
        offer(worker, eetTwoInterventions, "MENTORING", OFFERED, null, null);
        // offered mentoring again later: still once in the report, from the first offer
        offer(worker, eetTwoInterventions, "MENTORING", OFFERED.plusMonths(1), null, null);
        offer(worker, eetTwoInterventions, "CAREERS_GUIDANCE_1TO1", OFFERED, "YES", null);
        offer(worker, eetCarer, "MENTORING", OFFERED, null, null);
        offer(worker, notKnownCode, "MENTORING", OFFERED, null, null);
        offer(worker, startedAfterwards, "MENTORING", OFFERED, null, null);
        offer(worker, neetWithMentalHealth, "CAREERS_GUIDANCE_1TO1", OFFERED, "NO", null);
        offer(worker, eetB, "CAREERS_GUIDANCE_1TO1", OFFERED, null, null);
        offer(worker, offeredBeforeThePeriod, "MENTORING", TODAY.minusMonths(14), null, null);

        JsonNode record = JSON.readTree(worker.getForObject("/api/young-people/" + hubIds.get(eetWithMentalHealth)
                + "/interventions", String.class));
        assertThat(record.path("disengagementReasons").get(0).path("code").asText()).isEqualTo("ANXIETY_MENTAL_HEALTH");
        assertThat(record.path("disengagementReasons").get(0).path("service").asText()).isEqualTo("la-tracking");
        JsonNode mentoring = record.path("interventions").get(0);
        assertThat(mentoring.path("code").asText()).isEqualTo("MENTORING");
        assertThat(mentoring.path("label").asText()).isEqualTo("Mentoring");
        assertThat(mentoring.path("offeredOn").asText()).isEqualTo(OFFERED.toString());
        assertThat(mentoring.path("takenUp").asText()).isEqualTo("YES");
        assertThat(mentoring.path("reason").asText()).isEqualTo("ANXIETY_MENTAL_HEALTH");
        assertThat(JSON.readTree(worker.getForObject("/api/young-people/" + hubIds.get(neetA) + "/disengagement-reasons",
                String.class)).findValuesAsText("code")).containsExactly("FINANCIAL");
        assertThat(recorded("MENTORING")).as("hub_interventions_recorded_total{code=MENTORING}")
                .isEqualTo(mentoringBefore + 11);
    }

    @Test
    @Order(2)
    void aCodeOrDateThatIsNotOneIsRefusedNamingTheFieldTheValueAndWhatWasExpected() throws Exception {
        TestRestTemplate worker = http.withBasicAuth(TRACKER, USER_PASSWORD);
        String url = "/api/young-people/" + hubIds.get(eetB) + "/interventions";

        ResponseEntity<String> badCode = worker.postForEntity(url, json(Map.of("code", "HOLIDAY")), String.class);
        ResponseEntity<String> badDate = worker.postForEntity(url, json(Map.of("code", "MENTORING", "offeredOn", "31/02/2026")),
                String.class);
        ResponseEntity<String> future = worker.postForEntity(url, json(Map.of("code", "MENTORING",
                "offeredOn", TODAY.plusDays(1).toString())), String.class);
        ResponseEntity<String> badReason = worker.postForEntity("/api/young-people/" + hubIds.get(eetB)
                + "/disengagement-reasons", json(Map.of("code", "bored")), String.class);

        assertThat(badCode.getStatusCode().value()).isEqualTo(400);
        assertThat(badCode.getBody()).contains("code:", "'HOLIDAY'", "intervention", "MENTORING");
        assertThat(badDate.getStatusCode().value()).isEqualTo(400);
        assertThat(badDate.getBody()).contains("offeredOn:", "31/02/2026", "yyyy-MM-dd");
        assertThat(future.getStatusCode().value()).isEqualTo(400);
        assertThat(future.getBody()).contains("offeredOn:", TODAY.plusDays(1).toString(), "to today");
        assertThat(badReason.getStatusCode().value()).isEqualTo(400);
        assertThat(badReason.getBody()).contains("code:", "'bored'", "disengagement-reason", "ANXIETY_MENTAL_HEALTH");
        assertThat(worker.postForEntity("/api/young-people/00000000-0000-4000-8000-000000000937/interventions",
                json(Map.of("code", "MENTORING")), String.class).getStatusCode().value()).isEqualTo(404);
        ResponseEntity<String> badMonths = http.withBasicAuth(ANALYST, USER_PASSWORD).getForEntity(
                "/api/interventions/outcomes?months=six", String.class);
        assertThat(badMonths.getStatusCode().value()).isEqualTo(400);
        assertThat(badMonths.getBody()).contains("months:", "'six'", "1 to 36");
        // nothing was stored by the refused calls
        JsonNode record = JSON.readTree(worker.getForObject(url, String.class));
        assertThat(record.path("interventions").size()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theReportCountsEachInterventionBySchoolAndCharacteristicExactly() throws Exception {
        ResponseEntity<String> r = http.withBasicAuth(ANALYST, USER_PASSWORD).getForEntity(
                "/api/interventions/outcomes?from=" + TODAY.minusMonths(12) + "&to=" + TODAY + "&months=6", String.class);
        assertThat(r.getStatusCode().value()).as("report: %s", r.getBody()).isEqualTo(200);
        JsonNode report = JSON.readTree(r.getBody());

        // intervention: offered, taken up, too soon, EET, NEET, not known, rate
        assertThat(lines(report.path("byIntervention"))).containsExactly(
                tuple("CAREERS_GUIDANCE_1TO1", null, 3, 1, 0, 2, 1, 0, "66.7"),
                tuple("MENTORING", null, 9, 3, 1, 4, 1, 3, "50.0"));
        assertThat(lines(report.path("bySchool"))).containsExactly(
                tuple("CAREERS_GUIDANCE_1TO1", SCHOOL_A, 1, 1, 0, 1, 0, 0, "100.0"),
                tuple("CAREERS_GUIDANCE_1TO1", SCHOOL_B, 2, 0, 0, 1, 1, 0, "50.0"),
                tuple("MENTORING", SCHOOL_A, 6, 3, 1, 3, 1, 1, "60.0"),
                tuple("MENTORING", SCHOOL_B, 3, 0, 0, 1, 0, 2, "33.3"));
        // the carer with mental health counts under both; "none" holds those with neither
        assertThat(lines(report.path("byCharacteristic"))).containsExactly(
                tuple("CAREERS_GUIDANCE_1TO1", MENTAL_HEALTH, 1, 0, 0, 0, 1, 0, "0.0"),
                tuple("CAREERS_GUIDANCE_1TO1", "none", 2, 1, 0, 2, 0, 0, "100.0"),
                tuple("MENTORING", CARER, 2, 1, 0, 2, 0, 0, "100.0"),
                tuple("MENTORING", MENTAL_HEALTH, 3, 3, 1, 2, 0, 0, "100.0"),
                tuple("MENTORING", "none", 5, 0, 0, 1, 1, 3, "20.0"));
        assertThat(r.getBody()).as("counts only: no young person named").doesNotContain(hubIds.get(eetB));
    }

    @Test
    @Order(4)
    void theDataTeamGetsTheSameReportAsCsvAndTrackingWorkersDoNotGetIt() {
        HttpHeaders accept = new HttpHeaders();
        accept.set(HttpHeaders.ACCEPT, "text/csv");
        String query = "/api/interventions/outcomes?from=" + TODAY.minusMonths(12) + "&to=" + TODAY;
        ResponseEntity<String> csv = http.withBasicAuth(ANALYST, USER_PASSWORD).exchange(query, HttpMethod.GET,
                new HttpEntity<>(accept), String.class);
        ResponseEntity<String> byFormat = http.withBasicAuth(ANALYST, USER_PASSWORD).getForEntity(query + "&format=csv",
                String.class);

        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getBody()).isEqualTo(byFormat.getBody());
        assertThat(csv.getBody().split("\r\n")).contains(
                "breakdown,intervention,intervention_label,group,group_label,offered,taken_up,too_soon,eet,neet,not_known,eet_rate",
                "intervention,MENTORING,Mentoring,,,9,3,1,4,1,3,50.0",
                "school,MENTORING,Mentoring," + SCHOOL_B + ",,3,0,0,1,0,2,33.3",
                "characteristic,MENTORING,Mentoring," + CARER + ",Carer not own child,2,1,0,2,0,0,100.0");
        assertThat(http.withBasicAuth(TRACKER, USER_PASSWORD).getForEntity(query, String.class).getStatusCode().value())
                .as("the report is the data team's").isEqualTo(403);
        System.out.printf("Intervention outcomes: 12 young people, 15 offers recorded; MENTORING 9 offered, 1 too soon, "
                + "4 EET six months on (50.0%%)%n");
    }

    @Test
    @Order(5)
    void theDataTeamReadsTheSameFiguresOnTheConsolePage() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String csrf = csrf(browser.send(page(port, "/login").GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> signedIn = browser.send(form(port, "/login", Map.of("username", ANALYST, "password", USER_PASSWORD,
                "_csrf", csrf)), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");

        HttpResponse<String> report = browser.send(page(port, "/interventions?from=" + TODAY.minusMonths(12) + "&to=" + TODAY)
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(report.statusCode()).isEqualTo(200);
        Matcher row = Pattern.compile("(?s)<table id=\"by-school\">.*?data-intervention=\"MENTORING\" data-group=\""
                + SCHOOL_B + "\">(.*?)</tr>").matcher(report.body());
        assertThat(row.find()).as("school B's mentoring line on the page").isTrue();
        assertThat(Pattern.compile("<td class=\"n\">([^<]*)</td>").matcher(row.group(1)).results().map(m -> m.group(1))
                .toList()).as("offered, taken up, too soon, EET, NEET, not known, rate").containsExactly("3", "0", "0", "1", "0",
                "2", "33.3");
        assertThat(report.body()).contains("href=\"/interventions\"");
    }

    // ---- the generated people

    /** A young person of this class in Year 13 now, of {@code school}. */
    private static YoungPerson yearThirteen(int n, String birthday, String school) {
        YoungPerson p = COHORT.get(n);
        LocalDate dob = ScenarioFeeds.bornInYearGroup(13, MonthDay.parse("--" + birthday), TODAY);
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), dob,
                p.gender(), p.postcode(), school, ScenarioFeeds.academicAge(dob, TODAY), false, false);
    }

    // ---- the hub's API

    private void offer(TestRestTemplate worker, YoungPerson p, String code, LocalDate on, String takenUp, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("offeredOn", on.toString());
        if (takenUp != null) {
            body.put("takenUp", takenUp);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        ResponseEntity<String> r = worker.postForEntity("/api/young-people/" + hubIds.get(p) + "/interventions", json(body),
                String.class);
        assertThat(r.getStatusCode().value()).as("%s offered: %s", code, r.getBody()).isEqualTo(201);
    }

    private String reasonsOf(YoungPerson p) {
        return "/api/young-people/" + hubIds.get(p) + "/disengagement-reasons";
    }

    /** Each line as intervention, group, offered, taken up, too soon, EET, NEET, not known, rate. */
    private static List<org.assertj.core.groups.Tuple> lines(JsonNode lines) {
        List<org.assertj.core.groups.Tuple> out = new ArrayList<>();
        lines.forEach(l -> out.add(tuple(l.path("intervention").asText(), l.path("group").isNull() ? null
                : l.path("group").asText(), l.path("offered").asInt(), l.path("takenUp").asInt(), l.path("tooSoon").asInt(),
                l.path("eet").asInt(), l.path("neet").asInt(), l.path("notKnown").asInt(),
                l.path("eetRate").isNull() ? null : l.path("eetRate").decimalValue().setScale(1).toPlainString())));
        return out;
    }

    private void addUser(String username, String role) {
        ResponseEntity<Map> added = api().postForEntity("/api/users", Map.of("username", username, "password", USER_PASSWORD,
                "roles", List.of(role)), Map.class);
        assertThat(added.getStatusCode().is2xxSuccessful()).as("user added: %s", added.getBody()).isTrue();
    }

    private double recorded(String code) {
        String text = api().getForObject("/actuator/prometheus", String.class);
        Matcher m = Pattern.compile("(?m)^hub_interventions_recorded_total\\{[^}]*code=\"" + code + "\"[^}]*} (\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
