package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * Drill 7 of issue 17, privacy: after every other integration test has run (a failsafe execution of its own, after
 * the default one), none of the generated people's names, dates of birth, postcodes or identifiers is in any log of
 * the run: the output of each test JVM (the in-process hub logs there: *-output.txt under target/failsafe-reports
 * and target/surefire-reports) and each hub started as a process of its own (target/hub-process-logs). The people
 * are those {@link GeneratedPeople} wrote down as the tests made them.
 */
class LogPrivacyScanIT {

    private static final Path TARGET = Path.of("target");

    @Test
    void noGeneratedPersonsNameBirthDatePostcodeOrIdentifierIsInAnyLogOfTheRun() throws IOException {
        Path registry = Path.of(System.getProperty(GeneratedPeople.DIR_PROPERTY, "target/generated-people"));
        List<GeneratedPeople.Person> people = GeneratedPeople.readAll(registry);
        List<Path> logs = new ArrayList<>();
        logs.addAll(files(TARGET.resolve("failsafe-reports"), "-output.txt"));
        logs.addAll(files(TARGET.resolve("surefire-reports"), "-output.txt"));
        logs.addAll(files(TARGET.resolve("hub-process-logs"), ""));

        LogPrivacyScan.Result result = new LogPrivacyScan(people).scan(logs);

        System.out.printf("Log privacy scan: %d generated people, %d log files, %.1f MB, %d lines of the hub scanned (%d of "
                        + "the test side left out), %d findings%n", result.people(), result.files(),
                result.bytes() / 1_000_000.0, result.linesScanned(), result.linesOfTheTestSide(), result.findings().size());
        // a scan of nothing passes nothing: the run wrote people down and the hub logged
        assertThat(people).as("generated people written down in %s", registry).isNotEmpty();
        assertThat(logs).as("log files of the run under %s", TARGET).isNotEmpty();
        assertThat(result.linesScanned()).as("lines of the hub's logs scanned").isGreaterThan(100);
        assertThat(result.findings()).as("generated people's personal data in the logs (file:line: kind 'value' of whom)")
                .extracting(LogPrivacyScan.Finding::toString).isEmpty();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
