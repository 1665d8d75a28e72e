package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.ReferralsJson.Referral;
import org.pathwayshub.testdata.ReferralsJson;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Referrals from any partner, as a JSON file, a CSV file or a POST: each stored once (per sending organisation
 * and its own referral id) in state RECEIVED, and each one refused named by its element or line and field.
 */
class ReferralsIT extends HubIntegrationTest {

    private static final LocalDate AS_AT = YoungPersonCohort.AS_AT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSV_HEADER = "ReferralId,FromOrg,FromContact,ToService,UPN,ULN,NINO,GivenName,FamilyName,DOB,"
            + "Postcode,Reason,Type,Needs,ConsentGiven,ConsentDate,ConsentScope,CreatedAt,LawfulBasis";

    @Autowired
    private JdbcTemplate hubDb;

    @Test
    void aJsonFileOfReferralsIsStoredAsReceivedAndEachBrokenReferralIsQuarantinedNamingItsElementAndField() throws Exception {
        long seed = 8031;
        List<YoungPerson> people = PartnerFeedData.youngPeople(25, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        List<Referral> referrals = new ReferralsJson(AS_AT, seed).referrals(people, p -> p);
        List<Referral> donors = new ReferralsJson(AS_AT, 8032).referrals(PartnerFeedData.youngPeople(3, 8032), p -> p);
        List<String> broken = List.of(
                without(donors.get(0), "toService"),                             // [26]
                with(donors.get(1), "type", "URGENT"),                           // [27]: not a referral type, and type is required
                without(donors.get(2), "consent", "given"));                     // [28]
        Path file = tempFile("referrals-2026-10-31.json");
        assertThat(new ReferralsJson(AS_AT, seed).write(people, p -> p, file, broken)).isEqualTo(28);

        FeedController.RunView run = dropAndWait("referrals", "referrals-2026-10-31.json", file);

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(28);
        assertThat(run.stored()).isEqualTo(25);
        assertThat(run.quarantined()).isEqualTo(3);
        assertThat(run.duplicates()).isZero();
        assertThat(HUB_HOME.resolve("inbox/referrals/done/run-" + run.id() + "-referrals-2026-10-31.json")).exists();
        assertReceived(referrals);

        List<Map<String, Object>> rejects = rejects("referrals", run.id());
        assertThat(rejects).hasSize(3);
        // "[" on line 1, one referral a line after it
        assertReject(rejects.get(0), "[26]", 27, "toService", "referral.toService", null, "required");
        assertReject(rejects.get(1), "[27]", 28, "type", "referral.type", "URGENT", "code-unknown");
        assertReject(rejects.get(2), "[28]", 29, "consent/given", "referral.consentGiven", null, "required");

        FeedController.RunView again = dropAndWait("referrals", "referrals-2026-10-31-resent.json", file);
        assertThat(again.id()).isNotEqualTo(run.id());
        assertThat(again.received()).isEqualTo(28);
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(25);
        assertThat(again.quarantined()).isEqualTo(3);
        assertThat(countReferrals(referrals)).as("each referral kept once").isEqualTo(25);
    }

    @Test
    void aCsvFileOfReferralsIsStoredTheSameWay() throws Exception {
        long seed = 8033;
        List<YoungPerson> people = PartnerFeedData.youngPeople(20, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        List<Referral> referrals = new ReferralsJson(AS_AT, seed).referrals(people, p -> p);
        List<String> lines = new ArrayList<>();
        lines.add(CSV_HEADER);
        referrals.forEach(r -> lines.add(csv(r, r.toService(), r.type(), String.valueOf(r.consent().given()))));
        Referral donor = referrals.get(0);
        List<Referral> brokenDonors = new ReferralsJson(AS_AT, 8032).referrals(PartnerFeedData.youngPeople(3, 8032), p -> p);
        lines.add(csv(brokenDonors.get(0), "", donor.type(), "true"));                 // line 22: no ToService
        lines.add(csv(brokenDonors.get(1), donor.toService(), "URGENT", "true"));      // line 23: not a referral type
        lines.add(csv(brokenDonors.get(2), donor.toService(), donor.type(), ""));      // line 24: no ConsentGiven
        Path file = tempFile("referrals-2026-10-31.csv");
        Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);

        FeedController.RunView run = dropAndWait("referrals-csv", "referrals-2026-10-31.csv", file);

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(23);
        assertThat(run.stored()).isEqualTo(20);
        assertThat(run.quarantined()).isEqualTo(3);
        assertThat(run.duplicates()).isZero();
        assertReceived(referrals);

        List<Map<String, Object>> rejects = rejects("referrals-csv", run.id());
        assertThat(rejects).hasSize(3);
        assertReject(rejects.get(0), null, 22, "ToService", "referral.toService", null, "required");
        assertReject(rejects.get(1), null, 23, "Type", "referral.type", "URGENT", "code-unknown");
        assertReject(rejects.get(2), null, 24, "ConsentGiven", "referral.consentGiven", null, "required");

        FeedController.RunView again = dropAndWait("referrals-csv", "referrals-2026-10-31-resent.csv", file);
        assertThat(again.received()).isEqualTo(23);
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(20);
        assertThat(again.quarantined()).isEqualTo(3);
        assertThat(countReferrals(referrals)).isEqualTo(20);
    }

    @Test
    void aPostedReferralOrArrayOfReferralsIsAnsweredWithWhatWasStoredAndWhatWasRefused() throws Exception {
        long seed = 8034;
        List<YoungPerson> people = PartnerFeedData.youngPeople(4, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        List<Referral> referrals = new ReferralsJson(AS_AT, seed).referrals(people, p -> p);
        String array = "[" + ReferralsJson.toJson(referrals.get(0)) + "," + ReferralsJson.toJson(referrals.get(1)) + ","
                + ReferralsJson.toJson(referrals.get(2)) + "," + without(referrals.get(3), "toService") + "]";

        ResponseEntity<Map<String, Object>> posted = post(array);

        assertThat(posted.getStatusCode().value()).isEqualTo(202);
        Map<String, Object> intake = posted.getBody();
        assertThat(intake).containsEntry("received", 4).containsEntry("stored", 3).containsEntry("quarantined", 1)
                .containsEntry("duplicates", 0);
        long runId = ((Number) intake.get("runId")).longValue();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> refused = (List<Map<String, Object>>) intake.get("rejects");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0)).containsEntry("element", "[4]").containsEntry("field", "referral.toService")
                .containsEntry("rule", "required");
        // the request is a run of the referrals feed like any file
        FeedController.RunView run = api().getForEntity("/api/feeds/referrals/runs/" + runId, FeedController.RunView.class).getBody();
        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(4);
        assertThat(run.stored()).isEqualTo(3);
        assertThat(rejects("referrals", runId)).hasSize(1);
        assertReceived(referrals.subList(0, 3));

        Map<String, Object> one = post(ReferralsJson.toJson(referrals.get(3))).getBody();
        assertThat(one).containsEntry("received", 1).containsEntry("stored", 1).containsEntry("quarantined", 0)
                .containsEntry("duplicates", 0).containsEntry("rejects", List.of());
        assertReceived(referrals);

        Map<String, Object> resent = post(ReferralsJson.toJson(referrals.get(3))).getBody();
        assertThat(resent).containsEntry("received", 1).containsEntry("stored", 0).containsEntry("duplicates", 1);
        assertThat(countReferrals(referrals)).isEqualTo(4);

        assertThat(post("[{\"referralId\": ").getStatusCode().value()).as("a body that is not JSON").isEqualTo(400);
    }

    /** Every referral is stored once, in state RECEIVED, with what its sender said, and its first life-cycle event. */
    private void assertReceived(List<Referral> referrals) {
        Map<String, Map<String, Object>> stored = hubDb.queryForList("""
                        select r.referral_ref, r.from_org, r.from_contact, r.to_service, r.referral_type, r.consent_given, r.state,
                          p.family_name, p.dob, (select count(*) from referral_event e where e.referral_id = r.id and e.state = 'RECEIVED') as events
                        from referral r join young_person p on p.hub_id = r.hub_id where r.referral_ref = any(?)""",
                (Object) referrals.stream().map(Referral::referralId).toArray(String[]::new))
                .stream().collect(Collectors.toMap(r -> (String) r.get("referral_ref"), r -> r));
        assertThat(stored).hasSize(referrals.size());
        for (Referral r : referrals) {
            Map<String, Object> row = stored.get(r.referralId());
            assertThat(row).as("referral %s", r.referralId()).isNotNull();
            assertThat(row.get("state")).isEqualTo("RECEIVED");
            assertThat(row.get("from_org")).isEqualTo(r.fromOrg());
            assertThat(row.get("from_contact")).isEqualTo(r.fromContact());
            assertThat(row.get("to_service")).isEqualTo(r.toService());
            assertThat(row.get("referral_type")).isEqualTo(r.type());
            assertThat(row.get("consent_given")).isEqualTo(r.consent().given());
            assertThat(row.get("family_name")).as("the young person referred").isEqualTo(r.person().familyName());
            assertThat(row.get("dob").toString()).isEqualTo(r.person().dob());
            assertThat(((Number) row.get("events")).intValue()).isEqualTo(1);
        }
        List<Map<String, Object>> listed = api().exchange("/api/referrals?state=RECEIVED&size=1000", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        Set<String> ids = referrals.stream().map(Referral::referralId).collect(Collectors.toSet());
        assertThat(listed.stream().filter(l -> ids.contains(l.get("referralId")))).hasSize(referrals.size());
    }

    private int countReferrals(List<Referral> referrals) {
        return hubDb.queryForObject("select count(*) from referral where referral_ref = any(?)", Integer.class,
                (Object) referrals.stream().map(Referral::referralId).toArray(String[]::new));
    }

    private static void assertReject(Map<String, Object> reject, String element, long line, String column, String field,
                                     String value, String rule) {
        assertThat(reject.get("element")).isEqualTo(element);
        assertThat(((Number) reject.get("line")).longValue()).isEqualTo(line);
        assertThat(reject.get("column")).as("column of %s", reject).isEqualTo(column);
        assertThat(reject.get("field")).isEqualTo(field);
        assertThat(reject.get("value")).isEqualTo(value);
        assertThat(reject.get("rule")).isEqualTo(rule);
        assertThat((String) reject.get("reason")).isNotBlank();
    }

    private ResponseEntity<Map<String, Object>> post(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return api().exchange("/api/referrals", HttpMethod.POST, new HttpEntity<>(body, headers),
                new ParameterizedTypeReference<Map<String, Object>>() { });
    }

    /** The referral as JSON without one element (a path of names: "consent", "given"). */
    private static String without(Referral r, String... path) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(ReferralsJson.toJson(r));
        ObjectNode parent = node;
        for (int i = 0; i < path.length - 1; i++) {
            parent = (ObjectNode) parent.get(path[i]);
        }
        parent.remove(path[path.length - 1]);
        return JSON.writeValueAsString(node);
    }

    private static String with(Referral r, String element, String value) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(ReferralsJson.toJson(r));
        node.put(element, value);
        return JSON.writeValueAsString(node);
    }

    /** A referral as a row of the CSV layout (mappings/feeds/referrals-csv.yaml), with the three fields given. */
    private static String csv(Referral r, String toService, String type, String consentGiven) {
        ReferralsJson.Person p = r.person();
        return PartnerFeedData.csvRow(r.referralId(), r.fromOrg(), r.fromContact(), toService, p.upn(), p.uln(), p.nino(),
                p.givenName(), p.familyName(), p.dob(), p.postcode(), r.reason(), type, String.join(";", r.needs()),
                consentGiven, r.consent().date(), r.consent().scope(), r.createdAt(), r.lawfulBasis());
    }
}
