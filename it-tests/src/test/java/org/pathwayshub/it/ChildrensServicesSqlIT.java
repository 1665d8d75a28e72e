package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.ChildrensServicesRows.Row;
import org.pathwayshub.testdata.ChildrensServicesRows;
import org.pathwayshub.testdata.SchoolCensusFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Children's services statuses pulled from the LA's social care database (a second PostgreSQL server): only the
 * rows changed since the last pull, each status a characteristic with the view's dates, and young people without
 * a UPN matched by name, date of birth and postcode.
 */
class ChildrensServicesSqlIT extends HubIntegrationTest {

    private static final String FEED = "childrens-services";
    private static final String LOCAL = "LOCAL:" + FEED;
    private static final LocalDate AS_AT = YoungPersonCohort.AS_AT;

    @Autowired
    private JdbcTemplate hubDb;

    @Test
    void eachStatusBecomesACharacteristicWithItsDatesAndRowsWithoutAUpnAreMatchedByNameBirthDateAndPostcode() throws Exception {
        long seed = 8021;
        List<YoungPerson> people = PartnerFeedData.youngPeople(120, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        // the first 60 are pupils the hub knows from the school census
        Path census = tempFile("census-8021.csv");
        int pupils = new SchoolCensusFile(LocalDate.of(2026, 10, 1), seed).write(people.subList(0, 60), p -> p, census);
        FeedController.RunView censusRun = dropAndWait("school-census", "census-8021.csv", census);
        assertThat(censusRun.stored()).isEqualTo(pupils);
        Set<String> censusUpns = people.subList(0, 60).stream().map(YoungPerson::upn).filter(u -> u != null).collect(Collectors.toSet());

        List<Row> rows = changedJustNow(ChildrensServicesRows.of(people, p -> p, AS_AT, seed).rows());
        Map<String, YoungPerson> personOf = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            personOf.put(rows.get(i).personRef(), people.get(i));
        }
        Predicate<Row> hasUpn = r -> r.upn() != null && !r.upn().equals("UN1");
        Predicate<Row> inCensus = r -> censusUpns.contains(personOf.get(r.personRef()).upn());
        List<Row> joinedByUpn = rows.stream().filter(hasUpn.and(inCensus)).toList();
        List<Row> newWithUpn = rows.stream().filter(hasUpn.and(inCensus.negate())).toList();
        List<Row> matchedByDetails = rows.stream().filter(hasUpn.negate().and(inCensus)).toList();
        List<Row> newWithoutUpn = rows.stream().filter(hasUpn.negate().and(inCensus.negate())).toList();
        assertThat(List.of(joinedByUpn, newWithUpn, matchedByDetails, newWithoutUpn)).allSatisfy(l -> assertThat(l).isNotEmpty());
        assertThat(rows).anyMatch(r -> "UN1".equals(r.upn())).anyMatch(r -> r.upn() == null);
        assertThat(rows).anyMatch(r -> r.lookedAfterTo() != null).anyMatch(Row::careLeaver).anyMatch(Row::childInNeed)
                .anyMatch(r -> r.earlyHelpFrom() != null).anyMatch(Row::youngCarer)
                .anyMatch(r -> r.yjsSupervisedFrom() != null).anyMatch(r -> r.yjsCustodyFrom() != null);
        insert(rows);

        FeedController.RunView run = pollAndWait(FEED);

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(hubDb.queryForObject("select kind from feed_run where id = ?", String.class, run.id())).isEqualTo("sql");
        assertThat(run.received()).isEqualTo(120);
        assertThat(run.stored()).isEqualTo(120);
        assertThat(run.quarantined()).isZero();
        assertThat(run.duplicates()).isZero();

        for (Row r : rows) {
            Map<String, Object> person = person(recordOf(r));
            assertThat(characteristics(person)).as("characteristics of %s", r.personRef()).containsExactlyInAnyOrderElementsOf(expected(r));
        }
        for (Row r : joinedByUpn) {
            assertThat(recordOf(r)).as("%s joins the census pupil's own record", r.personRef()).isEqualTo(holderOf("UPN", r.upn()));
            assertThat(person(recordOf(r)).get("census")).isNotNull();
        }
        for (Row r : newWithUpn) {
            Map<String, Object> person = person(recordOf(r));
            assertThat(person.get("hubId")).isEqualTo(recordOf(r).toString());
            assertThat(person.get("upn")).isEqualTo(r.upn());
            assertThat(person.get("census")).isNull();
        }
        for (Row r : matchedByDetails) {
            UUID pupil = holderOf("UPN", personOf.get(r.personRef()).upn());
            Map<String, Object> person = person(recordOf(r));
            assertThat(person.get("hubId")).as("%s (UPN %s) matched to the census pupil", r.personRef(), r.upn())
                    .isEqualTo(pupil.toString());
            assertThat(person.get("mergedRecords")).isEqualTo(List.of(recordOf(r).toString()));
        }
        for (Row r : newWithoutUpn) {
            Map<String, Object> person = person(recordOf(r));
            assertThat(person.get("hubId")).as("%s is a young person of their own", r.personRef()).isEqualTo(recordOf(r).toString());
            assertThat(person.get("upn")).isNull();
            assertThat(person.get("mergedRecords")).isEqualTo(List.of());
            assertThat((List<Map<String, Object>>) person.get("identifiers")).singleElement()
                    .satisfies(id -> assertThat(id).containsEntry("scheme", LOCAL).containsEntry("value", r.personRef()));
        }
        assertThat(hubDb.queryForObject("""
                select count(*) from identity_merge m join person_identifier i on i.hub_id = m.from_hub_id
                where i.scheme = ? and i.first_run_id = ? and m.method = 'SCORE'""", Integer.class, LOCAL, run.id()))
                .as("records joined to a young person by name, date of birth and postcode").isEqualTo(matchedByDetails.size());
    }

    @Test
    void theNextPullReadsOnlyTheRowsChangedSinceAndAPullWithNoChangesRecordsNoRun() throws Exception {
        long seed = 8022;
        List<YoungPerson> people = PartnerFeedData.youngPeople(35, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        List<Row> all = ChildrensServicesRows.of(people, p -> p, AS_AT, seed).rows();
        List<Row> first = changedJustNow(all.subList(0, 30));
        insert(first);
        FeedController.RunView run = pollAndWait(FEED);
        assertThat(run.received()).isEqualTo(30);
        assertThat(run.stored()).isEqualTo(30);

        // social care records 7 children as in need and 5 more children
        List<Row> nowInNeed = first.stream().filter(r -> !r.childInNeed()).limit(7).toList();
        assertThat(nowInNeed).hasSize(7);
        assertThat(changedJustNow()).as("a later updated_at than before").isAfter(first.get(first.size() - 1).updatedAt());
        update("child_in_need = true", nowInNeed);
        List<Row> added = changedJustNow(all.subList(30, 35));
        insert(added);

        FeedController.RunView next = pollAndWait(FEED);

        assertThat(next.id()).isGreaterThan(run.id());
        assertThat(next.received()).as("7 changed and 5 new rows, nothing read again").isEqualTo(12);
        assertThat(next.stored()).isEqualTo(12);
        assertThat(next.duplicates()).isZero();
        assertThat(next.quarantined()).isZero();
        for (Row r : nowInNeed) {
            assertThat(characteristics(person(recordOf(r)))).contains(new Held("CHILD_IN_NEED", null, null));
        }
        for (Row r : added) {
            assertThat(characteristics(person(recordOf(r)))).containsExactlyInAnyOrderElementsOf(expected(r));
        }

        FeedController.RunView none = pollAndWait(FEED);
        assertThat(none.id()).as("a pull that finds no changed rows records no run").isEqualTo(next.id());
    }

    @Test
    void rowsSharingOneUpdatedAtAcrossABatchBoundaryAreReadExactlyOnce() throws Exception {
        long seed = 8023;
        List<YoungPerson> people = PartnerFeedData.youngPeople(1234, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        OffsetDateTime sameMoment = changedJustNow();
        List<Row> rows = ChildrensServicesRows.of(people, p -> p, AS_AT, seed).rows().stream()
                .map(r -> withUpdatedAt(r, sameMoment)).toList();
        insert(rows);

        FeedController.RunView run = pollAndWait(FEED);

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).as("1234 rows with one updated_at, more than a batch of 1000").isEqualTo(1234);
        assertThat(run.stored()).isEqualTo(1234);
        assertThat(run.duplicates()).isZero();
        Set<String> read = new HashSet<>(hubDb.queryForList(
                "select value from person_identifier where scheme = ? and first_run_id = ?", String.class, LOCAL, run.id()));
        assertThat(read).isEqualTo(rows.stream().map(Row::personRef).collect(Collectors.toSet()));

        FeedController.RunView again = pollAndWait(FEED);
        assertThat(again.id()).as("the second pull finds nothing to read").isEqualTo(run.id());
    }

    @Test
    void aChildLeavingCareHasTheEndDateOfBeingLookedAfter() throws Exception {
        long seed = 8024;
        List<YoungPerson> people = PartnerFeedData.youngPeople(120, seed);
        List<Row> rows = changedJustNow(ChildrensServicesRows.of(people, p -> p, AS_AT, seed).rows());
        List<Row> inCare = rows.stream().filter(r -> r.lookedAfterFrom() != null && r.lookedAfterTo() == null).limit(2).toList();
        assertThat(inCare).hasSize(2);
        insert(rows);
        pollAndWait(FEED);
        for (Row r : inCare) {
            assertThat(characteristics(person(recordOf(r)))).contains(new Held("110", r.lookedAfterFrom(), null));
        }

        LocalDate leftCare = LocalDate.of(2026, 11, 2);
        update("looked_after_to = '2026-11-02'", inCare);
        FeedController.RunView run = pollAndWait(FEED);

        assertThat(run.received()).isEqualTo(2);
        assertThat(run.stored()).isEqualTo(2);
        for (Row r : inCare) {
            List<Held> held = characteristics(person(recordOf(r)));
            assertThat(held).contains(new Held("110", r.lookedAfterFrom(), leftCare));
            assertThat(held).filteredOn(h -> h.code().equals("110")).hasSize(1);
        }
    }

    @Test
    void aStatusTheViewNoLongerShowsIsEnded() throws Exception {
        long seed = 8025;
        List<YoungPerson> people = PartnerFeedData.youngPeople(40, seed);
        List<Row> rows = changedJustNow(ChildrensServicesRows.of(people, p -> p, AS_AT, seed).rows());
        List<Row> inNeed = rows.stream().filter(Row::childInNeed).limit(3).toList();
        assertThat(inNeed).hasSize(3);
        insert(rows);
        pollAndWait(FEED);

        update("child_in_need = false", inNeed);
        LocalDate dayBefore = LocalDate.now();
        FeedController.RunView run = pollAndWait(FEED);

        assertThat(run.received()).isEqualTo(3);
        assertThat(run.stored()).isEqualTo(3);
        for (Row r : inNeed) {
            List<Held> held = characteristics(person(recordOf(r)));
            assertThat(held).filteredOn(h -> h.code().equals("CHILD_IN_NEED"))
                    .as("%s is no longer a child in need", r.personRef())
                    .singleElement().satisfies(h -> assertThat(h.to()).isNotNull().isAfterOrEqualTo(dayBefore));
        }
    }

    /** Whatever characteristics the view's row says hold, with the dates it gives. */
    private static Set<Held> expected(Row r) {
        Set<Held> held = new HashSet<>();
        if (r.lookedAfterFrom() != null) {
            held.add(new Held("110", r.lookedAfterFrom(), r.lookedAfterTo()));
        }
        if (r.careLeaver()) {
            held.add(new Held("160", null, null));
        }
        if (r.childInNeed()) {
            held.add(new Held("CHILD_IN_NEED", null, null));
        }
        if (r.earlyHelpFrom() != null) {
            held.add(new Held("EARLY_HELP", r.earlyHelpFrom(), null));
        }
        if (r.youngCarer()) {
            held.add(new Held("YOUNG_CARER", null, null));
        }
        if (r.yjsSupervisedFrom() != null) {
            held.add(new Held("170", r.yjsSupervisedFrom(), null));
        }
        if (r.yjsCustodyFrom() != null) {
            held.add(new Held("CUSTODY", r.yjsCustodyFrom(), null));
        }
        return held;
    }

    record Held(String code, LocalDate from, LocalDate to) {
    }

    @SuppressWarnings("unchecked")
    private static List<Held> characteristics(Map<String, Object> person) {
        return ((List<Map<String, Object>>) person.get("characteristics")).stream()
                .filter(c -> FEED.equals(c.get("sourceFeed")))
                .map(c -> new Held((String) c.get("code"), date(c.get("from")), date(c.get("to"))))
                .toList();
    }

    private static LocalDate date(Object iso) {
        return iso == null ? null : LocalDate.parse((String) iso);
    }

    /** The person record a social care reference was stored against. */
    private UUID recordOf(Row r) {
        return holderOf(LOCAL, r.personRef());
    }

    private UUID holderOf(String scheme, String value) {
        return hubDb.queryForObject("select hub_id from person_identifier where scheme = ? and value = ?", UUID.class, scheme, value);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> person(UUID hubId) {
        ResponseEntity<Map> r = api().getForEntity("/api/young-people/" + hubId, Map.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        return r.getBody();
    }

    /**
     * A change the social care system recorded a little while ago. Every row these tests write takes the same
     * distance from now, so each test's rows sort after the high-water mark the tests before it left.
     */
    private static OffsetDateTime changedJustNow() {
        return OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2).truncatedTo(ChronoUnit.MILLIS);
    }

    /** The rows as changed just now, a microsecond apart in the order given. */
    private static List<Row> changedJustNow(List<Row> rows) {
        OffsetDateTime at = changedJustNow();
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(withUpdatedAt(rows.get(i), at.plusNanos(1000L * i)));
        }
        return out;
    }

    private static Row withUpdatedAt(Row r, OffsetDateTime updatedAt) {
        return new Row(r.personRef(), r.upn(), r.forename(), r.surname(), r.dob(), r.postcode(), r.lookedAfterFrom(),
                r.lookedAfterTo(), r.careLeaver(), r.childInNeed(), r.earlyHelpFrom(), r.youngCarer(), r.yjsSupervisedFrom(),
                r.yjsCustodyFrom(), updatedAt);
    }

    /** Changes the rows in the social care database just now: {@code set} is the SQL of what changed. */
    private static void update(String set, List<Row> rows) throws SQLException {
        try (Connection c = PARTNER_DB.connection();
             PreparedStatement ps = c.prepareStatement("update " + PartnerDatabase.TABLE + " set " + set
                     + ", updated_at = ? where person_ref = ?")) {
            OffsetDateTime now = changedJustNow();
            for (Row r : rows) {
                ps.setObject(1, now);
                ps.setString(2, r.personRef());
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsOnly(1);
        }
    }

    private static void insert(List<Row> rows) throws SQLException {
        String insert = "insert into " + PartnerDatabase.TABLE + " (" + String.join(", ", ChildrensServicesRows.COLUMNS)
                + ") values (" + String.join(", ", ChildrensServicesRows.COLUMNS.stream().map(c -> "?").toList()) + ")";
        try (Connection c = PARTNER_DB.connection(); PreparedStatement ps = c.prepareStatement(insert)) {
            for (Row r : rows) {
                ps.setString(1, r.personRef());
                ps.setString(2, r.upn());
                ps.setString(3, r.forename());
                ps.setString(4, r.surname());
                setDate(ps, 5, r.dob());
                ps.setString(6, r.postcode());
                setDate(ps, 7, r.lookedAfterFrom());
                setDate(ps, 8, r.lookedAfterTo());
                ps.setBoolean(9, r.careLeaver());
                ps.setBoolean(10, r.childInNeed());
                setDate(ps, 11, r.earlyHelpFrom());
                ps.setBoolean(12, r.youngCarer());
                setDate(ps, 13, r.yjsSupervisedFrom());
                setDate(ps, 14, r.yjsCustodyFrom());
                ps.setObject(15, r.updatedAt());
                ps.addBatch();
            }
            int inserted = 0;
            for (int n : ps.executeBatch()) {
                inserted += n == Statement.SUCCESS_NO_INFO ? 1 : n;
            }
            assertThat(inserted).isEqualTo(rows.size());
        }
    }

    private static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setObject(index, date);
        }
    }
}
