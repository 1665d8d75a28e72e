package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Young people for one integration test class, kept apart from every other class sharing the hub. A UPN carries
 * the LA number and a YoungPersonsID the NCCIS DatabaseID, so each class has an LA number of its own and uses it
 * as its DatabaseID too ({@link YoungPersonCohort#generate} always uses LA 925 and DatabaseID 601, whose UPNs and
 * YoungPersonsIDs repeat from seed to seed). ULNs and National Insurance numbers are random draws from the seed.
 * Reserved here: seeds 7001 (LA 877, NccisXmlFeedIT), 7002 (LA 878, SchoolDestinationsFeedIT), 7003 (LA 879,
 * DwpClaimantsFeedIT), 7004 (LA 880), 7005 (LA 882), 7006 (LA 883) and 7007 (LA 884, NccisReturnIT), 7008 (LA 885, HeadlineMeasuresIT), 7009 (LA 886, NccisRoundTripIT), 7010 (LA 887, NccisPlantedErrorsIT), 7011 (LA 888, NccisReturnIT), 7012 (LA 889, AccessIT). {@link #assertUnknownToTheHub} makes a clash show as a clash rather than as a wrong count.
 */
final class SeparateCohort {

    private SeparateCohort() {
    }

    /** {@code size} young people as at {@link YoungPersonCohort#AS_AT}, with UPNs and YoungPersonsIDs of LA {@code laCode}. */
    static List<YoungPerson> of(int size, long seed, String laCode) {
        SyntheticCohort fourYearsEarlier = new SyntheticCohort(size, seed, laCode, YoungPersonCohort.AS_AT.minusYears(4),
                YoungPersonCohort.POSTCODE_DISTRICTS);
        List<YoungPerson> people = YoungPersonCohort.fromPupils(fourYearsEarlier, YoungPersonCohort.AS_AT, laCode, seed);
        Set<String> ids = new HashSet<>();
        for (YoungPerson p : people) {
            for (String id : new String[] {p.upn(), p.uln(), p.nino(), p.ypid()}) {
                assertThat(id == null || ids.add(id)).as("identifier %s drawn once in seed %d", id, seed).isTrue();
            }
        }
        return people;
    }

    /**
     * No UPN, ULN, YoungPersonsID or National Insurance number of the first few of these young people is held in the
     * hub yet: a class sharing this LA number would clash on them all. Each lookup costs a password check, so only
     * a few are made.
     */
    static void assertUnknownToTheHub(TestRestTemplate api, List<YoungPerson> people) {
        for (YoungPerson p : people.subList(0, Math.min(3, people.size()))) {
            for (String[] id : new String[][] {{"upn", p.upn()}, {"uln", p.uln()}, {"ypid", p.ypid()},
                    {"nino", p.nino()}}) {
                if (id[1] != null) {
                    assertThat(api.getForEntity("/api/young-people?" + id[0] + "=" + id[1], Map.class).getStatusCode().value())
                            .as("%s %s is not yet in the hub: another test class shares it", id[0], id[1]).isEqualTo(404);
                }
            }
        }
    }

    /** The warnings listed with a run: records kept, each with a value left out or a rule it breaks. */
    static List<Map<String, Object>> warnings(TestRestTemplate api, String feedId, FeedController.RunView run) {
        ResponseEntity<List<Map<String, Object>>> r = api.exchange("/api/feeds/" + feedId + "/runs/" + run.id() + "/warnings",
                HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
        assertThat(r.getStatusCode().is2xxSuccessful()).isTrue();
        return r.getBody();
    }
}
