package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.CurrentActivity;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.SchoolCensusFile;
import org.pathwayshub.testdata.SchoolDestinationsFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.http.ResponseEntity;

/**
 * Year 11 intended destinations and September Guarantee offers from schools (docs/feeds.md): each row joins the pupil
 * the school census already holds; a row without a valid UPN is quarantined, and a destination, status or offer
 * UKPRN that does not check out is left out with a warning while the rest of the row is kept.
 */
class SchoolDestinationsFeedIT extends HubIntegrationTest {

    private static final String FEED = "school-destinations";
    private static final long SEED = 7002;
    /** This class's LA: every UPN below carries 878. */
    private static final String LA = "878";
    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);
    private static final List<YoungPerson> PEOPLE = SeparateCohort.of(400, SEED, LA);

    @Test
    void year11DestinationsJoinTheirCensusPupilsAndFlawedRowsAreQuarantinedOrKeptWithAWarning() throws Exception {
        List<YoungPerson> year11 = PEOPLE.stream().filter(SchoolDestinationsFile::covers).toList();
        assertThat(year11).as("Year 11 pupils with a UPN among the generated young people").hasSizeGreaterThan(40);
        SeparateCohort.assertUnknownToTheHub(api(), year11);
        int n = year11.size() - 4;
        List<YoungPerson> valid = year11.subList(0, n);
        List<YoungPerson> flawed = year11.subList(n, n + 4);

        Path census = tempFile("census-year11.csv");
        new SchoolCensusFile(CENSUS_DATE, SEED).write(year11, NameVariants.unchanged(), census);
        FeedController.RunView censusRun = dropAndWait("school-census", "census-year11-878.csv", census);
        assertThat(censusRun.stored()).isEqualTo(year11.size());
        Map<String, UUID> pupil = new HashMap<>();
        for (YoungPerson p : year11) {
            pupil.put(p.upn(), UUID.fromString((String) person(p).get("hubId")));
        }

        // four rows a school's MIS might send: a mistyped UPN, and three values that are not in their lists
        Path donors = tempFile("flawed-destinations.csv");
        new SchoolDestinationsFile(YoungPersonCohort.AS_AT, SEED).write(flawed, NameVariants.unchanged(), donors);
        List<String> rows = Files.readAllLines(donors).subList(1, 5);
        String badUpn = wrongCheckLetter(flawed.get(0).upn());
        List<String> extra = List.of(
                withField(rows.get(0), 0, badUpn),
                withField(rows.get(1), 5, "999"),
                withField(rows.get(2), 6, "199"),
                withField(rows.get(3), 7, "20090011"));
        Path file = tempFile("destinations-summer.csv");
        int written = new SchoolDestinationsFile(YoungPersonCohort.AS_AT, SEED)
                .write(valid, NameVariants.unchanged(), file, extra);
        assertThat(written).isEqualTo(n + 4);

        FeedController.RunView run;
        Set<UUID> changed;
        try (PersonChangedListener listener = new PersonChangedListener(BROKER_URL, "destinations-it")) {
            run = dropAndWait(FEED, "destinations-summer.csv", file);
            changed = listener.hubIdsOfRun(run.id(), n + 3, 30_000);
        }

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(n + 4);
        assertThat(run.stored()).isEqualTo(n + 3);
        assertThat(run.quarantined()).isEqualTo(1);
        assertThat(run.duplicates()).isZero();
        assertThat(run.warnings()).isEqualTo(3);

        // the header is line 1 and the valid rows lines 2 to n + 1
        List<Map<String, Object>> rejects = rejects(FEED, run.id());
        assertThat(rejects).extracting(r -> r.get("line"), r -> r.get("rule"), r -> r.get("column"), r -> r.get("field"),
                r -> r.get("value")).containsExactly(tuple(n + 2, "upn-check-letter", "UPN", "person.upn", badUpn));
        assertThat(SeparateCohort.warnings(api(), FEED, run))
                .extracting(w -> w.get("line"), w -> w.get("rule"), w -> w.get("column"), w -> w.get("field"),
                        w -> w.get("value"))
                .containsExactly(
                        tuple(n + 3, "code-unknown", "IntendedDestination", "guarantee.intendedDestination", "999"),
                        tuple(n + 4, "code-unknown", "GuaranteeStatus", "guarantee.year11Status", "199"),
                        tuple(n + 5, "ukprn-format", "OfferUKPRN", "guarantee.offerUkprn", "20090011"));

        Set<UUID> expectedChanged = new HashSet<>();
        for (YoungPerson p : valid) {
            CurrentActivity.Year11Destination d = destination(p);
            Map<?, ?> person = person(p);
            assertThat(person.get("hubId")).as("%s joins the census pupil", p.upn()).isEqualTo(pupil.get(p.upn()).toString());
            assertThat((List<?>) person.get("mergedRecords")).as("no second person record for %s", p.upn()).isEmpty();
            Map<?, ?> g = fromDestinations(person);
            assertThat(g.get("yearGroup")).isEqualTo(11);
            assertThat(g.get("status")).isEqualTo(d.guaranteeStatus());
            assertThat(g.get("intendedDestination")).isEqualTo(d.intendedDestination());
            assertThat(g.get("offerUkprn")).isEqualTo(d.offer() == null ? null : d.offer().ukprn());
            assertThat(g.get("offerDate")).isEqualTo(d.offerDate() == null ? null : d.offerDate().toString());
            expectedChanged.add(pupil.get(p.upn()));
        }
        // a value that does not check out is left out; the rest of the row is kept
        Map<?, ?> noDestination = fromDestinations(person(flawed.get(1)));
        assertThat(noDestination.get("intendedDestination")).isNull();
        assertThat(noDestination.get("status")).isEqualTo(destination(flawed.get(1)).guaranteeStatus());
        Map<?, ?> noStatus = fromDestinations(person(flawed.get(2)));
        assertThat(noStatus.get("status")).isNull();
        assertThat(noStatus.get("intendedDestination")).isEqualTo(destination(flawed.get(2)).intendedDestination());
        Map<?, ?> noOffer = fromDestinations(person(flawed.get(3)));
        assertThat(noOffer.get("offerUkprn")).isNull();
        assertThat(noOffer.get("status")).isEqualTo(destination(flawed.get(3)).guaranteeStatus());
        for (YoungPerson p : flawed.subList(1, 4)) {
            assertThat(person(p).get("hubId")).isEqualTo(pupil.get(p.upn()).toString());
            expectedChanged.add(pupil.get(p.upn()));
        }
        assertThat((List<?>) person(flawed.get(0)).get("septemberGuarantee"))
                .as("the quarantined row reached nobody").isEmpty();
        assertThat(changed).as("the young people the run changed are the census pupils, none new").isEqualTo(expectedChanged);
    }

    private static CurrentActivity.Year11Destination destination(YoungPerson p) {
        return CurrentActivity.of(p, YoungPersonCohort.AS_AT, SEED).year11();
    }

    /** A UPN with the check letter after the right one: the digits are right, the letter mistyped. */
    private static String wrongCheckLetter(String upn) {
        String letters = "ABCDEFGHJKLMNPQRTUVWXYZ";
        return letters.charAt((letters.indexOf(upn.charAt(0)) + 1) % letters.length()) + upn.substring(1);
    }

    private static String withField(String row, int index, String value) {
        String[] f = row.split(",", -1);
        f[index] = value;
        return String.join(",", f);
    }

    private Map<?, ?> person(YoungPerson p) {
        ResponseEntity<Map> r = api().getForEntity("/api/young-people?upn=" + p.upn(), Map.class);
        assertThat(r.getStatusCode().value()).as("UPN %s", p.upn()).isEqualTo(200);
        return r.getBody();
    }

    /** The Year 11 September Guarantee as the school-destinations feed reported it. */
    private static Map<?, ?> fromDestinations(Map<?, ?> person) {
        List<?> guarantees = (List<?>) person.get("septemberGuarantee");
        List<Map<?, ?>> mine = new ArrayList<>();
        for (Object g : guarantees) {
            if (FEED.equals(((Map<?, ?>) g).get("sourceFeed"))) {
                mine.add((Map<?, ?>) g);
            }
        }
        assertThat(mine).as("September Guarantee from %s for %s", FEED, person.get("upn")).hasSize(1);
        return mine.get(0);
    }
}
