package org.pathwayshub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.pathwayshub.system.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * With {@code hub.demo.cohort-size} set (HUB_DEMO_COHORT, or the {@code demo} profile), writes a synthetic
 * cohort's census and attendance files into the inboxes once, so a new user sees the feeds at work within a
 * minute of starting the hub, three census rows quarantined among them; the CCIS's NCCIS file for the sixth form
 * and last year's leavers ({@link TrackedCohort}), so the tracking team's not-known queue has young people on it; and,
 * once that file is stored, the schools' Year 11 destinations and offers for this year's Year 12
 * ({@link Year11Destinations}), so the transition drift report has its non-starters. Generated data only, never real
 * people.
 */
@Component
public class DemoCohortLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoCohortLoader.class);

    /** How long the destinations wait for the NCCIS file to be stored before they go in anyway. */
    private static final int WAIT_FOR_TRACKING_MINUTES = 15;

    private final HubProperties hub;
    private final JdbcTemplate jdbc;

    public DemoCohortLoader(HubProperties hub, JdbcTemplate jdbc) {
        this.hub = hub;
        this.jdbc = jdbc;
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
        String trackingFile = "demo-nccis-" + tracked.periodEnd() + ".xml";
        long tracking = TrackingFile.write(tracked, hub.inbox("nccis-xml").resolve(trackingFile), hub.getDemo().getSeed() + 3);
        List<Year11Destinations.Destination> destinations = Year11Destinations.of(tracked, hub.getDemo().getSeed() + 4);
        afterTracking(trackingFile, () -> {
            Path file = hub.inbox("school-destinations").resolve("demo-destinations-" + (tracked.periodEnd().getYear()) + ".csv");
            long rows = Year11Destinations.write(destinations, file);
            log.info("Demo: wrote {} Year 11 destinations and offers of this year's Year 12 into the inbox", rows);
        });
        try {
            Files.writeString(marker, "synthetic cohort of " + size + " pupils (seed " + hub.getDemo().getSeed()
                    + "): " + census + " census rows, " + attendance + " attendance rows, " + tracking
                    + " NCCIS tracking records as at " + tracked.periodEnd() + ", " + destinations.size()
                    + " Year 11 destinations (once the NCCIS file is stored)\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Demo: wrote a synthetic cohort of {} pupils ({} census rows, {} attendance rows) and {} NCCIS tracking "
                + "records of Years 12 and 13 and last year's leavers into the inboxes", size, census, attendance, tracking);
    }

    /**
     * Runs {@code then} once the NCCIS file is stored: destinations read before the young people's activities would
     * make everyone with an offer look like a non-starter (OFFER_NOT_TAKEN_UP is raised on the change that shows it).
     */
    private void afterTracking(String trackingFile, Runnable then) {
        ScheduledExecutorService waiter = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "demo-destinations");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(WAIT_FOR_TRACKING_MINUTES);
        waiter.scheduleWithFixedDelay(() -> {
            try {
                Integer done = jdbc.queryForObject("select count(*) from feed_run where feed_id = 'nccis-xml' and source = ?"
                        + " and state in ('COMPLETED', 'FAILED')", Integer.class, trackingFile);
                boolean late = System.nanoTime() > deadline;
                if ((done != null && done > 0) || late) {
                    if (late) {
                        log.warn("Demo: the NCCIS file {} was not stored within {} minutes; the destinations go in anyway",
                                trackingFile, WAIT_FOR_TRACKING_MINUTES);
                    }
                    then.run();
                    waiter.shutdown();
                }
            } catch (RuntimeException e) {
                log.warn("Demo: waiting for the NCCIS file before the destinations: {}", e.getMessage());
            }
        }, 2, 2, TimeUnit.SECONDS);
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
