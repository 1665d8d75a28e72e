package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathwayshub.PathwaysHub;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.reassessment.Reassessment;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.testdata.GeneratedPeople;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Risk and alerts behind the change feed, on a hub of its own whose reassessment workers are switched off, so that the
 * test plays the workers itself: a census commits its facts and puts its pupils on the change feed without scoring
 * anyone; the backlog shows in the API and in Prometheus; two consumers taking batches at once (as two nodes would)
 * assess every pupil exactly once and raise each alert once; and a young person whose assessment keeps failing is
 * tried again alone and then set aside, without holding up anyone else.
 */
@SpringBootTest(classes = PathwaysHub.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability  // the Prometheus endpoint, as the hub serves it outside tests
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReassessmentIT {

    private static final String ADMIN = "reassessment-admin";
    private static final String PASSWORD = "reassessment-password-not-secret";
    private static final int PUPILS = 400;
    private static final Path HOME;

    static {
        try {
            HOME = Files.createTempDirectory("hub-reassessment-it-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.home", HOME::toString);
        registry.add("hub.admin.user", () -> ADMIN);
        registry.add("hub.admin.password", () -> PASSWORD);
        registry.add("hub.reassessment.workers", () -> "0");
        registry.add("hub.reassessment.max-attempts", () -> "2");
        // small batches, so the census puts many events on the change feed for two consumers to share
        registry.add("hub.ingest.batch-size", () -> "20");
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Reassessment reassessment;

    @Autowired
    PersonChanges changes;

    private TestRestTemplate api() {
        return http.withBasicAuth(ADMIN, PASSWORD);
    }

    private Map<?, ?> backlog() {
        return api().getForObject("/api/reassessment", Map.class);
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    @Test
    @Order(1)
    void aCensusCommitsItsFactsAndItsChangesWithoutScoringAnyoneAndTheBacklogShows() throws Exception {
        Path file = Files.createTempDirectory("hub-reassessment-data-").resolve("census.csv");
        CohortFiles.writeCensus(GeneratedPeople.pupils(SyntheticCohort.demo(PUPILS, 77)), file, List.of());
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-school-census").whenDone(1).create();
        Path inbox = HOME.resolve("inbox/school-census");
        Files.createDirectories(inbox);
        Files.copy(file, inbox.resolve(".census.csv"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(inbox.resolve(".census.csv"), inbox.resolve("census.csv"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();

        assertThat(jdbc.queryForObject("select count(*) from school_census", Long.class)).isEqualTo(PUPILS);
        assertThat(jdbc.queryForObject("select count(*) from risk_assessment", Long.class))
                .as("nothing is scored in the ingest transaction").isZero();

        Map<?, ?> backlog = backlog();
        assertThat(number(backlog.get("waiting"))).isEqualTo(PUPILS);
        assertThat(number(backlog.get("setAside"))).isZero();
        assertThat(backlog.get("oldestChange")).isNotNull();
        assertThat(number(((Map<?, ?>) ((Map<?, ?>) backlog.get("byFeed")).get("school-census")).get("waiting"))).isEqualTo(PUPILS);

        List<Map<?, ?>> feeds = api().getForObject("/api/feeds", List.class);
        Map<?, ?> census = feeds.stream().filter(f -> "school-census".equals(f.get("id"))).findFirst().orElseThrow();
        assertThat(number(((Map<?, ?>) census.get("reassessment")).get("waiting"))).as("/api/feeds shows the lag").isEqualTo(PUPILS);

        String prometheus = api().getForObject("/actuator/prometheus", String.class);
        assertThat(prometheus).containsPattern("(?m)^hub_reassessment_waiting\\{[^}]*} " + PUPILS + "\\.0$");
        assertThat(prometheus).containsPattern("(?m)^hub_reassessment_oldest_wait_seconds\\{[^}]*} \\d+\\.0$");

        // a young person changed again while waiting has a second change waiting; the oldest wait stays the first
        Object oldest = backlog.get("oldestChange");
        UUID someone = jdbc.queryForObject("select hub_ids[1] from person_change order by id limit 1", UUID.class);
        tx.executeWithoutResult(s -> changes.factsChanged(List.of(someone), "a second change", "school-census", 0));
        assertThat(number(backlog().get("waiting"))).isEqualTo(PUPILS + 1);
        assertThat(backlog().get("oldestChange")).isEqualTo(oldest);
    }

    @Test
    @Order(2)
    void twoConsumersAtOnceAssessEveryoneExactlyOnceAndRaiseEachAlertOnce() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Integer> node = () -> {
            together.await();
            int taken = 0;
            int n;
            while ((n = reassessment.assessNext(37)) > 0) {
                taken += n;
            }
            return taken;
        };
        Future<Integer> a = nodes.submit(node);
        Future<Integer> b = nodes.submit(node);
        int takenByA = a.get(120, TimeUnit.SECONDS);
        int takenByB = b.get(120, TimeUnit.SECONDS);
        nodes.shutdown();

        assertThat(takenByA + takenByB).as("every change taken once, by one node or the other").isEqualTo(PUPILS + 1);
        assertThat(takenByA).as("both nodes took work").isPositive();
        assertThat(takenByB).as("both nodes took work").isPositive();
        assertThat(number(backlog().get("waiting"))).isZero();

        // Years 7 to 11 in the census: those in Years 8 to 11 today have one assessment each, the first and only one
        int yearsSinceCensus = AcademicYear.start(LocalDate.now()).getYear() - 2026;
        long inScope = jdbc.queryForObject("""
                select count(*) from school_census where nc_year + ? between 8 and 11""", Long.class, yearsSinceCensus);
        assertThat(inScope).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from risk_assessment", Long.class)).isEqualTo(inScope);
        assertThat(jdbc.queryForObject("select count(distinct hub_id) from risk_assessment where superseded_at is null",
                Long.class)).isEqualTo(inScope);
        // one RISK_RAISED per pupil of Years 9-11 whose first assessment is AMBER or RED, and no other alert
        long raisedPupils = jdbc.queryForObject("""
                select count(*) from risk_assessment where band in ('AMBER', 'RED') and nc_year between 9 and 11""", Long.class);
        assertThat(raisedPupils).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from alert where alert_type = 'RISK_RAISED'", Long.class))
                .isEqualTo(raisedPupils);
        assertThat(jdbc.queryForObject("select count(distinct hub_id) from alert", Long.class)).isEqualTo(raisedPupils);
        // each alert was raised by the assessment that caused it, with its cause: the census, or the latest change
        assertThat(jdbc.queryForList("select distinct cause from alert", String.class))
                .allMatch(c -> c.startsWith("feed school-census run ") || c.equals("a second change"));

        // the nightly re-score puts everyone back on the feed; with nothing changed it stores and raises nothing new
        String outcome = api().postForObject("/api/jobs/risk-rescore/run", null, Map.class).get("outcome").toString();
        assertThat(outcome).startsWith(PUPILS + " young people queued");
        while (reassessment.assessNext(200) > 0) {
            // drain
        }
        assertThat(jdbc.queryForObject("select count(*) from risk_assessment", Long.class)).isEqualTo(inScope);
        assertThat(jdbc.queryForObject("select count(*) from alert", Long.class)).isEqualTo(raisedPupils);
    }

    @Test
    @Order(3)
    void aYoungPersonWhoseAssessmentKeepsFailingIsSetAsideWithoutHoldingUpAnyoneElse() throws Exception {
        List<UUID> pupils = jdbc.queryForList("""
                select hub_id from risk_assessment where in_scope order by hub_id limit 20""", UUID.class);
        UUID poison = pupils.get(7);
        // the database refuses any new assessment of one pupil, as a corrupt record or a bug would make it fail
        jdbc.execute("""
                create function refuse_one_assessment() returns trigger language plpgsql as $$
                begin
                  if new.hub_id = '%s' then raise exception 'refused for the test'; end if;
                  return new;
                end $$""".formatted(poison));
        jdbc.execute("create trigger refuse_one before insert on risk_assessment for each row execute function refuse_one_assessment()");
        // their assessments are set back, so that each is stored anew when they are assessed again
        jdbc.update("delete from risk_assessment where hub_id = any(?)", (Object) pupils.toArray(UUID[]::new));
        tx.executeWithoutResult(s -> changes.factsChanged(pupils, "test: facts changed", null, 0));

        assertThat(reassessment.assessNext(100)).as("the batch fails as a whole").isEqualTo(20);
        assertThat(jdbc.queryForObject("select count(*) from person_change where attempts = 1", Long.class)).isEqualTo(20);
        // tried again one at a time once the back-off (2 s) has passed: 19 go through, one fails again
        Thread.sleep(2_100);
        int taken = 0;
        int n;
        while ((n = reassessment.assessNext(100)) > 0) {
            taken += n;
        }
        assertThat(taken).isEqualTo(20);
        Map<?, ?> backlog = backlog();
        assertThat(number(backlog.get("waiting"))).isZero();
        assertThat(number(backlog.get("setAside"))).isEqualTo(1);
        assertThat(jdbc.queryForObject("select hub_ids[1] from person_change", UUID.class)).isEqualTo(poison);
        assertThat(jdbc.queryForObject("select last_error from person_change", String.class))
                .as("the reason names the kind of failure, never record values").contains("SQL state");
        assertThat(jdbc.queryForObject("""
                select count(*) from risk_assessment where hub_id = any(?) and superseded_at is null""", Long.class,
                (Object) pupils.toArray(UUID[]::new))).isEqualTo(19);

        // once the cause is fixed, an operator tries it again
        jdbc.execute("drop trigger refuse_one on risk_assessment");
        assertThat(number(api().postForObject("/api/reassessment/retry", null, Map.class).get("retrying"))).isEqualTo(1);
        assertThat(reassessment.assessNext(100)).isEqualTo(1);
        assertThat(number(backlog().get("setAside"))).isZero();
        assertThat(jdbc.queryForObject("select count(*) from risk_assessment where hub_id = ? and superseded_at is null",
                Long.class, poison)).isEqualTo(1);
    }
}
