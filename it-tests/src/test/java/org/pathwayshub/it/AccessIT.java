package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sign-in and roles (docs/access.md): users an admin adds, with roles from mappings/access/roles.yaml, each using only
 * its part of the API; passwords kept as bcrypt hashes; API tokens for machines; repeated failed sign-ins lock;
 * pages sign in with a form and out again; every sign-in and every read of a named young person is audited.
 * Seed 7012, YoungPersonsIDs of database 889 (SeparateCohort).
 */
@SuppressWarnings({"unchecked", "rawtypes"})
class AccessIT extends HubIntegrationTest {

    private static final String PASSWORD_OF_USERS = "a-long-test-password";

    @Autowired
    private JdbcTemplate hubDb;

    @LocalServerPort
    private int port;

    @Test
    void eachRoleUsesOnlyItsPartOfTheApiAndAReadOfAYoungPersonIsAudited() throws Exception {
        addUser("ops-ada", List.of("OPS"), null);
        addUser("data-ben", List.of("DATA_TEAM"), null);
        assertThat(hubDb.queryForObject("select password_hash from hub_user where username = 'ops-ada'", String.class))
                .as("kept as a bcrypt hash").startsWith("{bcrypt}$2");

        assertThat(as("ops-ada").getForEntity("/api/feeds", String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(as("ops-ada").getForEntity("/api/young-people?upn=A123", String.class).getStatusCode().value())
                .as("operations staff do not read young people").isEqualTo(403);
        assertThat(as("ops-ada").getForEntity("/api/users", String.class).getStatusCode().value()).isEqualTo(403);
        assertThat(as("data-ben").getForEntity("/api/nccis/returns/2026-13", String.class).getStatusCode().value())
                .as("the data team reaches the NCCIS API (and is told the period is wrong)").isEqualTo(400);
        assertThat(as("data-ben").getForEntity("/api/jobs", String.class).getStatusCode().value()).isEqualTo(403);
        assertThat(http.getForEntity("/api/feeds", String.class).getStatusCode().value()).as("nobody signed in").isEqualTo(401);

        // a young person read by the data team: who, whom, when
        List<YoungPerson> people = SeparateCohort.of(5, 7012, "889");
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path file = tempFile("nccis-access.xml");
        new NccisXmlFile(YoungPersonCohort.AS_AT, "889", "925", 7012).write(people, NameVariants.unchanged(), file,
                NccisXmlFile.Options.asSpecified(), List.of());
        assertThat(dropAndWait("nccis-xml", "nccis-access.xml", file).stored()).isEqualTo(people.size());
        Map<String, Object> person = as("data-ben").getForObject("/api/young-people?ypid=" + people.get(0).ypid(), Map.class);
        String hubId = (String) person.get("hubId");
        List<Map<String, Object>> reads = api().getForObject("/api/audit?hubId=" + hubId, List.class);
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0)).containsEntry("username", "data-ben").containsEntry("action", "read-young-person")
                .containsEntry("hubId", hubId).containsKey("at");
        assertThat(as("ops-ada").getForEntity("/api/young-people/" + hubId + "/risk", String.class).getStatusCode().value())
                .isEqualTo(403);
        assertThat((List<?>) api().getForObject("/api/audit?hubId=" + hubId, List.class)).as("a refused read is no read")
                .hasSize(1);
    }

    @Test
    void aRequestBodyLargerThanTheApiTakesIsRefusedWith413BeforeItIsRead() throws Exception {
        // a client declaring 51 MB: the answer comes before the body is sent, so none of it is read
        String auth = java.util.Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/referrals HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (51L * 1024 * 1024)
                    + "\r\nConnection: close\r\n\r\n[").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // read what comes until the answer's body is in (the server may hold the connection to drain the body)
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[4096];
            int n;
            while (!received.toString().contains("inbox\"}") && (n = socket.getInputStream().read(buffer)) > 0) {
                received.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            String answer = received.toString();
            assertThat(answer).startsWith("HTTP/1.1 413").contains("at most 52428800 bytes").contains("HUB_API_MAX_REQUEST_BYTES");
        }
    }

    @Test
    void aMachineUsesAnApiTokenWithItsUsersRolesUntilTheTokenIsRevoked() {
        addUser("careers-north-system", List.of("PARTNER"), "Careers North");
        ResponseEntity<Map> made = api().postForEntity("/api/users/careers-north-system/tokens", Map.of("name", "referrals"),
                Map.class);
        assertThat(made.getStatusCode().value()).isEqualTo(201);
        String token = (String) made.getBody().get("token");
        assertThat(token).startsWith("ph_");
        assertThat(hubDb.queryForObject("select count(*) from api_token where token_sha256 like ?", Integer.class, token))
                .as("only a hash of the token is kept").isZero();

        assertThat(bearer(token, "/api/referrals").getStatusCode().value()).isEqualTo(200);
        assertThat(bearer(token, "/api/feeds").getStatusCode().value()).as("a partner sees referrals only").isEqualTo(403);
        assertThat(bearer("ph_not-a-token", "/api/referrals").getStatusCode().value()).isEqualTo(401);
        List<Map<String, Object>> listed = api().getForObject("/api/users/careers-north-system/tokens", List.class);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).doesNotContainKey("token").containsKey("lastUsedAt");
        assertThat(listed.get(0).get("lastUsedAt")).isNotNull();

        api().delete("/api/users/careers-north-system/tokens/" + made.getBody().get("id"));
        assertThat(bearer(token, "/api/referrals").getStatusCode().value()).as("revoked").isEqualTo(401);
    }

    @Test
    void repeatedFailedSignInsLockTheNameUntilAnAdminUnlocksIt() {
        addUser("data-cal", List.of("DATA_TEAM"), null);
        for (int i = 0; i < 5; i++) {
            assertThat(http.withBasicAuth("data-cal", "not-the-password").getForEntity("/api/feeds", String.class)
                    .getStatusCode().value()).isEqualTo(401);
        }
        assertThat(as("data-cal").getForEntity("/api/feeds", String.class).getStatusCode().value())
                .as("locked: the right password does not help").isEqualTo(401);
        Map<String, Object> user = api().getForObject("/api/users/data-cal", Map.class);
        assertThat(user).containsEntry("locked", true);
        List<Map<String, Object>> events = api().getForObject("/api/audit?username=data-cal", List.class);
        assertThat(events).extracting(e -> e.get("action")).contains("sign-in-failed", "locked");

        api().postForEntity("/api/users/data-cal/unlock", null, Map.class);
        assertThat(as("data-cal").getForEntity("/api/feeds", String.class).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aBadRequestToAddAUserSaysWhichFieldAndWhy() {
        ResponseEntity<Map> shortPassword = api().postForEntity("/api/users", Map.of("username", "ops-dee", "password", "short",
                "roles", List.of("OPS")), Map.class);
        assertThat(shortPassword.getStatusCode().value()).isEqualTo(400);
        assertThat((String) shortPassword.getBody().get("message")).startsWith("password: expected at least 12 characters");
        ResponseEntity<Map> unknownRole = api().postForEntity("/api/users", Map.of("username", "ops-dee",
                "password", PASSWORD_OF_USERS, "roles", List.of("SUPERUSER")), Map.class);
        assertThat((String) unknownRole.getBody().get("message")).startsWith("roles: expected one or more of [ADMIN, DATA_TEAM, OPS, PARTNER, TRACKING]")
                .contains("SUPERUSER");
    }

    @Test
    void operationsStaffOpenHawtioAndSeeTheCamelRoutesTheDataTeamDoesNot() {
        addUser("ops-hal", List.of("OPS"), null);
        addUser("data-ida", List.of("DATA_TEAM"), null);
        ResponseEntity<String> console = as("ops-hal").getForEntity("/actuator/hawtio/index.html", String.class);
        assertThat(console.getStatusCode().value()).isEqualTo(200);
        assertThat(console.getBody()).containsIgnoringCase("hawtio");
        ResponseEntity<String> routes = as("ops-hal").getForEntity(
                "/actuator/hawtio/jolokia/search/org.apache.camel:type=routes,*", String.class);
        assertThat(routes.getStatusCode().value()).isEqualTo(200);
        assertThat(routes.getBody()).as("the hub's Camel routes over JMX").contains("feed-school-census");
        assertThat(as("data-ida").getForEntity("/actuator/hawtio/index.html", String.class).getStatusCode().value())
                .isEqualTo(403);
    }

    @Test
    void theApiIsDocumentedWithItsTitleTheWaysToSignInAndTheReferralBody() throws Exception {
        com.fasterxml.jackson.databind.JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                api().getForObject("/api/openapi", String.class));
        assertThat(api.path("info").path("title").asText()).isEqualTo("Pathways Hub API");
        assertThat(api.path("info").path("description").asText()).contains("roles.yaml");
        assertThat(api.path("components").path("securitySchemes").path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(api.path("components").path("securitySchemes").path("token").path("scheme").asText()).isEqualTo("bearer");
        com.fasterxml.jackson.databind.JsonNode body = api.path("paths").path("/api/referrals").path("post").path("requestBody")
                .path("content").path("application/json").path("schema");
        assertThat(body.path("type").asText()).as("not string/byte: %s", body).isEqualTo("array");
        assertThat(body.path("items").path("$ref").asText()).endsWith("/Referral");
        assertThat(api.path("components").path("schemas").path("Referral").path("required").toString())
                .contains("referralId", "toService", "consent");
    }

    /** Fails when a call is added without an @Operation summary, or in a class without a described @Tag. */
    @Test
    void everyCallInTheApiDocumentSaysWhatItDoesUnderATagThatSaysWhatItIsFor() throws Exception {
        JsonNode api = new ObjectMapper().readTree(api().getForObject("/api/openapi", String.class));
        Map<String, String> tags = new TreeMap<>();
        api.path("tags").forEach(tag -> tags.put(tag.path("name").asText(), tag.path("description").asText()));
        Set<String> methods = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
        List<String> calls = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!methods.contains(operation.getKey())) {
                    continue;
                }
                String call = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                calls.add(call);
                if (operation.getValue().path("summary").asText().isBlank()) {
                    undocumented.add(call + ": no summary");
                }
                JsonNode itsTags = operation.getValue().path("tags");
                if (itsTags.isEmpty()) {
                    undocumented.add(call + ": no tag");
                }
                itsTags.forEach(tag -> {
                    if (tags.getOrDefault(tag.asText(), "").isBlank()) {
                        undocumented.add(call + ": tag '" + tag.asText() + "' has no description");
                    }
                });
            }
        }
        assertThat(calls).as("the document lists the API").contains("GET /api/feeds", "POST /api/referrals",
                "GET /api/young-people/{hubId}", "GET /api/nccis/returns/{period}");
        assertThat(undocumented).as("each call needs @Operation(summary = ...) and a class-level @Tag with a description")
                .isEmpty();
    }

    @Test
    void aPersonSignsInWithTheFormAndOutAgainAndBothAreAudited() throws Exception {
        addUser("ops-eve", List.of("OPS"), null);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> loginPage = browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        String csrf = csrf(loginPage.body());
        HttpResponse<String> signedIn = browser.send(post("/login", Map.of("username", "ops-eve", "password", PASSWORD_OF_USERS,
                "_csrf", csrf)), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        HttpResponse<String> home = browser.send(get("/"), HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"signed-in-as\">ops-eve</strong>");

        HttpResponse<String> signedOut = browser.send(post("/logout", Map.of("_csrf", csrf(home.body()))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedOut.headers().firstValue("Location").orElseThrow()).contains("/login?logout");
        HttpResponse<String> after = browser.send(get("/"), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("signed out").isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).contains("/login");
        List<Map<String, Object>> events = api().getForObject("/api/audit?username=ops-eve", List.class);
        assertThat(events).extracting(e -> e.get("action")).containsSubsequence("sign-out", "sign-in");
    }

    private void addUser(String username, List<String> roles, String organisation) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("username", username, "password", PASSWORD_OF_USERS,
                "roles", roles));
        if (organisation != null) {
            body.put("organisation", organisation);
        }
        ResponseEntity<Map> r = api().postForEntity("/api/users", body, Map.class);
        assertThat(r.getStatusCode().value()).as("add %s: %s", username, r.getBody()).isEqualTo(201);
    }

    private org.springframework.boot.test.web.client.TestRestTemplate as(String username) {
        return http.withBasicAuth(username, PASSWORD_OF_USERS);
    }

    private ResponseEntity<String> bearer(String token, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }

    private HttpRequest post(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("the form carries a CSRF token").isTrue();
        return m.group(1);
    }
}
