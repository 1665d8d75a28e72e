package org.pathwayshub.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The log scan looks only for the people {@link GeneratedPeople} wrote down, so a cohort a test makes and writes
 * out without writing it down would go unlooked-for. Fails on such a cohort in the integration tests' sources.
 */
class GeneratedPeopleTest {

    private static final Path SOURCES = Path.of("it-tests/src/test/java/org/pathwayshub");

    @Test
    void everyCohortATestMakesIsWrittenDownOrMadeIntoYoungPeopleWhoWriteThemselvesDown() throws Exception {
        List<String> unrecorded = new ArrayList<>();
        int cohorts = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                    // a benchmark's million people are never written down (the benchmark profile turns it off)
                    .filter(f -> !f.toString().contains("/benchmark/"))
                    .filter(f -> !f.getFileName().toString().equals("GeneratedPeopleTest.java")).sorted().toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                List<String> lines = source.lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (!line.contains("new SyntheticCohort(") && !line.contains("SyntheticCohort.demo(")) {
                        continue;
                    }
                    cohorts++;
                    boolean writtenDown = line.contains("GeneratedPeople.pupils(");
                    // the convention of YoungPersonCohort, SeparateCohort and HostileCorpus: made into YoungPersons
                    boolean madeIntoYoungPeople = line.contains("SyntheticCohort fourYearsEarlier =")
                            && source.contains("fromPupils(fourYearsEarlier");
                    if (!writtenDown && !madeIntoYoungPeople) {
                        unrecorded.add(SOURCES.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(cohorts).as("cohorts found in %s", SOURCES).isGreaterThan(10);
        assertThat(unrecorded).as("cohorts neither in GeneratedPeople.pupils(...) nor made into YoungPersons").isEmpty();
    }
}
