package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathwayshub.access.Roles;
import org.pathwayshub.testdata.ReferralsJson;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Drill 7 of issue 17, access: every role, an API token of each, and nobody signed in, against every call of the API
 * and every page of the console, as the expected-access table {@value #MATRIX} lists them (docs/access.md). The calls
 * are taken from the running hub's own request mappings, so a call added without a row in the table fails here, and
 * a row whose call has gone fails too.
 *
 * <p>Refused: 401 for nobody signed in on the API, a redirect to the sign-in form for a page; 403 for a signed-in
 * user. Allowed: anything but those and a 5xx (a 400, 404 or 415 from the harmless values sent is the call reached).
 * The hub is shared with the other test classes, so an allowed call must change nothing: path variables name nothing
 * that exists, and a body is sent as text/plain, which a call reading JSON refuses (415) before it does anything.
 * Rows whose allowed side would still act (no path variable, no body) say so and are checked refused-only.
 *
 * <p>Reserved for this class: seed 7401 and LA number 902.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessDrillIT extends HubIntegrationTest {

    static final String MATRIX = "it-tests/src/test/resources/access-matrix.csv";
    private static final String ANONYMOUS = "ANONYMOUS";
    private static final String USER_PASSWORD = "drill-7-password-not-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Harmless values for path variables, by name: each names nothing the hub holds. */
    private static final Map<String, String> PLACEHOLDERS = Map.ofEntries(
            Map.entry("feedId", "no-such-feed"), Map.entry("runId", "999999999"), Map.entry("id", "999999999"),
            Map.entry("deliveryId", "999999999"), Map.entry("hubId", "00000000-0000-4000-8000-000000000902"),
            Map.entry("username", "no-such-user"), Map.entry("name", "no-such-job"), Map.entry("routeId", "no-such-route"),
            Map.entry("period", "2026-13"), Map.entry("year", "1900"));

    @Autowired
    private ApplicationContext context;

    @Autowired
    private Roles roles;

    @LocalServerPort
    private int port;

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Expected access: a row of the table. */
    record Row(int line, String method, String path, Map<String, Boolean> allowed, String servedBy, String probe, String why) {

        boolean api() {
            return path.startsWith("/api/") || path.startsWith("/actuator");
        }

        boolean refusedOnly() {
            return "refused-only".equals(probe);
        }

        String call() {
            return method + " " + path;
        }
    }

    private List<String> columns;
    private List<Row> rows;

    @BeforeAll
    void readTheMatrix() throws IOException {
        rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(MATRIX), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = List.of(line.split(",", -1));
            if (columns == null) {
                columns = cells;
                continue;
            }
            assertThat(cells).as("%s line %d: a cell for each of %s", MATRIX, i + 1, columns).hasSize(columns.size());
            Map<String, Boolean> allowed = new LinkedHashMap<>();
            for (String who : principals()) {
                String cell = cells.get(columns.indexOf(who));
                assertThat(cell).as("%s line %d, %s: Y (allowed) or - (refused)", MATRIX, i + 1, who).isIn("Y", "-");
                allowed.put(who, cell.equals("Y"));
            }
            rows.add(new Row(i + 1, cells.get(0), cells.get(1), allowed, cells.get(columns.indexOf("served by")),
                    cells.get(columns.indexOf("probe")), cells.get(columns.indexOf("why"))));
        }
    }

    /** Nobody signed in, then the roles in the table's order. */
    private List<String> principals() {
        return columns.subList(columns.indexOf(ANONYMOUS), columns.indexOf("served by"));
    }

    @Test
    void theTableListsEveryCallTheHubAnswersAndEveryRoleOfRolesYaml() {
        assertThat(new TreeSet<>(principals().subList(1, principals().size())))
                .as("%s has a column for each role of %s", MATRIX, Roles.FILE).isEqualTo(new TreeSet<>(roles.names()));
        Set<String> mapped = mappedCalls();
        Set<String> listed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            if (!listed.add(row.call())) {
                problems.add(MATRIX + " line " + row.line() + ": " + row.call() + " listed twice");
            }
            if (row.servedBy().equals("controller") && !mapped.contains(row.call())) {
                problems.add(MATRIX + " line " + row.line() + ": " + row.call() + " is listed but the hub maps no such call");
            }
        }
        for (String call : mapped) {
            if (!listed.contains(call)) {
                problems.add("endpoint " + call + " has no expected access listed in " + MATRIX);
            }
        }
        assertThat(problems).as("calls the hub maps (its request mappings) against %s", MATRIX).isEmpty();
    }

    @Test
    void everyRoleAndNobodyGetsWhatTheTableSaysOfEveryCallAndPage() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, HttpClient> browsers = new LinkedHashMap<>();
        Map<String, String> csrf = new HashMap<>();
        for (String role : roles.names()) {
            String user = userFor(role);
            addUser(user, role);
            tokens.put(role, token(user));
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            csrf.put(role, signIn(browser, user));
            browsers.put(role, browser);
        }
        // nobody signed in, but with a session and its CSRF token as the sign-in form gives: a refused form is then
        // refused for want of a sign-in, not for want of the token
        HttpClient stranger = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String strangersCsrf = csrf(stranger.send(request("/login", Map.of()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        int allowedChecked = 0;
        int refusedChecked = 0;
        int skipped = 0;
        for (Row row : rows) {
            for (String who : principals()) {
                boolean allowed = row.allowed().get(who);
                if (allowed && row.refusedOnly()) {
                    skipped++;
                    continue;
                }
                List<Probe> probes = new ArrayList<>();
                if (who.equals(ANONYMOUS)) {
                    probes.add(new Probe("nobody signed in", row.api() ? send(client, row, Map.of(), null)
                            : send(stranger, row, Map.of(), strangersCsrf)));
                } else if (row.api()) {
                    probes.add(new Probe("HTTP Basic", send(client, row, Map.of("Authorization", "Basic "
                            + Base64.getEncoder().encodeToString((userFor(who) + ":" + USER_PASSWORD)
                            .getBytes(StandardCharsets.UTF_8))), null)));
                    probes.add(new Probe("API token", send(client, row, Map.of("Authorization", "Bearer " + tokens.get(who)),
                            null)));
                } else {
                    probes.add(new Probe("signed-in page", send(browsers.get(who), row, Map.of(), csrf.get(who))));
                }
                for (Probe probe : probes) {
                    checked++;
                    if (allowed) {
                        allowedChecked++;
                    } else {
                        refusedChecked++;
                    }
                    String problem = judge(row, who, allowed, probe.response());
                    if (problem != null) {
                        wrong.add(row.call() + " as " + who + " (" + probe.how() + ", " + MATRIX + " line " + row.line()
                                + "): " + problem);
                    }
                }
            }
        }
        System.out.printf("Access drill: %d calls and pages, %d checks of (who, call): %d refused, %d allowed; "
                + "%d allowed sides not called (they would act)%n", rows.size(), checked, refusedChecked, allowedChecked, skipped);
        assertThat(wrong).as("each call answers as %s says", MATRIX).isEmpty();
        assertThat(checked).as("the drill checked something").isGreaterThan(rows.size() * principals().size());
    }

    /**
     * A partner reads only its own organisation's referrals: every call on one referral answers a stranger's
     * partner 404, as if it did not exist, while the sender reads it; the stranger's list leaves it out.
     */
    @Test
    void aPartnerCannotReachAReferralOfAnotherOrganisationByAnyCallOnIt() throws Exception {
        YoungPerson p = SeparateCohort.of(3, 7401, "902").stream().filter(y -> y.upn() != null).findFirst().orElseThrow();
        String referralRef = "DRILL7-" + p.upn();
        String body = ReferralsJson.toJson(new ReferralsJson.Referral(referralRef, "NORTHMOOR-TRACKING", "Tracking adviser",
                "careers-south", new ReferralsJson.Person(p.upn(), null, null, p.givenName(), p.familyName(),
                p.dob().toString(), null), "Not known for three months", "SOFT", List.of(),
                new ReferralsJson.Consent(true, LocalDate.now().toString(), "careers guidance"), null));
        HttpResponse<String> taken = client.send(request("/api/referrals", adminAuth()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(taken.statusCode()).as("POST /api/referrals: %s", taken.body()).isEqualTo(202);
        JsonNode listed = JSON.readTree(client.send(request("/api/referrals?fromOrg=NORTHMOOR-TRACKING&size=1000", adminAuth())
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        String id = null;
        for (JsonNode r : listed) {
            if (referralRef.equals(r.path("referralId").asText())) {
                id = r.path("id").asText();
            }
        }
        assertThat(id).as("referral %s listed", referralRef).isNotNull();
        addUser("drill7-partner-sender", "PARTNER", "NORTHMOOR-TRACKING");
        addUser("drill7-partner-stranger", "PARTNER", "SCHOOL-9029999");
        Map<String, String> sender = basic("drill7-partner-sender");
        Map<String, String> stranger = basic("drill7-partner-stranger");

        List<String> onOneReferral = mappedCalls().stream().filter(c -> c.contains(" /api/referrals/{id}")).toList();
        assertThat(onOneReferral).as("calls on one referral").contains("GET /api/referrals/{id}");
        List<String> leaked = new ArrayList<>();
        for (String call : onOneReferral) {
            String method = call.substring(0, call.indexOf(' '));
            String path = call.substring(call.indexOf(' ') + 1).replace("{id}", id);
            // a step a partner could record: had the stranger reached it, it would be refused (400) or taken, not 404
            HttpResponse<String> answer = client.send(request(path, stranger).header("Content-Type", "application/json")
                    .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString("{\"state\":\"ACCEPTED\",\"note\":\"drill 7\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 404) {
                leaked.add(call + " answered a stranger " + answer.statusCode() + ": " + answer.body());
            }
        }
        assertThat(leaked).as("another organisation's referral, to a partner").isEmpty();
        assertThat(client.send(request("/api/referrals/" + id, sender).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("the sender reads its own referral").isEqualTo(200);
        JsonNode strangers = JSON.readTree(client.send(request("/api/referrals?size=1000", stranger).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(strangers.findValuesAsText("referralId")).as("the stranger's list").doesNotContain(referralRef);
    }

    private record Probe(String how, HttpResponse<String> response) {
    }

    /** Null when the answer is what the table expects; else what was wrong. */
    private static String judge(Row row, String who, boolean allowed, HttpResponse<String> r) {
        int status = r.statusCode();
        String location = r.headers().firstValue("Location").orElse("");
        boolean toSignIn = status == 302 && location.contains("/login");
        if (!allowed) {
            int expected = who.equals(ANONYMOUS) ? (row.api() ? 401 : 302) : 403;
            if (status != expected || (expected == 302 && !toSignIn)) {
                return "expected refused (" + (expected == 302 ? "a redirect to /login" : expected) + "), got " + status
                        + (location.isEmpty() ? "" : " to " + location);
            }
            return null;
        }
        if (status == 401 || status == 403 || toSignIn) {
            return "expected allowed, got " + status + (location.isEmpty() ? "" : " to " + location) + ": " + shorter(r.body());
        }
        if (status >= 500 && !row.why().contains("5xx")) {
            return "allowed but failed with " + status + ": " + shorter(r.body());
        }
        return null;
    }

    private HttpResponse<String> send(HttpClient http, Row row, Map<String, String> headers, String csrf) throws Exception {
        String path = row.probe().startsWith("/") ? row.probe() : withPlaceholders(row.path());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (!row.method().equals("GET")) {
            if (csrf != null) {
                // a page's form: its CSRF token and nothing else, so the call stops at its missing fields or unknown id
                b.header("Content-Type", "application/x-www-form-urlencoded");
                body = HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
            } else {
                // not JSON: a call that reads a body refuses it (415) before it changes anything
                b.header("Content-Type", "text/plain");
                body = HttpRequest.BodyPublishers.ofString("drill 7: not a request body");
            }
        }
        return http.send(b.method(row.method(), body).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String withPlaceholders(String pattern) {
        Matcher m = Pattern.compile("\\{\\*?([^}]+)}").matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(PLACEHOLDERS.getOrDefault(m.group(1), "no-such-" + m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString().replace("/**", "/no-such-page");
    }

    /** Every call the hub's request mappings answer (its controllers, actuator and API document), as "METHOD /path". */
    private Set<String> mappedCalls() {
        Set<String> calls = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<String> methods = new TreeSet<>();
                info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
                if (methods.isEmpty()) {
                    // mapped for every method: GET is the one a browser or client uses
                    methods.add("GET");
                }
                for (String pattern : info.getPatternValues()) {
                    methods.forEach(method -> calls.add(method + " " + pattern));
                }
            }
        }
        return calls;
    }

    private static String userFor(String role) {
        return "drill7-" + role.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void addUser(String username, String role) throws Exception {
        // a partner acts for an organisation; one with none is refused everything (PartnerScope)
        addUser(username, role, role.equals("PARTNER") ? "DRILL7-PARTNER" : null);
    }

    private void addUser(String username, String role, String organisation) throws Exception {
        Map<String, Object> user = new LinkedHashMap<>(Map.of("username", username, "password", USER_PASSWORD,
                "roles", List.of(role)));
        if (organisation != null) {
            user.put("organisation", organisation);
        }
        HttpResponse<String> r = client.send(request("/api/users", adminAuth()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("add %s: %s", username, r.body()).isEqualTo(201);
    }

    private String token(String username) throws Exception {
        HttpResponse<String> r = client.send(request("/api/users/" + username + "/tokens", adminAuth())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"drill-7\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("token for %s: %s", username, r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("token").asText();
    }

    /** Signs in with the form; answers the session's CSRF token, which the pages' forms send. */
    private String signIn(HttpClient browser, String username) throws Exception {
        HttpResponse<String> form = browser.send(request("/login", Map.of()).GET().build(), HttpResponse.BodyHandlers.ofString());
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(USER_PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf(form.body()), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(request("/login", Map.of())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).as("%s signed in", username)
                .doesNotContain("error").isNotEmpty();
        HttpResponse<String> home = browser.send(request("/", Map.of()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).as("%s lands on the home page", username).isEqualTo(200);
        return csrf(home.body());
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("the form carries a CSRF token").isTrue();
        return m.group(1);
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        return b;
    }

    private static Map<String, String> adminAuth() {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> basic(String username) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((username + ":" + USER_PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static String shorter(String body) {
        String one = body == null ? "" : body.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
