package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathwayshub.alert.AlertController.AlertView;
import org.pathwayshub.feed.FeedController.RunView;
import org.pathwayshub.testdata.EnrolmentsFile;
import org.pathwayshub.testdata.SchoolDestinationsFile;
import org.pathwayshub.testdata.YoungPerson;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Transition drift (issue 18): last year's Year 11, with a September Guarantee offer from a named provider in the
 * school-destinations feed, and no enrolment in post16-enrolments by the enrolment deadline, raise OFFER_NOT_TAKEN_UP
 * once each, to the LA tracking team and the careers provider for where they live; the drift report lists exactly them;
 * a withdrawal raises WITHDRAWN. Each young person here is built for one case, so exactly who must raise what is known.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransitionDriftIT extends HubIntegrationTest {

    private static final long SEED = 7801;
    /** This class's LA: every UPN and school below carries 935. */
    private static final String LA = "935";
    private static final String SCHOOL_A = "9354001";
    private static final String SCHOOL_B = "9354002";
    private static final String FE_COLLEGE = "10090022";
    private static final String TRAINING = "10090055";
    private static final LocalDate TODAY = LocalDate.now();
    private static final LocalDate YEAR_START = ScenarioFeeds.academicYearStart(TODAY);
    /** The enrolment deadline in mappings/routing/alert-rules.yaml: 30 September. */
    private static final LocalDate DEADLINE = YEAR_START.withDayOfMonth(30);
    private static final List<YoungPerson> COHORT = SeparateCohort.of(40, SEED, LA).stream()
            .filter(p -> p.upn() != null && p.uln() != null).toList();

    /** An offer and no enrolment: the non-starters. */
    private final YoungPerson nonStarterNorthA = lastYearsYear11(0, "01-20", "NM2", SCHOOL_A);
    private final YoungPerson nonStarterSouthA = lastYearsYear11(1, "03-08", "NM6", SCHOOL_A);
    private final YoungPerson nonStarterNorthB = lastYearsYear11(2, "05-17", "NM4", SCHOOL_B);
    private final YoungPerson nonStarterSouthB = lastYearsYear11(3, "07-02", "NM7", SCHOOL_B);
    /** An offer, and enrolled in September. */
    private final YoungPerson starterA = lastYearsYear11(4, "02-11", "NM1", SCHOOL_A);
    private final YoungPerson starterB = lastYearsYear11(5, "06-23", "NM5", SCHOOL_B);
    /** An offer, enrolled in September, then withdrew: a withdrawal, not an offer not taken up. */
    private final YoungPerson withdrew = lastYearsYear11(6, "04-04", "NM3", SCHOOL_A);
    /** No offer (status 140, no provider): SEPTEMBER_GUARANTEE_MISSING's business, not this alert's. */
    private final YoungPerson noOffer = lastYearsYear11(7, "08-15", "NM2", SCHOOL_B);

    private final List<YoungPerson> nonStarters = List.of(nonStarterNorthA, nonStarterSouthA, nonStarterNorthB, nonStarterSouthB);
    private final List<YoungPerson> everyone = List.of(nonStarterNorthA, nonStarterSouthA, nonStarterNorthB, nonStarterSouthB,
            starterA, starterB, withdrew, noOffer);
    private final Map<YoungPerson, String> offeredBy = Map.of(nonStarterNorthA, FE_COLLEGE, nonStarterSouthA, TRAINING,
            nonStarterNorthB, FE_COLLEGE, nonStarterSouthB, FE_COLLEGE, starterA, FE_COLLEGE, starterB, TRAINING,
            withdrew, FE_COLLEGE);
    private final Map<String, UUID> hubIds = new HashMap<>();

    @Test
    @Order(0)
    void schoolsCollegesAndTheSweepSayWhatTheyKnow() {
        SeparateCohort.assertUnknownToTheHub(api(), everyone);
        // the May census of their Year 11: the school the drift report counts them under
        LocalDate mayCensus = ScenarioFeeds.latestCensusDay(YEAR_START.minusDays(1));
        Path census = ScenarioFeeds.csv(tempFile("census-drift.csv"), ScenarioFeeds.CENSUS_HEADER,
                everyone.stream().map(p -> ScenarioFeeds.censusRow(p, mayCensus, false, 'N', "ENG")).toList());
        assertThat(dropAndWait("school-census", "census-drift.csv", census).stored()).isEqualTo(everyone.size());

        // the colleges' enrolments are in by the deadline; the alert is raised on the first change or sweep after it
        LocalDate enrolled = YEAR_START.plusDays(2);
        // recent, as a withdrawal in this week's file is: an old one is recorded, not sent (recentDays)
        LocalDate withdrawal = TODAY.minusDays(3).isAfter(enrolled) ? TODAY.minusDays(3) : enrolled.plusDays(1);
        LocalDate plannedEnd = LocalDate.of(YEAR_START.getYear() + 1, 7, 31);
        Path enrolments = ScenarioFeeds.csv(tempFile("enrolments-drift.csv"), EnrolmentsFile.HEADER, List.of(
                enrolment(starterA, FE_COLLEGE, "\"Northmere College, Fenside Campus\"", enrolled, "FE", plannedEnd, null),
                enrolment(starterB, TRAINING, "Northmere Training Partnership", enrolled, "TRAINEESHIP", plannedEnd, null),
                enrolment(withdrew, FE_COLLEGE, "\"Northmere College, Fenside Campus\"", enrolled, "FE", plannedEnd,
                        withdrawal)));
        PartnerFeedData.putOnServer("enrolments", "enrolments-drift.csv", enrolments);
        RunView enrolmentsRun = pollAndWait("post16-enrolments");
        assertThat(enrolmentsRun.file()).isEqualTo("enrolments-drift.csv");
        assertThat(enrolmentsRun.stored()).as("stored; rejects: %s", rejects("post16-enrolments", enrolmentsRun.id()).stream()
                .map(r -> r.get("line") + " " + r.get("rule") + " " + r.get("field")).toList()).isEqualTo(3);

        List<String> destinations = new ArrayList<>();
        LocalDate offerDate = YEAR_START.minusMonths(5);
        for (YoungPerson p : everyone) {
            String provider = offeredBy.get(p);
            destinations.add(String.join(",", p.upn(), p.givenName(), p.familyName(), p.dob().toString(), p.laEstab(), "211",
                    provider == null ? "140" : "120", provider == null ? "" : provider,
                    provider == null ? "" : offerDate.toString()));
        }
        Path destinationsFile = ScenarioFeeds.csv(tempFile("destinations-drift.csv"), SchoolDestinationsFile.HEADER, destinations);
        RunView destinationsRun = dropAndWait("school-destinations", "destinations-drift.csv", destinationsFile);
        assertThat(destinationsRun.stored()).isEqualTo(everyone.size());
        assertThat(destinationsRun.warnings()).isZero();

        runJob("alert-sweep");
        for (YoungPerson p : everyone) {
            assertThat((List<?>) person(p).get("mergedRecords")).as("one young person for %s", p.upn()).isEmpty();
        }
    }

    @Test
    @Order(1)
    void eachNonStarterRaisesOfferNotTakenUpOnceToTheTrackingTeamAndTheirAreasCareersProvider() {
        List<AlertView> raised = offerAlertsAboutEveryone();

        if (!TODAY.isAfter(DEADLINE)) {
            assertThat(raised).as("nothing before the enrolment deadline %s", DEADLINE).isEmpty();
            return;
        }
        assertThat(raised).extracting(AlertView::hubId, AlertView::service).containsExactlyInAnyOrder(
                tuple(hubId(nonStarterNorthA), "la-tracking"), tuple(hubId(nonStarterNorthA), "careers-north"),
                tuple(hubId(nonStarterSouthA), "la-tracking"), tuple(hubId(nonStarterSouthA), "careers-south"),
                tuple(hubId(nonStarterNorthB), "la-tracking"), tuple(hubId(nonStarterNorthB), "careers-north"),
                tuple(hubId(nonStarterSouthB), "la-tracking"), tuple(hubId(nonStarterSouthB), "careers-south"));
        assertThat(raised.stream().map(AlertView::alertId).distinct().count()).as("one alert per non-starter")
                .isEqualTo(nonStarters.size());
        assertThat(raised).allSatisfy(a -> assertThat(a.reason()).contains("not taken up", DEADLINE.toString()));
        assertThat(raised).filteredOn(a -> a.hubId().equals(hubId(nonStarterSouthA)))
                .allSatisfy(a -> assertThat(a.reason()).contains(TRAINING));
    }

    @Test
    @Order(2)
    void theSweepAgainRaisesNothingNew() {
        List<AlertView> before = offerAlertsAboutEveryone();

        runJob("alert-sweep");

        assertThat(offerAlertsAboutEveryone()).extracting(AlertView::alertId, AlertView::service)
                .containsExactlyInAnyOrderElementsOf(before.stream().map(a -> tuple(a.alertId(), a.service())).toList());
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void theDriftReportListsExactlyTheNonStartersByYear11SchoolAndByProvider() {
        Map<String, Object> report = drift(YEAR_START.getYear());

        assertThat(report.get("deadline")).isEqualTo(DEADLINE.toString());
        Map<String, Map<String, Object>> bySchool = byKey((List<Map<String, Object>>) report.get("bySchool"));
        // this class's schools are its own: their lines are exactly its young people with an offer
        assertThat(bySchool.get(SCHOOL_A)).as("school %s", SCHOOL_A).containsEntry("offers", 4).containsEntry("enrolled", 2)
                .containsEntry("notEnrolled", 2);
        assertThat((List<String>) bySchool.get(SCHOOL_A).get("nonStarters"))
                .containsExactlyInAnyOrder(id(nonStarterNorthA), id(nonStarterSouthA));
        assertThat(bySchool.get(SCHOOL_B)).as("school %s", SCHOOL_B).containsEntry("offers", 3).containsEntry("enrolled", 1)
                .containsEntry("notEnrolled", 2);
        assertThat((List<String>) bySchool.get(SCHOOL_B).get("nonStarters"))
                .containsExactlyInAnyOrder(id(nonStarterNorthB), id(nonStarterSouthB));

        // providers make offers to other classes' young people too: of this class's, exactly its non-starters
        Map<String, Map<String, Object>> byProvider = byKey((List<Map<String, Object>>) report.get("byProvider"));
        List<String> mine = everyone.stream().map(this::id).toList();
        assertThat((List<String>) byProvider.get(FE_COLLEGE).get("nonStarters")).filteredOn(mine::contains)
                .containsExactlyInAnyOrder(id(nonStarterNorthA), id(nonStarterNorthB), id(nonStarterSouthB));
        assertThat((List<String>) byProvider.get(TRAINING).get("nonStarters")).filteredOn(mine::contains)
                .containsExactlyInAnyOrder(id(nonStarterSouthA));
    }

    @Test
    @Order(4)
    void theYearBeforeHoldsNoneOfThem() {
        Map<String, Object> report = drift(YEAR_START.getYear() - 1);
        assertThat(report.toString()).doesNotContain(SCHOOL_A, SCHOOL_B);
    }

    @Test
    @Order(5)
    void theWithdrawalRaisesWithdrawnOnceToTheTrackingTeamAndTheCareersProvider() {
        List<AlertView> raised = new ArrayList<>();
        for (YoungPerson p : everyone) {
            raised.addAll(alerts("type=WITHDRAWN&hubId=" + hubId(p)));
        }

        assertThat(raised).extracting(AlertView::hubId, AlertView::service).containsExactlyInAnyOrder(
                tuple(hubId(withdrew), "la-tracking"), tuple(hubId(withdrew), "careers-north"));
        assertThat(raised.stream().map(AlertView::alertId).distinct().count()).as("one alert").isEqualTo(1);
    }

    // ---- the generated people and their files

    /** A young person of this class in Year 12 now (Year 11 last year), living in {@code district}, of {@code school}. */
    private static YoungPerson lastYearsYear11(int n, String birthday, String district, String school) {
        YoungPerson p = COHORT.get(n);
        LocalDate dob = ScenarioFeeds.bornInYearGroup(12, MonthDay.parse("--" + birthday), TODAY);
        String inward = p.postcode().substring(p.postcode().indexOf(' ') + 1);
        return new YoungPerson(p.personNo(), p.upn(), p.uln(), p.nino(), p.ypid(), p.givenName(), p.familyName(), dob,
                p.gender(), district + " " + inward, school, ScenarioFeeds.academicAge(dob, TODAY), false, false);
    }

    /** A row of the enrolments file; a provider name with a comma in it comes quoted. */
    private static String enrolment(YoungPerson p, String ukprn, String provider, LocalDate start, String programme,
                                    LocalDate plannedEnd, LocalDate withdrawn) {
        return String.join(",", p.uln(), p.upn(), p.givenName(), p.familyName(), p.dob().toString(), p.postcode(), ukprn,
                provider, start.toString(), programme, plannedEnd.toString(), withdrawn == null ? "N" : "Y",
                withdrawn == null ? "" : withdrawn.toString());
    }

    // ---- the hub's API

    private List<AlertView> offerAlertsAboutEveryone() {
        List<AlertView> all = new ArrayList<>();
        for (YoungPerson p : everyone) {
            all.addAll(alerts("type=OFFER_NOT_TAKEN_UP&hubId=" + hubId(p)));
        }
        return all;
    }

    private List<AlertView> alerts(String query) {
        ResponseEntity<List<AlertView>> r = api().exchange("/api/alerts?" + query, HttpMethod.GET, null,
                new ParameterizedTypeReference<>() { });
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        return r.getBody();
    }

    private Map<String, Object> drift(int year) {
        ResponseEntity<Map<String, Object>> r = api().exchange("/api/drift?year=" + year, HttpMethod.GET, null,
                new ParameterizedTypeReference<>() { });
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        return r.getBody();
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> lines) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        lines.forEach(l -> out.put((String) l.get("key"), l));
        return out;
    }

    private String id(YoungPerson p) {
        return hubId(p).toString();
    }

    private UUID hubId(YoungPerson p) {
        return hubIds.computeIfAbsent(p.upn(), upn -> UUID.fromString((String) person(p).get("hubId")));
    }

    private Map<?, ?> person(YoungPerson p) {
        ResponseEntity<Map> r = api().getForEntity("/api/young-people?upn=" + p.upn(), Map.class);
        assertThat(r.getStatusCode().value()).as("UPN %s", p.upn()).isEqualTo(200);
        return r.getBody();
    }
}
