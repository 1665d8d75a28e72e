package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayshub.it.LogPrivacyScan.Kind;
import org.pathwayshub.testdata.GeneratedPeople.Person;

/** The log scan finds what is planted in a log, where, and of whom; and lets be what is no one's data. */
class LogPrivacyScanTest {

    private static final String HUB = "2026-12-05T13:15:30.472Z  INFO 10556 --- [pathways-hub] [           main] "
            + "o.p.ingest.FeedIngestor                  : ";
    private static final String TEST_SIDE = "2026-12-05T13:15:30.472Z  INFO 10556 --- [pathways-hub] [           main] "
            + "o.pathwayshub.it.AccessDrillIT           : ";
    private static final Person OLIVIA = new Person("pupil", "A925000000001", "Olivia", "Smith-Jones", LocalDate.of(2009, 3, 14),
            "NM3 4AB", "A925000000001", "1234567890", "AB123456C", "6010000001007");

    @TempDir
    Path dir;

    @Test
    void eachKindOfValuePlantedInAHubLogIsFoundWithItsLineAndWhoseItIs() throws Exception {
        Path log = dir.resolve("hub.log");
        Files.write(log, List.of(
                HUB + "Feed school-census: run 7 stored 120 records",
                HUB + "record rejected: Smith-Jones, Olivia born 14/03/2009",
                "    at org.pathwayshub.ingest.FeedIngestor.store(FeedIngestor.java:99) postcode NM34AB",
                HUB + "keys upn=A925000000001 uln=1234567890 nino AB123456C ypid 6010000001007 dob 2009-03-14",
                HUB + "young people: Young person changed; a ULN of 11234567890 is someone else's"), StandardCharsets.UTF_8);

        LogPrivacyScan.Result result = new LogPrivacyScan(List.of(OLIVIA)).scan(List.of(log));

        assertThat(result.findings()).extracting(f -> f.line() + " " + f.kind() + " " + f.value()).containsExactlyInAnyOrder(
                "2 FULL_NAME Smith-Jones Olivia", "2 FAMILY_NAME Smith-Jones", "2 DATE_OF_BIRTH 14/03/2009",
                "3 POSTCODE NM34AB", "4 UPN A925000000001", "4 ULN 1234567890", "4 NINO AB123456C", "4 YPID 6010000001007",
                "4 DATE_OF_BIRTH 2009-03-14");
        assertThat(result.findings()).allSatisfy(f -> assertThat(f.person()).isEqualTo("pupil A925000000001"))
                .allSatisfy(f -> assertThat(f.file()).isEqualTo(log));
        assertThat(result.findings()).map(LogPrivacyScan.Finding::toString)
                .contains(log + ":2: FULL_NAME 'Smith-Jones Olivia' of pupil A925000000001");
        assertThat(result.linesScanned()).isEqualTo(5);
    }

    @Test
    void theTestSidesOwnLinesAndTheirContinuationsAreLeftOut() throws Exception {
        Path log = dir.resolve("AccessDrillIT-output.txt");
        Files.write(log, List.of(
                TEST_SIDE + "sent Olivia Smith-Jones",
                "  continued: born 2009-03-14",
                "13:19:19.467 [main] INFO org.apache.sshd.server.SshServer -- received Olivia Smith-Jones",
                HUB + "Olivia Smith-Jones"), StandardCharsets.UTF_8);

        LogPrivacyScan.Result result = new LogPrivacyScan(List.of(OLIVIA)).scan(List.of(log));

        assertThat(result.linesOfTheTestSide()).isEqualTo(3);
        assertThat(result.findings()).extracting(LogPrivacyScan.Finding::line, LogPrivacyScan.Finding::kind)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(4L, Kind.FULL_NAME),
                        org.assertj.core.groups.Tuple.tuple(4L, Kind.FAMILY_NAME));
    }
}
