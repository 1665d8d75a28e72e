package org.pathwayshub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.pathwayshub.system.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With {@code hub.demo.cohort-size} set (HUB_DEMO_COHORT, or the {@code demo} profile), writes a synthetic
 * cohort's census and attendance files into the inboxes once, so a new user sees the feeds at work within a
 * minute of starting the hub. Generated data only, never real people.
 */
@Component
public class DemoCohortLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoCohortLoader.class);

    private final HubProperties hub;

    public DemoCohortLoader(HubProperties hub) {
        this.hub = hub;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void dropDemoFiles() {
        int size = hub.getDemo().getCohortSize();
        if (size <= 0) {
            return;
        }
        Path marker = hub.dataDir().resolve("demo-cohort.txt");
        if (Files.exists(marker)) {
            log.info("Demo cohort already delivered (see {}); delete that file to deliver it again", marker);
            return;
        }
        SyntheticCohort cohort = SyntheticCohort.demo(size, hub.getDemo().getSeed());
        long census = CohortFiles.writeCensus(cohort, hub.inbox("school-census").resolve("demo-census-2026-10.csv"), List.of());
        long attendance = CohortFiles.writeAttendance(cohort, hub.inbox("attendance").resolve("demo-attendance-2026.csv"),
                hub.getDemo().getSeed() + 1);
        try {
            Files.writeString(marker, "synthetic cohort of " + size + " pupils (seed " + hub.getDemo().getSeed()
                    + "): " + census + " census rows, " + attendance + " attendance rows\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Demo: wrote a synthetic cohort of {} pupils ({} census rows, {} attendance rows) into the inboxes",
                size, census, attendance);
    }
}
