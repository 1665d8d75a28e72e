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

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.Test;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.DwpClaimantsFile;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.SchoolCensusFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.http.ResponseEntity;

/**
 * New claims from Jobcentre Plus (docs/feeds.md): the National Insurance number identifies a claim, so a record without
 * a valid one is quarantined with the rule it breaks; consent to share is kept with each claim exactly as sent, and
 * a claim without it is quarantined. DWP sends no UPN: a claimant whose names, date of birth and postcode are a
 * census pupil's joins that pupil.
 */
class DwpClaimantsFeedIT extends HubIntegrationTest {

    private static final String FEED = "dwp-claimants";
    private static final long SEED = 7003;
    /** This class's LA: every UPN below carries 879. */
    private static final String LA = "879";
    private static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);
    private static final List<YoungPerson> PEOPLE = SeparateCohort.of(300, SEED, LA);

    /** A claimant row with one defect, and how the hub must quarantine it. */
    private record Invalid(String row, String rule, String column, String field, String value, String reasonSays) {
    }

    @Test
    void claimsAreStoredWithConsentAsSentAndRowsWithAnInvalidNinoOrNoConsentAreQuarantinedWithTheirRule() throws Exception {
        List<YoungPerson> claimants = PEOPLE.subList(0, 120).stream().filter(DwpClaimantsFile::covers).toList();
        List<YoungPerson> donors = PEOPLE.subList(120, 150).stream().filter(DwpClaimantsFile::covers).limit(6).toList();
        SeparateCohort.assertUnknownToTheHub(api(), PEOPLE.subList(0, 150));
        List<Invalid> invalid = invalidRows(donors);
        Path file = tempFile("claims.csv");
        int written = new DwpClaimantsFile(YoungPersonCohort.AS_AT, SEED).write(claimants, NameVariants.unchanged(), file,
                invalid.stream().map(Invalid::row).toList());
        int n = claimants.size();
        assertThat(written).isEqualTo(n + 6);
        Map<String, Map<String, String>> sent = rowsByNino(file);
        assertThat(sent.values()).extracting(r -> r.get("ConsentToShare")).as("claims with and without consent")
                .contains("Y", "N");

        FeedController.RunView run;
        Set<UUID> changed;
        try (PersonChangedListener listener = new PersonChangedListener(BROKER_URL, "dwp-claims-it")) {
            run = dropAndWait(FEED, "claims-2026-11-02.csv", file);
            changed = listener.hubIdsOfRun(run.id(), n, 30_000);
        }

        assertThat(run.state()).isEqualTo("COMPLETED");
        assertThat(run.received()).isEqualTo(n + 6);
        assertThat(run.stored()).isEqualTo(n);
        assertThat(run.quarantined()).isEqualTo(6);
        assertThat(run.duplicates()).isZero();
        assertThat(run.warnings()).isZero();

        List<Map<String, Object>> rejects = rejects(FEED, run.id());
        assertThat(rejects).hasSize(6);
        for (int i = 0; i < invalid.size(); i++) {
            Map<String, Object> reject = rejects.get(i);
            Invalid expected = invalid.get(i);
            // the header is line 1 and the valid rows lines 2 to n + 1
            assertThat(((Number) reject.get("line")).intValue()).isEqualTo(n + 2 + i);
            assertThat(reject).extracting("rule", "column", "field", "value").as("line %d", n + 2 + i)
                    .containsExactly(expected.rule(), expected.column(), expected.field(), expected.value());
            assertThat((String) reject.get("reason")).contains(expected.reasonSays());
        }

        // no claimant is known to the hub by anything else, so each is a new young person holding their claim
        Set<String> hubIds = new HashSet<>();
        for (YoungPerson p : claimants) {
            Map<?, ?> person = api().getForEntity("/api/young-people?nino=" + p.nino(), Map.class).getBody();
            Map<String, String> row = sent.get(p.nino());
            assertThat(person.get("nino")).isEqualTo(p.nino());
            assertThat((List<?>) person.get("claims")).as("claims of %s", p.nino()).singleElement().satisfies(c -> {
                Map<?, ?> claim = (Map<?, ?>) c;
                assertThat(claim.get("claimStart")).isEqualTo(row.get("ClaimStartDate"));
                assertThat(claim.get("benefitType")).isEqualTo(row.get("BenefitType"));
                assertThat(claim.get("jobcentreOffice")).isEqualTo(row.get("JobcentreOffice"));
                assertThat(claim.get("consentToShare")).as("consent of %s", p.nino())
                        .isEqualTo("Y".equals(row.get("ConsentToShare")));
            });
            hubIds.add((String) person.get("hubId"));
        }
        assertThat(changed).hasSize(n);
        assertThat(changed).extracting(UUID::toString).containsExactlyInAnyOrderElementsOf(hubIds);
        assertThat(api().getForEntity("/api/young-people?nino=" + donors.get(5).nino(), Map.class).getStatusCode().value())
                .as("nothing of a claim without consent is stored").isEqualTo(404);
    }

    @Test
    void aClaimantWithACensusPupilsNamesBirthDateAndPostcodeJoinsThatPupil() throws Exception {
        List<YoungPerson> people = PEOPLE.subList(150, 300);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        List<YoungPerson> pupils = people.stream().filter(SchoolCensusFile::covers).toList();
        List<YoungPerson> claimants = people.stream().filter(DwpClaimantsFile::covers).toList();
        List<YoungPerson> claimantPupils = claimants.stream().filter(p -> p.upn() != null).toList();
        assertThat(claimantPupils).hasSizeGreaterThan(50);

        Path census = tempFile("census-879.csv");
        new SchoolCensusFile(CENSUS_DATE, SEED).write(people, NameVariants.unchanged(), census);
        FeedController.RunView censusRun = dropAndWait("school-census", "census-879.csv", census);
        assertThat(censusRun.stored()).isEqualTo(pupils.size());
        Map<String, String> pupilHubId = new HashMap<>();
        for (YoungPerson p : claimantPupils) {
            pupilHubId.put(p.upn(), (String) person(p).get("hubId"));
        }

        // Jobcentre Plus keeps names in capitals, and sends no UPN
        Path file = tempFile("claims-879.csv");
        new DwpClaimantsFile(YoungPersonCohort.AS_AT, SEED).write(people, NameVariants.bothNames(NameVariants::upperCase), file);
        FeedController.RunView run;
        Set<UUID> changed;
        try (PersonChangedListener listener = new PersonChangedListener(BROKER_URL, "dwp-join-it")) {
            run = dropAndWait(FEED, "claims-879.csv", file);
            changed = listener.hubIdsOfRun(run.id(), claimants.size(), 30_000);
        }

        assertThat(run.received()).isEqualTo(claimants.size());
        assertThat(run.stored()).isEqualTo(claimants.size());
        assertThat(run.quarantined()).isZero();
        List<UUID> joined = new ArrayList<>();
        for (YoungPerson p : claimantPupils) {
            Map<?, ?> person = person(p);
            assertThat(person.get("hubId")).as("claimant %s joins pupil %s", p.nino(), p.upn())
                    .isEqualTo(pupilHubId.get(p.upn()));
            assertThat(person.get("nino")).isEqualTo(p.nino());
            assertThat((List<?>) person.get("identifiers")).extracting(i -> ((Map<?, ?>) i).get("scheme"),
                    i -> ((Map<?, ?>) i).get("value"), i -> ((Map<?, ?>) i).get("sourceFeed"))
                    .contains(tuple("UPN", p.upn(), "school-census"), tuple("NINO", p.nino(), FEED));
            assertThat((List<?>) person.get("claims")).hasSize(1);
            assertThat((List<?>) person.get("mergedRecords")).hasSize(1);
            joined.add(UUID.fromString(pupilHubId.get(p.upn())));
        }
        assertThat(changed).as("one young person per claim: the pupils joined, and claimants with no UPN new")
                .hasSize(claimants.size()).containsAll(joined);
    }

    /** Six rows of real claimants, each with one defect from the rules of docs/feeds.md for a National Insurance number or consent. */
    private static List<Invalid> invalidRows(List<YoungPerson> donors) throws Exception {
        Path file = tempFile("donor-claims.csv");
        new DwpClaimantsFile(YoungPersonCohort.AS_AT, SEED).write(donors, NameVariants.unchanged(), file);
        List<String> rows = Files.readAllLines(file).subList(1, 7);
        List<Invalid> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String row = rows.get(i);
            String nino = row.substring(0, row.indexOf(','));
            String rest = row.substring(row.indexOf(','));
            out.add(switch (i) {
                case 0 -> {
                    String shape = nino.substring(0, 2) + nino.substring(3);
                    yield new Invalid(shape + rest, "nino-format", "NINO", "person.nino", shape, "six digits");
                }
                case 1 -> {
                    String first = "D" + nino.substring(1);
                    yield new Invalid(first + rest, "nino-prefix", "NINO", "person.nino", first, "first letter");
                }
                case 2 -> {
                    String second = nino.charAt(0) + "O" + nino.substring(2);
                    yield new Invalid(second + rest, "nino-prefix", "NINO", "person.nino", second, "second letter");
                }
                case 3 -> {
                    String neverIssued = "GB" + nino.substring(2);
                    yield new Invalid(neverIssued + rest, "nino-prefix", "NINO", "person.nino", neverIssued, "GB never is");
                }
                case 4 -> {
                    String finalE = nino.substring(0, 8) + "E";
                    yield new Invalid(finalE + rest, "nino-format", "NINO", "person.nino", finalE, "A to D");
                }
                default -> new Invalid(row.substring(0, row.lastIndexOf(',') + 1), "required", "ConsentToShare",
                        "claim.consentToShare", null, "claim.consentToShare");
            });
        }
        return out;
    }

    /** The valid rows of a claims file by NINO, as the header names their columns. */
    private static Map<String, Map<String, String>> rowsByNino(Path file) throws Exception {
        Map<String, Map<String, String>> rows = new HashMap<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (it.hasNext()) {
                Map<String, String> row = it.next();
                rows.put(row.get("NINO"), row);
            }
        }
        return rows;
    }

    private Map<?, ?> person(YoungPerson p) {
        ResponseEntity<Map> r = api().getForEntity("/api/young-people?upn=" + p.upn(), Map.class);
        assertThat(r.getStatusCode().value()).as("UPN %s", p.upn()).isEqualTo(200);
        return r.getBody();
    }
}
