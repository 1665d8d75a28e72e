package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pathwayshub.PathwaysHub;
import org.pathwayshub.system.ScheduleLeadership;
import org.pathwayshub.testdata.DwpClaimantsFile;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.ReferralsJson;
import org.pathwayshub.testdata.SchoolCensusFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Retention (docs/retention.md): young people past the cohort age limit (20, or 25 with SEND) and the year kept after
 * it are erased with every row held about them, and each run is audited without naming anyone. On a hub of its own,
 * since an erasure takes whoever is past the policy: in the hub the other classes share it could take their young
 * people. Its service directory (written below) has two queue services taking referral alerts only, so that nothing
 * but this test's steps changes a row while it looks.
 *
 * <p>The young people are generated (seed 7101, LA number 901) and sent through the real feeds: an NCCIS XML file
 * (details, identifiers, tracking with SEND, activity), a school census (stored rows, and rows quarantined for a missing
 * surname, keyed by UPN), DWP claims (one exact, merged into its young person; one with a typo, a new young person on
 * the review list), referrals over the API with a step, a deadline passed and a daily digest of the referrer's news
 * delivered over the broker, a practitioner's review, and every record read through the API. What the feeds cannot
 * make in a test's time is written as the hub would have written it: an assessment from when they were in Year 10, a
 * school's flag, a month's NCCIS problems and leavers, and a review pair between someone kept and someone erased.
 */
@SpringBootTest(classes = PathwaysHub.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RetentionIT {

    private static final String ADMIN = "retention-admin";
    private static final String PASSWORD = "retention-password-not-secret";
    private static final long SEED = 7101;
    private static final String LA = "901";
    private static final String ORG = "RETENTION-TRACKING";
    private static final LocalDate TODAY = LocalDate.now();
    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);
    /**
     * The referrer's tracking team takes its referrals' news as a daily digest (one queue message listing several young
     * people's alerts); the careers service has deadlines and escalates to the tracking team.
     */
    private static final String SERVICES = """
            services:
              - id: la-tracking
                name: Retention test LA tracking team
                organisation: RETENTION-TRACKING
                coverage: { laCodes: ["901"] }
                alerts: [REFERRAL_RECEIVED, REFERRAL_UPDATE, REFERRAL_OVERDUE]
                digest: [REFERRAL_UPDATE]
                fields: [hubId, upn, uln, givenName, familyName, dob, gender, postcode, activity, referral, reason]
                channel: { type: queue }
              - id: careers-north
                name: Retention test careers service
                coverage: { laCodes: ["901"] }
                deadlines: { accept: 5, firstContact: 10 }
                escalateTo: la-tracking
                alerts: [REFERRAL_RECEIVED]
                fields: [hubId, upn, givenName, familyName, dob, postcode, activity, referral, reason]
                channel: { type: queue }
            """;

    private static final Path HOME;
    private static final Path CONFIG;

    static {
        try {
            HOME = Files.createTempDirectory("hub-retention-it-");
            CONFIG = Files.createTempDirectory("hub-retention-it-config-");
            ConfigFolders.copyTree(Path.of("routes"), CONFIG.resolve("routes"));
            ConfigFolders.copyTree(Path.of("mappings"), CONFIG.resolve("mappings"));
            Files.writeString(CONFIG.resolve("mappings/routing/services.yaml"), SERVICES);
            // 901 is no real authority's number, so these UPNs clash with no one's: this hub knows it, for the census
            ConfigFolders.addLaCode(CONFIG, "901", "Retention test authority");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.home", HOME::toString);
        registry.add("hub.admin.user", () -> ADMIN);
        registry.add("hub.admin.password", () -> PASSWORD);
        // this test's configuration folder, whatever hub.config-dir another test class set for the shared hub
        registry.add("hub.config-location", () -> "file:" + CONFIG + "/");
        registry.add("camel.main.routes-include-pattern", () -> "file:" + CONFIG + "/routes/*.yaml");
    }

    @Autowired
    private ScheduleLeadership leadership;

    @Autowired
    TestRestTemplate http;

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    private TestRestTemplate api() {
        return http.withBasicAuth(ADMIN, PASSWORD);
    }

    @Test
    void youngPeoplePastThePolicyAreErasedWithEveryRowAboutThemAndThoseInsideItAreKeptUntouched(CapturedOutput output)
            throws Exception {
        List<YoungPerson> cohort = SeparateCohort.of(40, SEED, LA).stream()
                .filter(p -> p.upn() != null && p.uln() != null && p.nino() != null).toList();
        // past the policy: 21 without SEND since today, 23, 26 with SEND since yesterday, 22, and 22 in a census only
        YoungPerson turned21Today = aged(cohort.get(0), TODAY.minusYears(21), false);
        YoungPerson aged23 = aged(cohort.get(1), TODAY.minusYears(23).minusDays(40), false);
        YoungPerson sendTurned26 = aged(cohort.get(2), TODAY.minusYears(26).minusDays(1), true);
        YoungPerson aged22 = aged(cohort.get(3), TODAY.minusYears(22).minusDays(7), false);
        YoungPerson censusOnly22 = aged(cohort.get(4), TODAY.minusYears(22).minusDays(3), false);
        // inside it: 21 tomorrow, 22 with SEND, 26 with SEND tomorrow, 18, and 22 with an EHC plan in a census only
        YoungPerson turns21Tomorrow = aged(cohort.get(5), TODAY.minusYears(21).plusDays(1), false);
        YoungPerson send22 = aged(cohort.get(6), TODAY.minusYears(22).minusDays(100), true);
        YoungPerson sendTurns26Tomorrow = aged(cohort.get(7), TODAY.minusYears(26).plusDays(1), true);
        YoungPerson aged18 = aged(cohort.get(8), TODAY.minusYears(18).minusDays(20), false);
        YoungPerson censusOnlySend22 = aged(cohort.get(9), TODAY.minusYears(22).minusDays(9), true);
        List<YoungPerson> past = List.of(turned21Today, aged23, sendTurned26, aged22, censusOnly22);
        List<YoungPerson> inside = List.of(turns21Tomorrow, send22, sendTurns26Tomorrow, aged18, censusOnlySend22);

        // the feeds
        Path nccis = tempFile("nccis-retention.xml");
        new NccisXmlFile(YoungPersonCohort.AS_AT, LA, LA, SEED).write(List.of(turned21Today, aged23, sendTurned26, aged22,
                turns21Tomorrow, send22, sendTurns26Tomorrow, aged18), NameVariants.unchanged(), nccis);
        dropAndWait("nccis-xml", "nccis-retention.xml", nccis, 8, 0);
        Path census = tempFile("census-retention.csv");
        new SchoolCensusFile(CENSUS_DATE, SEED).write(List.of(censusOnly22, censusOnlySend22), NameVariants.unchanged(), census);
        dropAndWait("school-census", "census-retention.csv", census, 2, 0);
        Path noSurname = tempFile("census-no-surname.csv");
        new SchoolCensusFile(CENSUS_DATE, SEED).write(List.of(aged23, send22), p -> p.withNames(p.givenName(), ""), noSurname);
        dropAndWait("school-census", "census-no-surname.csv", noSurname, 0, 2);
        Path claims = tempFile("dwp-retention.csv");
        new DwpClaimantsFile(YoungPersonCohort.AS_AT, SEED).write(List.of(aged23, aged22, send22),
                p -> p == aged22 ? p.withNames(NameVariants.typo(p.givenName()), p.familyName()) : p, claims);
        dropAndWait("dwp-claimants", "dwp-retention.csv", claims, 3, 0);

        Map<YoungPerson, UUID> hubIds = new LinkedHashMap<>();
        Stream.concat(past.stream(), inside.stream()).forEach(p -> hubIds.put(p, hubIdByUpn(p.upn())));
        assertThat(family(hubIds.get(aged23))).as("the exact DWP claim was merged into them").hasSize(2);
        assertThat(family(hubIds.get(send22))).hasSize(2);
        UUID typoRecord = jdbc.queryForObject("""
                select case when hub_id = ? then candidate_id else hub_id end from identity_review
                where (hub_id = ? or candidate_id = ?) and feed_id = 'dwp-claimants'""", UUID.class,
                hubIds.get(aged22), hubIds.get(aged22), hubIds.get(aged22));

        // referrals: one made three weeks ago, past its deadlines; each accepted, and the referrer's news in a digest
        referral("RET-" + aged23.personNo(), aged23, TODAY.minusDays(21));
        referral("RET-" + send22.personNo(), send22, TODAY);
        assertThat(runJob("referral-deadlines")).startsWith("2 ");
        for (YoungPerson p : List.of(aged23, send22)) {
            long id = jdbc.queryForObject("select id from referral where referral_ref = ?", Long.class, "RET-" + p.personNo());
            ResponseEntity<Map> accepted = api().postForEntity("/api/referrals/" + id + "/events",
                    Map.of("state", "ACCEPTED", "note", "Adviser allocated"), Map.class);
            assertThat(accepted.getStatusCode().value()).as("%s", accepted.getBody()).isEqualTo(201);
        }
        awaitReassessed();
        runJob("alert-digest");
        runJob("file-drop");
        // the queue's deliveries go through the outbox relay: slower on a busy machine running the whole suite
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select channel || ' ' || state from alert_delivery where state <> 'DELIVERED'", String.class)).isEmpty());
        long digest = jdbc.queryForObject("select id from outbox where (payload -> 'deliveryIds') is not null", Long.class);

        // what the hub would hold from earlier years and months
        for (YoungPerson p : List.of(aged23, send22)) {
            jdbc.update("""
                    insert into risk_assessment (hub_id, rule_set, rule_set_version, as_at, nc_year, in_scope, score, band,
                      factors, cause)
                    values (?, 'roni-default', 'test', ?, 10, true, 3, 'AMBER', '[]', 'scored in Year 10')""",
                    hubIds.get(p), p.dob().plusYears(15));
            // a flag their school added (docs/school-flags.md), still held
            jdbc.update("""
                    insert into school_flag (hub_id, laestab, code, start_date, end_date, added_by)
                    values (?, '9014001', 'BEREAVEMENT', ?, ?, 'retention-careers-lead')""", hubIds.get(p),
                    TODAY.minusDays(10), TODAY.plusDays(50));
            ResponseEntity<Map> review = api().postForEntity("/api/young-people/" + hubIds.get(p) + "/risk/review",
                    Map.of("action", "ANNOTATE", "reason", "Known to the youth service"), Map.class);
            assertThat(review.getStatusCode().value()).as("%s", review.getBody()).isEqualTo(200);
            ResponseEntity<Map> reason = api().postForEntity("/api/young-people/" + hubIds.get(p) + "/disengagement-reasons",
                    Map.of("code", "COURSE_NOT_RIGHT"), Map.class);
            assertThat(reason.getStatusCode().value()).as("%s", reason.getBody()).isEqualTo(201);
            ResponseEntity<Map> intervention = api().postForEntity("/api/young-people/" + hubIds.get(p) + "/interventions",
                    // offered at 17, years before InterventionOutcomesIT's period, so its report stays its own
                    Map.of("code", "CAREERS_GUIDANCE_1TO1", "reason", "COURSE_NOT_RIGHT", "offeredOn",
                            p.dob().plusYears(17).toString()), Map.class);
            assertThat(intervention.getStatusCode().value()).as("%s", intervention.getBody()).isEqualTo(201);
        }
        LocalDate lastMonth = YearMonth.now().minusMonths(1).atEndOfMonth();
        jdbc.update("insert into nccis_return_check (period_end, records, problems) values (?, 2, 2)", lastMonth);
        jdbc.update("""
                insert into nccis_return (period_end, file_name, records, sha256) values (?, 'nccis-901-test.xml', 2, 'test')""",
                lastMonth);
        for (YoungPerson p : List.of(turned21Today, turns21Tomorrow)) {
            jdbc.update("""
                    insert into nccis_return_error (period_end, hub_id, young_persons_id, field, value, rule, reason)
                    values (?, ?, ?, 'person.postcode', ?, 'test', 'written by the test')""", lastMonth, hubIds.get(p), p.ypid(),
                    p.postcode());
            jdbc.update("insert into nccis_return_leaver (hub_id, cohort_status, period_end) values (?, 'L', ?)", hubIds.get(p),
                    lastMonth);
        }
        jdbc.update("""
                insert into identity_review (hub_id, candidate_id, score, reasons, feed_id, run_id)
                values (?, ?, 7.5, '{"written": "by the test"}', 'nccis-xml', 0)""", hubIds.get(turns21Tomorrow),
                hubIds.get(turned21Today));
        for (UUID hubId : hubIds.values()) {
            assertThat(api().getForEntity("/api/young-people/" + hubId, Map.class).getStatusCode().value()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from outbox where published_at is null", Long.class)).as("the outbox relayed").isZero());

        // who is what
        Set<UUID> erasedRecords = new HashSet<>();
        past.forEach(p -> erasedRecords.addAll(family(hubIds.get(p))));
        erasedRecords.addAll(family(typoRecord));
        Set<UUID> keptRecords = new HashSet<>();
        inside.forEach(p -> keptRecords.addAll(family(hubIds.get(p))));
        Set<String> erasedIdentifiers = identifiers(erasedRecords);
        Set<String> keptIdentifiers = identifiers(keptRecords);
        Held erased = held(erasedRecords, erasedIdentifiers);
        Held kept = held(keptRecords, keptIdentifiers);
        assertThat(erased.rows().keySet()).as("the test gives the erased rows in every kind of table").contains(
                "young_person", "person_identifier", "activity", "tracking_status", "school_census", "benefit_claim",
                "identity_merge", "identity_review", "referral", "referral_event", "referral_deadline_breach", "alert",
                "alert_delivery", "outbox", "disclosure_audit", "access_audit", "risk_assessment", "risk_review",
                "quarantined_record", "record_issue", "nccis_return_error", "nccis_return_leaver", "school_flag",
                "disengagement_reason", "intervention");
        Map<String, List<String>> keptBefore = untouchedByErasure(kept, erasedRecords, erasedIdentifiers);
        assertThat(keptBefore.keySet()).contains("young_person", "referral", "alert", "alert_delivery", "quarantined_record",
                "nccis_return_leaver", "risk_review", "school_flag", "intervention");

        // the erasure
        int outFrom = output.getOut().length();
        int errFrom = output.getErr().length();
        Map<String, Object> first = runJobWithResult("retention-erasure");
        assertThat((String) first.get("outcome")).startsWith("6 young people erased (7 person records, 1 with SEND;")
                .contains("cohort-age-limit");

        Held after = held(erasedRecords, erasedIdentifiers, erased.alerts(), erased.deliveries(), erased.referrals());
        assertThat(after.rows()).as("every row about the erased: gone, or (the outbox's change events) hub ids only")
                .containsOnlyKeys("outbox");
        assertThat(after.rows().get("outbox")).allSatisfy(row -> assertThat(row).contains("VirtualTopic.hub.person-changed")
                .doesNotContain("\"upn\"").doesNotContain("\"alerts\""));
        assertThat(jdbc.queryForObject("select count(*) from disclosure_audit where hub_id is null", Long.class))
                .as("the disclosures to partners are still audited, cut loose from the person")
                .isEqualTo(erased.rows().get("disclosure_audit").size());
        // who read their record, and who recorded their disengagement reasons and interventions
        assertThat(jdbc.queryForObject("""
                select count(*) from access_audit where hub_id is null
                  and action in ('read-young-person', 'disengagement-reason', 'intervention')""",
                Long.class)).isEqualTo(erased.rows().get("access_audit").size());
        for (YoungPerson p : past) {
            assertThat(api().getForEntity("/api/young-people?upn=" + p.upn(), Map.class).getStatusCode().value()).isEqualTo(404);
        }

        // those inside the policy: every row as it was (a row that also concerned someone erased aside)
        assertThat(untouchedByErasure(held(keptRecords, keptIdentifiers, kept.alerts(), kept.deliveries(), kept.referrals()),
                erasedRecords, erasedIdentifiers)).isEqualTo(keptBefore);
        assertThat(jdbc.queryForObject("select count(*) from identity_review where hub_id = ? or candidate_id = ?", Long.class,
                hubIds.get(turns21Tomorrow), hubIds.get(turns21Tomorrow))).as("the pair with someone erased is gone").isZero();
        String digestNow = jdbc.queryForObject("select payload::text from outbox where id = ?", String.class, digest);
        assertThat(digestNow).as("the digest lists the kept young person's news only").contains(send22.upn())
                .doesNotContain(aged23.upn()).contains("\"count\": 1");

        // the audit: which policy, by whom, how many, and no one named
        List<Map<String, Object>> audit = api().exchange("/api/audit?username=" + ADMIN + "&size=1000", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        List<Map<String, Object>> runs = audit.stream().filter(e -> "retention-erasure".equals(e.get("action"))).toList();
        assertThat(runs).hasSize(1);
        String detail = (String) runs.get(0).get("detail");
        assertThat(detail).contains("job retention-erasure", "policy cohort-age-limit (age 20, 25 with SEND, then P1Y)",
                "mappings/retention.yaml", "as at " + TODAY, "6 young people erased (7 person records, 1 with SEND",
                "young_person 7", "completed");
        assertThat(runs.get(0).get("hubId")).isNull();
        Set<String> personal = personalValues(past, erasedIdentifiers);
        personal.forEach(v -> assertThat(detail).doesNotContain(v));

        // again: nothing more to erase, and nothing kept changes
        Map<String, Object> second = runJobWithResult("retention-erasure");
        assertThat((String) second.get("outcome")).startsWith("0 young people erased");
        assertThat(untouchedByErasure(held(keptRecords, keptIdentifiers, kept.alerts(), kept.deliveries(), kept.referrals()),
                erasedRecords, erasedIdentifiers)).isEqualTo(keptBefore);
        assertThat(api().exchange("/api/audit?username=" + ADMIN + "&size=1000", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody())
                .filteredOn(e -> "retention-erasure".equals(e.get("action"))).hasSize(2);
        List<Map<String, Object>> jobs = api().exchange("/api/jobs", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(jobs).filteredOn(j -> "retention-erasure".equals(j.get("name"))).singleElement()
                .satisfies(j -> assertThat(((Map<?, ?>) j.get("lastRun")).get("outcome")).isEqualTo(second.get("outcome")));

        // and the log of both runs names no one
        String log = output.getOut().substring(outFrom) + output.getErr().substring(errFrom);
        personal.forEach(v -> assertThat(log).as("the log").doesNotContain(v));
        for (YoungPerson p : inside) {
            assertThat(api().getForEntity("/api/young-people?upn=" + p.upn(), Map.class).getStatusCode().value()).isEqualTo(200);
        }
    }

    // ---- the young people ----

    /** The generated young person born on another day, with or without SEND (an EHC plan). */
    private static YoungPerson aged(YoungPerson p, LocalDate dob, boolean send) {
        int academicAge = Period.between(dob, LocalDate.of(YoungPersonCohort.AS_AT.getYear(), 8, 31)).getYears();
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), dob,
                p.gender(), p.postcode(), p.laEstab(), academicAge, send, false);
    }

    private UUID hubIdByUpn(String upn) {
        return jdbc.queryForObject("""
                select coalesce(p.merged_into, p.hub_id) from person_identifier i join young_person p on p.hub_id = i.hub_id
                where i.scheme = 'UPN' and i.value = ?""", UUID.class, upn);
    }

    /** The young person's own record and every record merged into it. */
    private List<UUID> family(UUID hubId) {
        return jdbc.queryForList("select hub_id from young_person where hub_id = ? or merged_into = ?", UUID.class, hubId, hubId);
    }

    private Set<String> identifiers(Collection<UUID> records) {
        return new HashSet<>(jdbc.queryForList("select value from person_identifier where hub_id = any(?::uuid[])",
                String.class, (Object) uuidArray(records)));
    }

    /** What the log and the audit must never carry about them: identifiers, names, dates of birth, postcodes. */
    private static Set<String> personalValues(List<YoungPerson> people, Set<String> identifiers) {
        Set<String> values = new HashSet<>(identifiers);
        for (YoungPerson p : people) {
            values.add(p.givenName() + " " + p.familyName());
            values.add(p.dob().toString());
            values.add(p.postcode());
        }
        return values;
    }

    // ---- every row about some people, in every table ----

    /**
     * The rows held about some person records, by table, each as its text: rows naming one of the records in any hub id
     * column, holding one of their hub ids or identifiers anywhere (a quarantined record, a warning, an outbox message),
     * or belonging to their alerts and referrals.
     */
    private record Held(Map<String, List<String>> rows, List<UUID> alerts, List<Long> deliveries, List<Long> referrals) {
    }

    private Held held(Set<UUID> records, Set<String> identifiers) {
        List<UUID> alerts = jdbc.queryForList("select id from alert where hub_id = any(?::uuid[])", UUID.class,
                (Object) uuidArray(records));
        List<Long> deliveries = jdbc.queryForList("select id from alert_delivery where alert_id = any(?::uuid[])", Long.class,
                (Object) uuidArray(alerts));
        List<Long> referrals = jdbc.queryForList("select id from referral where hub_id = any(?::uuid[])", Long.class,
                (Object) uuidArray(records));
        return held(records, identifiers, alerts, deliveries, referrals);
    }

    private Held held(Set<UUID> records, Set<String> identifiers, List<UUID> alerts, List<Long> deliveries, List<Long> referrals) {
        Map<String, List<String>> uuidColumns = new TreeMap<>();
        jdbc.query("""
                select c.table_name, c.column_name, c.udt_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.udt_name in ('uuid', '_uuid')""", rs -> {
            uuidColumns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(rs.getString(3).equals("uuid") ? rs.getString(2) + " = any(?::uuid[])" : rs.getString(2) + " && ?::uuid[]");
        });
        List<String> tables = jdbc.queryForList("""
                select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
                order by table_name""", String.class);
        String[] patterns = Stream.concat(identifiers.stream(), records.stream().map(UUID::toString)).map(v -> "%" + v + "%")
                .toArray(String[]::new);
        Map<String, List<String>> rows = new TreeMap<>();
        for (String table : tables) {
            List<String> where = new ArrayList<>(uuidColumns.getOrDefault(table, List.of()));
            List<Object> params = new ArrayList<>();
            where.forEach(w -> params.add(uuidArray(records)));
            where.add("x::text like any(?::text[])");
            params.add(patterns);
            if (table.equals("alert_delivery")) {
                where.add("alert_id = any(?::uuid[])");
                params.add(uuidArray(alerts));
            }
            if (table.equals("outbox")) {
                where.add("(payload ->> 'deliveryId')::bigint = any(?::bigint[])");
                params.add(deliveries.toArray(Long[]::new));
            }
            if (table.equals("referral_event") || table.equals("referral_deadline_breach")) {
                where.add("referral_id = any(?::bigint[])");
                params.add(referrals.toArray(Long[]::new));
            }
            List<String> found = jdbc.queryForList("select x::text from " + table + " x where " + String.join(" or ", where)
                    + " order by 1", String.class, params.toArray());
            if (!found.isEmpty()) {
                rows.put(table, found);
            }
        }
        return new Held(rows, alerts, deliveries, referrals);
    }

    /**
     * The kept rows that concern no one erased: a change event naming both, a pair with one of them, and the digest
     * that listed both (which loses the erased young person's alerts) aside.
     */
    private static Map<String, List<String>> untouchedByErasure(Held kept, Set<UUID> erasedRecords,
                                                                Set<String> erasedIdentifiers) {
        List<String> markers = new ArrayList<>(erasedIdentifiers);
        erasedRecords.forEach(r -> markers.add(r.toString()));
        markers.add("\"deliveryIds\"");
        Map<String, List<String>> out = new TreeMap<>();
        kept.rows().forEach((table, rows) -> {
            List<String> own = rows.stream().filter(r -> markers.stream().noneMatch(r::contains)).collect(Collectors.toList());
            if (!own.isEmpty()) {
                out.put(table, own);
            }
        });
        return out;
    }

    /** Bound as text[], which the statements cast to uuid[]. */
    private static String[] uuidArray(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    // ---- the hub's API ----

    private void referral(String ref, YoungPerson p, LocalDate made) {
        String json = ReferralsJson.toJson(new ReferralsJson.Referral(ref, ORG, "Tracking adviser", "careers-north",
                new ReferralsJson.Person(p.upn(), null, null, p.givenName(), p.familyName(), p.dob().toString(), p.postcode()),
                "Lost contact after college", "HARD", List.of("careers guidance"),
                new ReferralsJson.Consent(true, made.toString(), "careers guidance"),
                made.atTime(9, 0).toInstant(ZoneOffset.UTC).toString()));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        Map<?, ?> intake = api().exchange("/api/referrals", HttpMethod.POST, new HttpEntity<>(json, headers), Map.class).getBody();
        assertThat(intake).as("POST /api/referrals: %s", intake).isNotNull();
        assertThat(intake.get("stored")).as("POST /api/referrals: %s", intake).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runJobWithResult(String name) {
        ResponseEntity<Map> r = api().postForEntity("/api/jobs/" + name + "/run", null, Map.class);
        assertThat(r.getStatusCode().value()).as("job %s: %s", name, r.getBody()).isEqualTo(200);
        return r.getBody();
    }

    private String runJob(String name) {
        String outcome = (String) runJobWithResult(name).get("outcome");
        awaitReassessed();
        return outcome;
    }

    private void awaitReassessed() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<?, ?> backlog = api().getForObject("/api/reassessment", Map.class);
            return backlog != null && ((Number) backlog.get("waiting")).longValue() == 0;
        });
    }

    /**
     * Drops a file the way partners should (written aside, renamed in), polls the feed, waits for its run and for risk,
     * and checks what became of its records.
     */
    private void dropAndWait(String feedId, String name, Path source, int stored, int quarantined) throws IOException {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-" + feedId).whenDone(1).create();
        Path inbox = HOME.resolve("inbox").resolve(feedId);
        Files.createDirectories(inbox);
        Files.copy(source, inbox.resolve("." + name + ".tmp"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(inbox.resolve("." + name + ".tmp"), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        HubIntegrationTest.awaitFeedRunning(camel, leadership, feedId);
        assertThat(api().postForEntity("/api/feeds/" + feedId + "/poll", null, Map.class).getStatusCode().value()).isEqualTo(202);
        assertThat(done.matches(60, TimeUnit.SECONDS)).as("feed %s finished with %s", feedId, name).isTrue();
        awaitReassessed();
        List<Map<String, Object>> runs = api().exchange("/api/feeds/" + feedId + "/runs?limit=1", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(runs).isNotEmpty();
        Map<String, Object> run = runs.get(0);
        String rejects = api().getForObject("/api/feeds/" + feedId + "/runs/" + run.get("id") + "/rejects", String.class);
        assertThat(List.of(run.get("stored"), run.get("quarantined"))).as("%s: %s, rejects %s", name, run, rejects)
                .containsExactly(stored, quarantined);
    }

    private static Path tempFile(String name) {
        try {
            return Files.createTempDirectory("hub-retention-data-").resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
