package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.testdata.GeneratedPeople;

/**
 * The built jar as a user starts it, on its embedded defaults: killed with SIGKILL after storing a file, it
 * leaves its PostgreSQL server running; the next start clears that server and finds everything stored. With no
 * SMTP server configured (the defaults), the email a school's careers lead would get is shown as such. Its
 * PostgreSQL server killed under it, it starts the server again and stores the next file.
 * The pupils are in the demo directory's authority (925), seed 61, in a hub of their own.
 */
class RestartIT {

    @Test
    void aHubKilledWithSigkillStartsAgainWithItsDataKept() throws Exception {
        Path home = Files.createTempDirectory("hub-restart-");
        // a folder others may enter, as a service account's home often is
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        SyntheticCohort pupils = GeneratedPeople.pupils(new SyntheticCohort(50, 61, "925", LocalDate.of(2026, 10, 1), List.of("NM6")));
        Path file = home.resolve("census.csv");
        CohortFiles.writeCensus(pupils, file, List.of());
        Pupil someone = pupils.iterator().next();

        HubProcess first = HubProcess.start(home, "first.log");
        try {
            Files.createDirectories(home.resolve("inbox/school-census"));
            Files.move(file, home.resolve("inbox/school-census/census.csv"));
            JsonNode run = first.awaitRun("school-census", 50, 60);
            assertThat(run.path("stored").asInt()).isEqualTo(50);
            // what it holds about young people is for the hub's own user only
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
                    .isEqualTo("rwx------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data"))))
                    .isEqualTo("rwx------");
        } finally {
            first.kill();
        }
        Path pid = home.resolve("data/postgres/postmaster.pid");
        assertThat(pid).as("the killed hub's PostgreSQL server is still running").exists();
        long orphan = Long.parseLong(Files.readAllLines(pid).get(0).trim());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        HubProcess second = HubProcess.start(home, "second.log");
        try {
            JsonNode person = HubProcess.json(second.get("/api/young-people?upn=" + someone.upn()));
            assertThat(person.path("familyName").asText()).isEqualTo(someone.surname());
            JsonNode census = null;
            for (JsonNode f : HubProcess.json(second.get("/api/feeds"))) {
                if (f.path("id").asText().equals("school-census")) {
                    census = f;
                }
            }
            assertThat(census).isNotNull();
            // ready means able to store and to deliver: the readiness probe follows the database and the broker
            JsonNode ready = HubProcess.json(second.get("/actuator/health/readiness"));
            assertThat(ready.path("status").asText()).isEqualTo("UP");
            assertThat(ready.path("components").has("db")).as("readiness follows the database: %s", ready).isTrue();
            assertThat(ready.path("components").has("jms")).as("readiness follows the broker: %s", ready).isTrue();
            assertThat(census.path("lastRun").path("stored").asInt()).isEqualTo(50);
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                    .as("the orphaned server was stopped").isFalse();

            // the RISK_RAISED alerts for school 9254000's careers lead go by email, and no SMTP server is configured
            JsonNode unsendable = null;
            long end = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < end && (unsendable == null || unsendable.isEmpty())) {
                Thread.sleep(500);
                unsendable = HubProcess.json(second.get("/api/alerts?service=school-9254000-careers&state=UNSENDABLE"));
            }
            assertThat(unsendable).as("the careers lead's alerts").isNotEmpty();
            assertThat(unsendable.get(0).path("delivery").path("lastError").asText()).contains("HUB_SMTP_HOST");
            assertThat(HubProcess.json(second.get("/api/alerts?service=school-9254000-careers&state=PENDING")))
                    .as("none waiting as PENDING for ever").isEmpty();

            // its PostgreSQL server killed under it, the hub starts it again and goes on storing
            long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).trim());
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
            SyntheticCohort more = GeneratedPeople.pupils(new SyntheticCohort(20, 62, "925", LocalDate.of(2026, 10, 1), List.of("NM6")));
            Path later = home.resolve("census-later.csv");
            CohortFiles.writeCensus(more, later, List.of());
            Files.move(later, home.resolve("inbox/school-census/census-later.csv"));
            JsonNode afterRestart = second.awaitRun("school-census", 20, 120);
            assertThat(afterRestart.path("stored").asInt()).isEqualTo(20);
            assertThat(Long.parseLong(Files.readAllLines(pid).get(0).trim())).as("a new server").isNotEqualTo(postmaster);
            assertThat(HubProcess.json(second.get("/actuator/health/readiness")).path("status").asText()).isEqualTo("UP");
        } finally {
            assertThat(second.stop()).as("a SIGTERM stops the hub").isTrue();
        }
        assertThat(pid).as("a clean stop stops PostgreSQL too").doesNotExist();
    }
}
