package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.EnrolmentsFile;
import org.pathwayshub.testdata.SchoolCensusFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Enrolments and withdrawals from colleges and training providers, fetched from their shared SFTP server: an
 * enrolment is an activity spell with the NCCIS code of its programme, a withdrawal ends it, and a learner is
 * known by ULN, else UPN.
 */
class EnrolmentsSftpIT extends HubIntegrationTest {

    private static final String FEED = "post16-enrolments";
    private static final String FOLDER = "enrolments";
    private static final LocalDate AS_AT = YoungPersonCohort.AS_AT;
    /** The NCCIS activity each ProgrammeType stands for (docs/feeds.md; mappings/feeds/post16-enrolments.yaml). */
    private static final Map<String, String> ACTIVITY_OF = Map.of("SIXTH_FORM", "220", "FE", "230", "APPRENTICESHIP", "310",
            "TRAINEESHIP", "450", "SUPPORTED_INTERNSHIP", "460", "HE", "240");

    @Autowired
    private JdbcTemplate hubDb;

    @Test
    void anEnrolmentSetsTheActivityOfItsProgrammeAndTheSameEnrolmentWithdrawnInALaterFileEndsIt() throws Exception {
        long seed = 8011;
        List<YoungPerson> people = PartnerFeedData.youngPeople(60, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path file = tempFile("enrolments-2026-10-31.csv");
        int rows = new EnrolmentsFile(AS_AT, seed).write(people, p -> p, file);
        List<Map<String, String>> enrolments = PartnerFeedData.readCsv(file);
        assertThat(enrolments).hasSize(rows);
        assertThat(enrolments).extracting(e -> e.get("ProgrammeType")).contains("FE", "APPRENTICESHIP", "SIXTH_FORM");
        assertThat(enrolments).extracting(e -> e.get("Withdrawn")).contains("Y", "N");
        assertThat(enrolments).allSatisfy(e -> assertThat(e.get("ULN") + e.get("UPN")).isNotEmpty());
        PartnerFeedData.putOnServer(FOLDER, "enrolments-2026-10-31.csv", file);

        FeedController.RunView run = pollAndWait(FEED);

        assertThat(run.file()).isEqualTo("enrolments-2026-10-31.csv");
        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(rows);
        assertThat(run.stored()).isEqualTo(rows);
        assertThat(run.quarantined()).isZero();
        assertThat(hubDb.queryForObject("select kind from feed_run where id = ?", String.class, run.id())).isEqualTo("sftp");
        assertThat(SFTP.folder(FOLDER + "/done").resolve("run-" + run.id() + "-enrolments-2026-10-31.csv")).exists();

        for (Map<String, String> e : enrolments) {
            Map<String, Object> person = learner(e);
            Map<String, Object> spell = onlySpell(person);
            assertThat(spell.get("code")).as("activity for %s", e.get("ProgrammeType")).isEqualTo(ACTIVITY_OF.get(e.get("ProgrammeType")));
            assertThat(spell.get("startDate")).isEqualTo(e.get("LearningStartDate"));
            assertThat(spell.get("ukprn")).isEqualTo(e.get("UKPRN"));
            assertThat(spell.get("predictedEndDate")).isEqualTo(e.get("PlannedEndDate"));
            if (e.get("Withdrawn").equals("N")) {
                assertThat(spell.get("endDate")).isNull();
                assertThat(person.get("activity")).as("current activity").isEqualTo(spell);
            } else {
                assertThat(spell.get("endDate")).isEqualTo(e.get("WithdrawalDate"));
                assertThat(person.get("activity")).as("a withdrawal leaves no current activity").isNull();
            }
        }

        // a week later the college reports five of the enrolled learners withdrawn
        List<Map<String, String>> withdrawn = enrolments.stream().filter(e -> e.get("Withdrawn").equals("N")).limit(5).toList();
        assertThat(withdrawn).hasSize(5);
        List<String> lines = new ArrayList<>();
        lines.add(EnrolmentsFile.HEADER);
        List<LocalDate> withdrawalDates = new ArrayList<>();
        for (Map<String, String> e : withdrawn) {
            LocalDate start = LocalDate.parse(e.get("LearningStartDate"));
            LocalDate date = start.plusDays(7).isBefore(LocalDate.now()) ? start.plusDays(7) : LocalDate.now().minusDays(1);
            withdrawalDates.add(date);
            lines.add(PartnerFeedData.csvRow(e.get("ULN"), e.get("UPN"), e.get("Forename"), e.get("Surname"), e.get("DOB"),
                    e.get("Postcode"), e.get("UKPRN"), e.get("ProviderName"), e.get("LearningStartDate"),
                    e.get("ProgrammeType"), e.get("PlannedEndDate"), "Y", date));
        }
        Path later = tempFile("enrolments-2026-11-07.csv");
        Files.writeString(later, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        PartnerFeedData.putOnServer(FOLDER, "enrolments-2026-11-07.csv", later);

        FeedController.RunView next = pollAndWait(FEED);

        assertThat(next.file()).isEqualTo("enrolments-2026-11-07.csv");
        assertThat(next.received()).isEqualTo(5);
        assertThat(next.stored()).isEqualTo(5);
        for (int i = 0; i < withdrawn.size(); i++) {
            Map<String, String> e = withdrawn.get(i);
            Map<String, Object> person = learner(e);
            Map<String, Object> spell = onlySpell(person);
            assertThat(spell.get("startDate")).as("the same spell, ended").isEqualTo(e.get("LearningStartDate"));
            assertThat(spell.get("endDate")).isEqualTo(withdrawalDates.get(i).toString());
            assertThat(spell.get("effectiveEnd")).isEqualTo(withdrawalDates.get(i).toString());
            assertThat(person.get("activity")).as("the withdrawn enrolment is no longer the current activity").isNull();
        }
    }

    @Test
    void aRowWithoutAValidUlnOrUpnIsQuarantinedAndAnInvalidIdentifierBesideAValidOneIsKeptWithAWarning() throws Exception {
        List<YoungPerson> people = PartnerFeedData.youngPeople(40, 8012).stream()
                .filter(p -> EnrolmentsFile.covers(p) && p.uln() != null && p.upn() != null).limit(6).toList();
        assertThat(people).hasSize(6);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        String wrongCheckLetter = (people.get(5).upn().charAt(0) == 'A' ? "B" : "A") + people.get(5).upn().substring(1);
        List<String> lines = List.of(EnrolmentsFile.HEADER,
                enrolment(people.get(0), people.get(0).uln(), people.get(0).upn()),  // line 2: both valid
                enrolment(people.get(1), "", ""),                                    // line 3: neither
                enrolment(people.get(2), "0123456789", ""),                          // line 4: ULN starting 0, no UPN
                enrolment(people.get(3), "", "UN2"),                                 // line 5: UPN "not known", no ULN
                enrolment(people.get(4), "12345", people.get(4).upn()),              // line 6: ULN too short, UPN valid
                enrolment(people.get(5), people.get(5).uln(), wrongCheckLetter));    // line 7: ULN valid, UPN check letter wrong
        Path file = tempFile("enrolments-identifiers.csv");
        Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        PartnerFeedData.putOnServer(FOLDER, "enrolments-identifiers.csv", file);

        FeedController.RunView run = pollAndWait(FEED);

        assertThat(run.file()).isEqualTo("enrolments-identifiers.csv");
        assertThat(run.received()).isEqualTo(6);
        assertThat(run.stored()).isEqualTo(3);
        assertThat(run.quarantined()).isEqualTo(3);
        assertThat(run.warnings()).isEqualTo(2);

        List<Map<String, Object>> rejects = rejects(FEED, run.id());
        assertThat(rejects).extracting(r -> ((Number) r.get("line")).longValue()).containsExactly(3L, 4L, 5L);
        for (Map<String, Object> reject : rejects) {
            assertThat(problems(reject)).as("line %s", reject.get("line"))
                    .anySatisfy(p -> {
                        assertThat(p.get("rule")).isEqualTo("required");
                        assertThat(p.get("column")).isEqualTo("ULN or UPN");
                        assertThat(p.get("field")).isEqualTo("person.uln or person.upn");
                    });
        }
        assertThat(problems(rejects.get(1))).anySatisfy(p -> {
            assertThat(p.get("rule")).isEqualTo("uln-format");
            assertThat(p.get("column")).isEqualTo("ULN");
            assertThat(p.get("value")).isEqualTo("0123456789");
        });

        List<Map<String, Object>> warnings = SeparateCohort.warnings(api(), FEED, run);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).containsEntry("line", 6).containsEntry("column", "ULN").containsEntry("field", "person.uln")
                .containsEntry("value", "12345").containsEntry("rule", "uln-format");
        assertThat(warnings.get(1)).containsEntry("line", 7).containsEntry("column", "UPN").containsEntry("field", "person.upn")
                .containsEntry("value", wrongCheckLetter).containsEntry("rule", "upn-check-letter");

        Map<String, Object> keptByUpn = find("upn", people.get(4).upn());
        assertThat(keptByUpn.get("uln")).as("the invalid ULN is left out").isNull();
        assertThat(((Map<?, ?>) keptByUpn.get("activity")).get("code")).isEqualTo("230");
        Map<String, Object> keptByUln = find("uln", people.get(5).uln());
        assertThat(keptByUln.get("upn")).as("the invalid UPN is left out").isNull();
        assertThat(((Map<?, ?>) keptByUln.get("activity")).get("code")).isEqualTo("230");
        assertThat(api().getForEntity("/api/young-people?upn=" + wrongCheckLetter, Map.class).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aLearnerWithTheUlnAndUpnOfAPupilInTheCensusJoinsThatPupil() throws Exception {
        long seed = 8013;
        List<YoungPerson> people = PartnerFeedData.youngPeople(40, seed);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path census = tempFile("census-2026-10-01.csv");
        int pupils = new SchoolCensusFile(LocalDate.of(2026, 10, 1), seed).write(people, p -> p, census);
        FeedController.RunView censusRun = dropAndWait("school-census", "census-8013.csv", census);
        assertThat(censusRun.stored()).isEqualTo(pupils);

        Path file = tempFile("enrolments-8013.csv");
        int rows = new EnrolmentsFile(AS_AT, seed).write(people, p -> p, file);
        List<Map<String, String>> enrolments = PartnerFeedData.readCsv(file);
        PartnerFeedData.putOnServer(FOLDER, "enrolments-8013.csv", file);
        FeedController.RunView run = pollAndWait(FEED);
        assertThat(run.received()).isEqualTo(rows);
        assertThat(run.stored()).isEqualTo(rows);

        List<Map<String, String>> known = enrolments.stream().filter(e -> !e.get("ULN").isEmpty() && !e.get("UPN").isEmpty()).toList();
        long withoutUpn = enrolments.stream().filter(e -> e.get("UPN").isEmpty()).count();
        assertThat(known).hasSizeGreaterThan(20);
        for (Map<String, String> e : known) {
            Map<String, Object> byUln = find("uln", e.get("ULN"));
            Map<String, Object> byUpn = find("upn", e.get("UPN"));
            assertThat(byUln.get("hubId")).as("learner %s", e.get("ULN")).isEqualTo(byUpn.get("hubId"));
            assertThat(byUln.get("census")).as("the pupil's census return").isNotNull();
            assertThat(((Map<?, ?>) byUln.get("census")).get("sourceFeed")).isEqualTo("school-census");
            assertThat((List<?>) byUln.get("activityHistory")).hasSize(1);
            assertThat(byUln.get("mergedRecords")).as("joined by UPN, not merged by a score").isEqualTo(List.of());
            // the ULN is attached to the census pupil's own record
            UUID ulnHolder = hubDb.queryForObject("select hub_id from person_identifier where scheme = 'ULN' and value = ?",
                    UUID.class, e.get("ULN"));
            UUID upnHolder = hubDb.queryForObject("select hub_id from person_identifier where scheme = 'UPN' and value = ?",
                    UUID.class, e.get("UPN"));
            assertThat(ulnHolder).isEqualTo(upnHolder);
        }
        Integer created = hubDb.queryForObject("""
                select count(*) from young_person p
                where exists (select 1 from person_identifier i where i.hub_id = p.hub_id and i.first_run_id = ?)
                  and not exists (select 1 from person_identifier i where i.hub_id = p.hub_id and i.first_run_id <> ?)""",
                Integer.class, run.id(), run.id());
        assertThat(created).as("new young people: only the learners without a UPN").isEqualTo((int) withoutUpn);
    }

    /** An FE enrolment at a college this September, with the identifiers given. */
    private static String enrolment(YoungPerson p, String uln, String upn) {
        return PartnerFeedData.csvRow(uln, upn, p.givenName(), p.familyName(), p.dob(), p.postcode(), "10090022",
                "Northmere College, Fenside Campus", "2026-09-07", "FE", "2027-07-31", "N", null);
    }

    private Map<String, Object> learner(Map<String, String> enrolment) {
        return enrolment.get("ULN").isEmpty() ? find("upn", enrolment.get("UPN")) : find("uln", enrolment.get("ULN"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> find(String scheme, String value) {
        ResponseEntity<Map> r = api().getForEntity("/api/young-people?" + scheme + "=" + value, Map.class);
        assertThat(r.getStatusCode().value()).as("young person with %s %s", scheme, value).isEqualTo(200);
        return r.getBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlySpell(Map<String, Object> person) {
        List<Map<String, Object>> history = (List<Map<String, Object>>) person.get("activityHistory");
        assertThat(history).as("activity history of %s", person.get("hubId")).hasSize(1);
        assertThat(history.get(0).get("sourceFeed")).isEqualTo(FEED);
        return history.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> problems(Map<String, Object> reject) {
        return (List<Map<String, Object>>) reject.get("problems");
    }
}
