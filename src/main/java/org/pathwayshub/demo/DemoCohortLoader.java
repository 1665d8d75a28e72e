package org.pathwayshub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * minute of starting the hub, three census rows quarantined among them; and the CCIS's NCCIS file for the sixth form
 * and last year's leavers ({@link TrackedCohort}), so the tracking team's not-known queue has young people on it.
 * Generated data only, never real people.
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
        long census = CohortFiles.writeCensus(cohort, hub.inbox("school-census").resolve("demo-census-2026-10.csv"),
                brokenRows(cohort));
        long attendance = CohortFiles.writeAttendance(cohort, hub.inbox("attendance").resolve("demo-attendance-2026.csv"),
                hub.getDemo().getSeed() + 1);
        TrackedCohort tracked = TrackedCohort.demo(size, hub.getDemo().getSeed() + 2, LocalDate.now());
        long tracking = TrackingFile.write(tracked, hub.inbox("nccis-xml").resolve("demo-nccis-" + tracked.periodEnd() + ".xml"),
                hub.getDemo().getSeed() + 3);
        try {
            Files.writeString(marker, "synthetic cohort of " + size + " pupils (seed " + hub.getDemo().getSeed()
                    + "): " + census + " census rows, " + attendance + " attendance rows, " + tracking
                    + " NCCIS tracking records as at " + tracked.periodEnd() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Demo: wrote a synthetic cohort of {} pupils ({} census rows, {} attendance rows) and {} NCCIS tracking "
                + "records of Years 12 and 13 and last year's leavers into the inboxes", size, census, attendance, tracking);
    }

    /**
     * Three more pupils whose census rows a school got wrong, as schools do: no surname, a date of birth that is not
     * a date, a school number cut short. They are quarantined, for a new user to find, correct and replay.
     */
    static List<String> brokenRows(SyntheticCohort cohort) {
        List<String> rows = new ArrayList<>();
        int i = 0;
        for (Pupil p : brokenRowPupils(cohort)) {
            String row = switch (i++) {
                case 0 -> CohortFiles.censusRow(new Pupil(p.upn(), p.forename(), "", "", p.dob(), p.gender(), p.postcode(),
                        p.laEstab(), p.ncYear(), p.fsm(), p.senProvision(), p.firstLanguage(), 0.95, 0.0), cohort.censusDate());
                case 1 -> CohortFiles.censusRow(p, cohort.censusDate()).replace(p.dob().toString(),
                        p.dob().getYear() + "-13-" + String.format("%02d", p.dob().getDayOfMonth()));
                default -> CohortFiles.censusRow(new Pupil(p.upn(), p.forename(), p.middleNames(), p.surname(), p.dob(),
                        p.gender(), p.postcode(), p.laEstab().substring(0, 5), p.ncYear(), p.fsm(), p.senProvision(),
                        p.firstLanguage(), 0.95, 0.0), cohort.censusDate());
            };
            rows.add(row);
        }
        return rows;
    }

    /** The three pupils whose census rows are broken (a test writes them down with the rest of the demo's people). */
    public static SyntheticCohort brokenRowPupils(SyntheticCohort cohort) {
        return new SyntheticCohort(3, cohort.size() + 1_000_003L, "925", cohort.censusDate(), List.of("NM1"));
    }
}
