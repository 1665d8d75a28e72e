package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * A data team onboards a partner's own variant of a standard layout with a routes file and a mapping file only
 * (it-tests/src/test/resources/onboarding): other header names in another order, DD/MM/YYYY dates, Windows-1252
 * text and the partner's own code words. The same pupils sent both ways end up with the same facts.
 */
class OnboardingIT extends HubIntegrationTest {

    private static final DateTimeFormatter UK = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final String TRUST_HEADER = "Legal Surname,Legal Forename,Pupil UPN,Date of Birth,Sex,Post Code,"
            + "DfE Number,Year Group,Free Meals,SEN Status,Home Language,Census";

    @Test
    void aPartnersOwnLayoutNeedsOnlyARoutesFileAndAMappingFile() throws Exception {
        LocalDate census = LocalDate.of(2026, 10, 1);
        List<Pupil> pupils = new ArrayList<>();
        String[] accented = {"Zoë", "Chloé", "Siân", "Renée"};
        int i = 0;
        for (Pupil p : GeneratedPeople.pupils(new SyntheticCohort(80, 91, "940", census, List.of("NM3")))) {
            String forename = i < accented.length ? accented[i] : p.forename();
            // the accented names are this test's own: written down with the rest for the log scan
            pupils.add(GeneratedPeople.record(new Pupil(p.upn(), forename, p.middleNames(), p.surname(), p.dob(), p.gender(),
                    p.postcode(), p.laEstab(), p.ncYear(), p.fsm(), p.senProvision(), p.firstLanguage(), p.attendanceRate(),
                    p.monthlySuspensionChance())));
            i++;
        }
        Path standard = tempFile("census-standard.csv");
        StringBuilder rows = new StringBuilder(CohortFiles.CENSUS_HEADER).append("\r\n");
        pupils.forEach(p -> rows.append(CohortFiles.censusRow(p, census)).append("\r\n"));
        Files.writeString(standard, rows);
        FeedController.RunView first = dropAndWait("school-census", "census-standard.csv", standard);
        assertThat(first.stored()).isEqualTo(80);

        Path trust = tempFile("trust-census.csv");
        try (BufferedWriter out = Files.newBufferedWriter(trust, Charset.forName("windows-1252"))) {
            out.write(TRUST_HEADER + "\r\n");
            for (Pupil p : pupils) {
                out.write(String.join(",", p.surname(), p.forename(), p.upn(), p.dob().format(UK),
                        p.gender().equals("F") ? "Female" : "Male", p.postcode(), p.laEstab(), "Year " + p.ncYear(),
                        p.fsm() ? "Eligible" : "Not eligible",
                        switch (p.senProvision()) { case 'E' -> "EHCP"; case 'K' -> "SEN Support"; default -> "None"; },
                        p.firstLanguage(), census.format(UK)) + "\r\n");
            }
        }
        FeedController.RunView variant = dropAndWait("academy-trust-census", "trust-census.csv", trust);

        assertThat(variant.state()).isEqualTo("COMPLETED");
        assertThat(variant.received()).isEqualTo(80);
        assertThat(variant.stored()).isEqualTo(80);
        assertThat(variant.quarantined()).isZero();
        assertThat(variant.warnings()).isZero();
        for (Pupil p : pupils) {
            Map<?, ?> person = api().getForObject("/api/young-people?upn=" + p.upn(), Map.class);
            assertThat(person.get("givenName")).as("Windows-1252 read as such").isEqualTo(p.forename());
            assertThat(person.get("dob")).isEqualTo(p.dob().toString());
            assertThat(person.get("gender")).isEqualTo(p.gender());
            assertThat(person.get("fsm")).isEqualTo(p.fsm());
            assertThat(person.get("senProvision")).isEqualTo(String.valueOf(p.senProvision()));
            assertThat(person.get("ncYear")).isEqualTo(p.ncYear());
            List<?> ids = (List<?>) person.get("identifiers");
            assertThat(ids).as("one young person, not two: the variant joined the standard record").hasSize(1);
        }
    }
}
