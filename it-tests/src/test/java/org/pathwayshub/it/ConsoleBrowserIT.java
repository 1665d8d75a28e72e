package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.GeneratedPeople;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/**
 * The console in a real browser (headless Chromium driven by Selenium; Debian's chromium and chromium-driver, which
 * .ci/run installs): a data team member signs in, sees which feed had rejects and why, narrows them down, lists the
 * RED pupils of one school, and signs out; operations staff cannot open the young people's page. Screenshots go to
 * target/console-screenshots/. The pupils are generated (seed 63, LA 890, school 8904001).
 */
class ConsoleBrowserIT extends HubIntegrationTest {

    private static final String CHROMIUM = System.getProperty("hub.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("hub.chromedriver", "/usr/bin/chromedriver");
    private static final String SCHOOL = "8904001";
    private static final String PASSWORD = "a-long-browser-password";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @LocalServerPort
    private int port;

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.jdbc.core.JdbcTemplate hubDb;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        assertThat(Path.of(CHROMIUM)).as("headless Chromium for the browser tests: apt-get install chromium chromium-driver "
                + "(.ci/run does it)").exists();
        assertThat(Path.of(CHROMEDRIVER)).as("chromedriver: apt-get install chromium-driver").exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theDataTeamFindsTheRejectsOfAFeedAndTheRedPupilsOfOneSchool() throws Exception {
        addUser("data-fay", "DATA_TEAM");
        addUser("ops-gus", "OPS");
        // pupils of one school: half of those in Years 8 to 11 (RONI's years) with free school meals and an EHC plan
        // (RONI 4: RED); two rows broken
        List<Pupil> pupils = new ArrayList<>();
        Set<String> red = new TreeSet<>();
        int i = 0;
        List<Pupil> generated = new ArrayList<>();
        // living in NM2: their RISK_RAISED alerts go to careers-north's webhook, through the broker
        GeneratedPeople.pupils(new SyntheticCohort(31, 63, "890", LocalDate.of(2026, 10, 1), List.of("NM2"))).forEach(generated::add);
        String correctedUpn = generated.remove(30).upn();  // the UPN the broken row should have had
        for (Pupil p : generated) {
            boolean atRisk = p.ncYear() >= 8 && i++ % 2 == 0;
            pupils.add(new Pupil(p.upn(), p.forename(), "", p.surname(), p.dob(), p.gender(), p.postcode(), SCHOOL,
                    p.ncYear(), atRisk, atRisk ? 'E' : 'N', "ENG", 0.97, 0.0));
            if (atRisk) {
                red.add(p.surname() + " " + p.forename());
            }
        }
        List<String> lines = new ArrayList<>(List.of(CohortFiles.CENSUS_HEADER));
        pupils.forEach(p -> lines.add(CohortFiles.censusRow(p, LocalDate.of(2026, 10, 1))));
        lines.add("NOTAUPN,Broken,,Row,2011-01-01,F,NM7 1AA," + SCHOOL + ",10,false,N,ENG,2026-10-01");
        lines.add("X890ALSOBAD,Second,,Row,2011-01-02,M,NM7 1AA," + SCHOOL + ",10,false,N,ENG,2026-10-01");
        Path census = tempFile("census-console.csv");
        Files.write(census, lines);
        FeedController.RunView run = dropAndWait("school-census", "census-console.csv", census);
        assertThat(run.quarantined()).isEqualTo(2);

        signIn("data-fay");
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).isEqualTo("data-fay");
        WebElement feedRow = browser.findElement(By.cssSelector("#feeds tr[data-feed='school-census']"));
        screenshot("1-feeds");
        feedRow.findElement(By.cssSelector("a.rejects")).click();

        List<WebElement> rejects = browser.findElements(By.cssSelector("#rejects tbody tr"));
        assertThat(rejects).hasSize(2);
        assertThat(rejects.get(0).getText()).contains("NOTAUPN").contains("UPN");
        screenshot("2-rejects");
        browser.findElement(By.id("q")).sendKeys("X890ALSOBAD");
        browser.findElement(By.cssSelector("form.filter button")).click();
        waitFor(d -> d.getCurrentUrl().contains("q=X890ALSOBAD"));
        assertThat(browser.findElements(By.cssSelector("#rejects tbody tr"))).singleElement()
                .satisfies(r -> assertThat(r.getText()).contains("X890ALSOBAD"));
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).endsWith("/issues.csv");

        // correct the first broken row's UPN and replay it: stored by a run of its own
        browser.findElement(By.id("q")).clear();
        browser.findElement(By.cssSelector("form.filter button")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("q="));
        browser.findElements(By.cssSelector("#rejects tbody tr")).get(0).findElement(By.cssSelector("a.open")).click();
        waitFor(d -> d.getCurrentUrl().contains("/quarantine/"));
        assertThat(browser.findElement(By.id("problems")).getText()).contains("UPN");
        WebElement upn = browser.findElement(By.id("value-UPN"));
        upn.clear();
        upn.sendKeys(correctedUpn);
        screenshot("3-correct");
        browser.findElement(By.id("replay-button")).click();
        waitFor(d -> d.getCurrentUrl().contains("/runs/"));
        assertThat(browser.findElement(By.cssSelector(".message")).getText()).contains("replayed: stored in run");
        assertThat(api().getForEntity("/api/young-people?upn=" + correctedUpn, Map.class).getStatusCode().value())
                .as("the corrected record is stored").isEqualTo(200);
        Map<?, ?> first = api().getForObject("/api/feeds/school-census/quarantine/" + rejectIds(run).get(0), Map.class);
        assertThat(first.get("state")).isEqualTo("REPLAYED");
        assertThat(first.get("decidedBy")).isEqualTo("data-fay");

        // the second is closed with a reason, through the page
        browser.get(url("/feeds/school-census/quarantine/" + rejectIds(run).get(1)));
        browser.findElement(By.id("reason")).sendKeys("a test row the school sent by mistake");
        browser.findElement(By.id("close-button")).click();
        waitFor(d -> d.getCurrentUrl().contains("/runs/"));
        assertThat(browser.findElement(By.cssSelector(".message")).getText()).contains("closed: a test row");
        Map<?, ?> second = api().getForObject("/api/feeds/school-census/quarantine/" + rejectIds(run).get(1), Map.class);
        assertThat(second.get("state")).isEqualTo("DISMISSED");
        assertThat(api().postForEntity("/api/feeds/school-census/quarantine/" + rejectIds(run).get(1) + "/replay", Map.of(),
                Map.class).getStatusCode().value()).as("a closed record is not replayed").isEqualTo(409);

        browser.get(url("/young-people"));
        new Select(browser.findElement(By.id("band"))).selectByValue("RED");
        new Select(browser.findElement(By.id("school"))).selectByValue(SCHOOL);
        browser.findElement(By.id("apply")).click();
        waitFor(d -> d.getCurrentUrl().contains("band=RED"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#young-people tbody tr"));
        Set<String> listed = new TreeSet<>();
        for (WebElement row : rows) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            listed.add(cells.get(0).getText() + " " + cells.get(1).getText());
            assertThat(cells.get(3).getText()).isEqualTo(SCHOOL);
            assertThat(cells.get(6).getText()).isEqualTo("RED");
        }
        assertThat(red).isNotEmpty();
        assertThat(listed).as("exactly the RED pupils of the school").isEqualTo(red);
        screenshot("4-red-pupils");

        // the same list as CSV, fetched the way the page's link is followed, in the signed-in session
        String csv = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "fetch(arguments[0]).then(r => r.text()).then(arguments[arguments.length - 1])",
                browser.findElement(By.id("export")).getAttribute("href"));
        List<String> csvLines = csv.lines().toList();
        assertThat(csvLines.get(0)).startsWith("hubId,familyName,givenName,dob,school,yearGroup,activity");
        assertThat(csvLines).as("a header and a row per RED pupil").hasSize(red.size() + 1);

        // find one of them by name: family name and given name, in any case
        String someone = red.iterator().next();
        browser.get(url("/young-people"));
        browser.findElement(By.id("q")).sendKeys(someone.toUpperCase(java.util.Locale.ROOT));
        browser.findElement(By.id("apply")).click();
        waitFor(d -> d.getCurrentUrl().contains("q="));
        // everyone of that name (the shared test hub holds other classes' generated pupils, and names repeat)
        assertThat(browser.findElements(By.cssSelector("#young-people tbody tr"))).isNotEmpty().allSatisfy(r -> {
            List<WebElement> cells = r.findElements(By.tagName("td"));
            assertThat(cells.get(0).getText() + " " + cells.get(1).getText()).isEqualTo(someone);
        });

        // the charts: the school's bar of RONI bands counts its RED pupils
        browser.get(url("/charts"));
        WebElement schoolBar = browser.findElement(By.cssSelector("#bands-by-school .bar-row[data-label='" + SCHOOL + "']"));
        assertThat(schoolBar.findElement(By.cssSelector(".segment[data-part='RED']")).getAttribute("data-value"))
                .isEqualTo(String.valueOf(red.size()));
        assertThat(browser.findElements(By.cssSelector("#throughput .bar-row"))).as("the census's day").isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#neet-trend, #alerts-by-type"))).hasSize(2);
        screenshot("4b-charts");
        browser.get(url("/referrals"));
        assertThat(browser.findElements(By.cssSelector("#report thead th"))).as("the partner report opens").isNotEmpty();
        assertThat(browser.findElements(By.id("referral-outcomes"))).hasSize(1);
        browser.get(url("/identity"));
        assertThat(browser.findElements(By.id("reviews"))).as("the identity review list opens").hasSize(1);
        assertThat(browser.findElements(By.cssSelector("header a[href='/users']"))).as("no users link for the data team").isEmpty();
        browser.get(url("/"));
        assertThat(browser.findElements(By.id("routes"))).as("routes are for operations staff").isEmpty();
        browser.findElement(By.id("sign-out")).click();
        waitFor(d -> d.getCurrentUrl().contains("/login?logout"));

        // operations staff read the same in Prometheus: records per feed and outcome, alerts raised and delivered
        String metrics = http.withBasicAuth("ops-gus", PASSWORD).getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).containsPattern("hub_feed_records_total\\{[^}]*feed=\"school-census\",outcome=\"quarantined\"} [1-9]")
                .containsPattern("hub_feed_records_total\\{[^}]*feed=\"school-census\",outcome=\"stored\"} [1-9]")
                .containsPattern("hub_alerts_raised_total\\{[^}]*type=\"RISK_RAISED\"} [1-9]")
                .contains("hub_alerts_waiting{").contains("hub_alerts_dead{").contains("hub_reassessment_waiting{");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> http.withBasicAuth("ops-gus", PASSWORD)
                .getForObject("/actuator/prometheus", String.class).contains("hub_alerts_delivered_total{"));

        signIn("ops-gus");
        assertThat(browser.findElements(By.cssSelector("#feeds tbody tr"))).isNotEmpty();
        browser.get(url("/alerts?type=RISK_RAISED&state=DELIVERED"));
        List<WebElement> alertRows = browser.findElements(By.cssSelector("#alerts tbody tr"));
        assertThat(alertRows).as("the RED pupils' alerts, delivered").isNotEmpty();
        assertThat(alertRows).allSatisfy(r -> assertThat(r.getText()).contains("RISK_RAISED").contains("DELIVERED"));
        browser.get(url("/feeds/school-census"));
        assertThat(browser.findElements(By.cssSelector("#runs tbody tr"))).as("the feed's runs, the replay's among them")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.findElement(By.id("runs")).getText()).contains("quarantined record");

        // a delivery the broker gave up on (marked DEAD as its dead-letter route does, rather than waiting out the
        // redeliveries) is replayed from the console and made again on its channel
        Long dead = hubDb.queryForObject("""
                select d.id from alert_delivery d join alert a on a.id = d.alert_id
                where d.state = 'DELIVERED' and d.channel in ('queue', 'webhook') and a.school = ? order by d.id limit 1""",
                Long.class, SCHOOL);
        hubDb.update("update alert_delivery set state = 'DEAD', delivered_at = null, last_error = 'the broker gave up "
                + "redelivering (set by the test)' where id = ?", dead);
        browser.get(url("/dead-letters"));
        browser.findElement(By.cssSelector("#dead-letters tr[data-delivery='" + dead + "'] button.replay")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".message")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".message")).getText()).contains("sent again");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "DELIVERED".equals(
                hubDb.queryForObject("select state from alert_delivery where id = ?", String.class, dead)));
        List<Map<String, Object>> done = api().getForObject("/api/audit?username=ops-gus", List.class);
        assertThat(done).anySatisfy(e -> assertThat(e).containsEntry("action", "dead-letter-replayed")
                .containsEntry("detail", "alert delivery " + dead));
        browser.get(url("/young-people"));
        assertThat(browser.getPageSource()).as("operations staff do not see young people").contains("403");
        assertThat(browser.findElements(By.id("young-people"))).isEmpty();
        screenshot("5-ops-refused");
    }

    @Test
    void operationsStaffStopAndStartARouteAndAnAdminAddsAndDisablesAUser() throws Exception {
        addUser("ops-kit", "OPS");
        addUser("admin-ida", "ADMIN");

        signIn("ops-kit");
        String route = "delivery-summary";
        WebElement row = browser.findElement(By.cssSelector("#routes tr[data-route='" + route + "']"));
        assertThat(row.getText()).contains("running");
        row.findElement(By.cssSelector("button.stop")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".message")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".message")).getText()).contains(route).contains("stopped");
        assertThat(camel.getRouteController().getRouteStatus(route).isStopped()).isTrue();
        screenshot("6-route-stopped");
        browser.findElement(By.cssSelector("#routes tr[data-route='" + route + "'] button.start")).click();
        waitFor(d -> d.findElement(By.cssSelector(".message")).getText().contains("running"));
        assertThat(camel.getRouteController().getRouteStatus(route).isStarted()).isTrue();
        List<Map<String, Object>> done = api().getForObject("/api/audit?username=ops-kit", List.class);
        assertThat(done).extracting(e -> e.get("action")).contains("route-stopped", "route-started");
        assertThat(browser.findElements(By.cssSelector("header a[href='/young-people']"))).as("no young people for OPS").isEmpty();
        browser.findElement(By.id("sign-out")).click();
        waitFor(d -> d.getCurrentUrl().contains("/login?logout"));

        signIn("admin-ida");
        browser.get(url("/users"));
        browser.findElement(By.id("new-username")).sendKeys("partner-jo");
        browser.findElement(By.id("new-password")).sendKeys("a-partner-password-long");
        browser.findElement(By.id("new-organisation")).sendKeys("careers-north");
        browser.findElement(By.id("role-PARTNER")).click();
        browser.findElement(By.id("add")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".message")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#users tr[data-user='partner-jo']")).getText())
                .contains("PARTNER").contains("careers-north").contains("enabled");
        browser.findElement(By.cssSelector("#users tr[data-user='partner-jo'] button.toggle")).click();
        waitFor(d -> d.findElement(By.cssSelector("#users tr[data-user='partner-jo']")).getText().contains("disabled"));
        screenshot("7-users");
        assertThat(http.withBasicAuth("partner-jo", "a-partner-password-long").getForEntity("/api/referrals", String.class)
                .getStatusCode().value()).as("a disabled user cannot sign in").isEqualTo(401);
    }

    private List<Long> rejectIds(FeedController.RunView run) {
        return rejects("school-census", run.id()).stream().map(r -> ((Number) r.get("quarantineId")).longValue()).toList();
    }

    /** Waits for the browser to reach a page (a click's navigation ends after the click returns). */
    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        // a form posts and the page loads again: an element read just before that is gone, so look again
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    private void signIn(String username) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(d -> !d.getCurrentUrl().contains("/login"));
    }

    private void addUser(String username, String role) {
        ResponseEntity<Map> r = api().postForEntity("/api/users", Map.of("username", username, "password", PASSWORD,
                "roles", List.of(role)), Map.class);
        assertThat(r.getStatusCode().value()).as("add %s", username).isEqualTo(201);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
