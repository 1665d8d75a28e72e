package org.pathwayshub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.pathwayshub.PathwaysHub;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.FeedRuns;
import org.pathwayshub.job.HubJobs;
import org.pathwayshub.nccis.NccisReturn;
import org.pathwayshub.nccis.NccisReturnCheck;
import org.pathwayshub.reassessment.Reassessment;
import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Throughput and memory at national scale, each figure beside a baseline run in the same JVM against the same
 * PostgreSQL: a plain program that parses the same file (Jackson CSV, StAX) and COPYs it into one keyed table.
 * {@code mvn verify -Pbenchmark} (-Dbenchmark.rows, -Dbenchmark.nccis.records, -Dbenchmark.heap to change).
 *
 * <ol>
 * <li>A generated school census of 1,000,000 pupils (about 80 MB) and a generated NCCIS XML file of 1,000,000 young
 *     people (about 1.5 GB, never committed) are each loaded by the baseline, then dropped into the hub: its rate is
 *     from the file dropped to the last record stored (the run record's finish).</li>
 * <li>The reassessment behind the change feed then drains the backlog (RONI, alert rules, alerts raised) with the
 *     hub's two workers, timed until nobody waits. The hub's own workers are switched off while files are ingested, so
 *     each figure is of one thing; in normal running both share the machine.</li>
 * <li>The census again (every record a duplicate), and a whole-cohort re-score (the nightly job).</li>
 * <li>The monthly NCCIS return of everyone the hub then holds in the NCCIS cohort, streamed to a file, beside a plain
 *     program that reads the baseline's NCCIS table through a cursor and writes each row as a record with StAX; then
 *     the checks before sending (the return written again and read back through every Appendix D check).</li>
 * </ol>
 * The heap is capped (512 MB by default) and sampled every 20 ms.
 */
@SpringBootTest(classes = PathwaysHub.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IngestBenchmark {

    private static final Path HOME;
    private static final int WORKERS = 2;

    static {
        try {
            HOME = Files.createTempDirectory("hub-benchmark-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.home", HOME::toString);
        registry.add("hub.admin.password", () -> "benchmark");
        // the benchmark runs the workers' loop itself, after each file, so that ingest and reassessment are timed apart
        registry.add("hub.reassessment.workers", () -> "0");
    }

    @Autowired
    CamelContext camel;

    @Autowired
    FeedRuns runs;

    @Autowired
    FeedController feeds;

    @Autowired
    Reassessment reassessment;

    @Autowired
    PersonChanges changes;

    @Autowired
    HubJobs jobs;

    @Autowired
    HubProperties hub;

    @Autowired
    DataSource dataSource;

    @Autowired
    NccisReturn nccisReturn;

    @Autowired
    NccisReturnCheck nccisReturnCheck;

    private final List<String> report = new ArrayList<>();

    @Test
    void nationalScale() throws Exception {
        int rows = Integer.getInteger("benchmark.rows", 1_000_000);
        int records = Integer.getInteger("benchmark.nccis.records", 1_000_000);
        Path data = Files.createTempDirectory("hub-benchmark-data-");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        line("ingest benchmark, %s: %d cores, max heap %d MB, PostgreSQL %s (embedded unless HUB_DB_URL is set)",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), memory.getHeapMemoryUsage().getMax() >> 20,
                hub.getDb().isEmbedded() ? "16" : "external");

        Path census = data.resolve("census.csv");
        CohortFiles.writeCensus(SyntheticCohort.demo(rows, 7), census, List.of());
        Path nccis = data.resolve("nccis.xml");
        SyntheticCohort trackingCohort = new SyntheticCohort(records, 11, YoungPersonCohort.LA_CODE,
                YoungPersonCohort.AS_AT.minusYears(4), YoungPersonCohort.POSTCODE_DISTRICTS);
        new NccisXmlFile(YoungPersonCohort.AS_AT, YoungPersonCohort.DATABASE_ID, YoungPersonCohort.LA_CODE, 11).write(
                YoungPersonCohort.streamed(trackingCohort, YoungPersonCohort.AS_AT, YoungPersonCohort.DATABASE_ID, 11),
                p -> p, nccis, NccisXmlFile.Options.asSpecified(), List.of());
        line("files: census %,d rows, %.1f MB; NCCIS XML %,d records, %.1f MB", rows, Files.size(census) / 1e6, records,
                Files.size(nccis) / 1e6);

        PlainLoader plain = new PlainLoader(dataSource);
        double censusBaseline = timed(() -> assertThat(plain.census(census)).isEqualTo(rows));
        double nccisBaseline = timed(() -> assertThat(plain.nccis(nccis)).isEqualTo(records));

        Measured first = ingest("school-census", census, "census-1.csv");
        assertThat(first.run().stored()).isEqualTo(rows);
        compare("census, new records", rows, first, censusBaseline);
        drain("census", rows);

        Measured tracking = ingest("nccis-xml", nccis, "nccis-1.xml");
        assertThat(tracking.run().received()).isEqualTo(records);
        compare("NCCIS XML, new records", records, tracking, nccisBaseline);
        line("  NCCIS XML run: stored %,d, quarantined %,d, warnings %,d", tracking.run().stored(),
                tracking.run().quarantined(), tracking.run().warnings());
        drain("NCCIS XML", tracking.run().stored());

        Measured again = ingest("school-census", census, "census-2.csv");
        assertThat(again.run().duplicates()).isEqualTo(rows);
        compare("census again, every record a duplicate", rows, again, censusBaseline);

        long start = System.nanoTime();
        String queued = jobs.run("risk-rescore").outcome();
        double enqueue = seconds(start);
        double drained = drainSeconds();
        double total = seconds(start);
        line("whole-cohort re-score: %s in %.1f s; assessed in %.1f s more; %.1f s in all = %,.0f young people/s", queued,
                enqueue, drained, total, rows / total);
        nccisReturn(plain, data, records);
        plain.dropTables();
        line("heap peak over the run %d MB (cap %d MB)", peak.get() >> 20, memory.getHeapMemoryUsage().getMax() >> 20);

        String text = String.join("\n", report) + "\n\n";
        System.out.println(text);
        Files.writeString(Path.of("target", "benchmark-results.txt"), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.deleteIfExists(nccis);
    }

    /** The month's return written to a file, against the plain cursor-and-StAX writer; then its checks. */
    private void nccisReturn(PlainLoader plain, Path data, int records) throws Exception {
        LocalDate periodEnd = YearMonth.from(YoungPersonCohort.AS_AT).atEndOfMonth();
        Path written = data.resolve("nccis-return.xml");
        int[] reported = {0};
        long before = ids("nccis-return");
        Sampled first = sampled(() -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(written), 1 << 16)) {
                reported[0] = nccisReturn.write(periodEnd, LocalDate.now(), out, r -> { });
            }
        });
        long allocated = ids("nccis-return") - before;
        Sampled again = sampled(() -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(written), 1 << 16)) {
                assertThat(nccisReturn.write(periodEnd, LocalDate.now(), out, r -> { })).isEqualTo(reported[0]);
            }
        });
        Path plainFile = data.resolve("nccis-plain.xml");
        double baseline = timed(() -> assertThat(plain.writeNccis(plainFile)).isEqualTo(records));
        double baselineRate = records / baseline;
        line("NCCIS return for %s: %,d young people, %.1f MB; first written in %.1f s (giving %,d YoungPersonsIDs), heap peak"
                        + " %d MB; written again in %.1f s = %,.0f records/s, heap peak %d MB; baseline (cursor + StAX, %,d rows,"
                        + " %.1f MB) %.1f s = %,.0f records/s; hub / baseline %.2f", periodEnd, reported[0],
                Files.size(written) / 1e6, first.seconds(), allocated, first.peakHeapBytes() >> 20, again.seconds(),
                reported[0] / again.seconds(), again.peakHeapBytes() >> 20, records, Files.size(plainFile) / 1e6, baseline,
                baselineRate, reported[0] / again.seconds() / baselineRate);
        NccisReturnCheck.Summary[] summary = {null};
        Sampled check = sampled(() -> summary[0] = nccisReturnCheck.check(periodEnd));
        line("  checks before sending: %,d records, %,d problems %s in %.1f s = %,.0f records/s, heap peak %d MB",
                summary[0].records(), summary[0].problems(), summary[0].byDfeError(), check.seconds(),
                summary[0].records() / check.seconds(), check.peakHeapBytes() >> 20);
        Files.deleteIfExists(written);
        Files.deleteIfExists(plainFile);
    }

    private long ids(String sourceFeed) {
        return new JdbcTemplate(dataSource).queryForObject(
                "select count(*) from person_identifier where source_feed = ?", Long.class, sourceFeed);
    }

    private record Sampled(double seconds, long peakHeapBytes) {
    }

    /** Runs the step with the heap sampled every 20 ms. */
    private Sampled sampled(Step step) throws Exception {
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong stepPeak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        Thread sampler = heapSampler(stepPeak);
        try {
            return new Sampled(timed(step), stepPeak.get());
        } finally {
            sampler.interrupt();
        }
    }

    private Thread heapSampler(AtomicLong stepPeak) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = memory.getHeapMemoryUsage().getUsed();
                stepPeak.accumulateAndGet(used, Math::max);
                peak.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    private void compare(String what, int records, Measured hubRun, double baselineSeconds) {
        double hubRate = records / hubRun.seconds();
        double baselineRate = records / baselineSeconds;
        line("%s: hub %.1f s = %,.0f records/s; baseline (parse + COPY) %.1f s = %,.0f records/s; hub / baseline %.2f;"
                        + " heap peak %d MB", what, hubRun.seconds(), hubRate, baselineSeconds, baselineRate, hubRate / baselineRate,
                hubRun.peakHeapBytes() >> 20);
    }

    private void drain(String what, int changed) throws Exception {
        long backlog = changes.backlog(hub.getReassessment().getMaxAttempts()).waiting();
        double seconds = drainSeconds();
        line("  reassessment of the %s's %,d young people (%,d waiting): backlog empty in %.1f s = %,.0f young people/s",
                what, changed, backlog, seconds, backlog / seconds);
    }

    /** Runs the reassessment workers' loop on {@link #WORKERS} threads until nobody waits; returns the seconds taken. */
    private double drainSeconds() throws Exception {
        long start = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            running.add(workers.submit(() -> {
                while (reassessment.assessNext(hub.getReassessment().getBatchSize()) > 0) {
                    // on to the next batch
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.MINUTES);
        }
        workers.shutdown();
        assertThat(changes.backlog(hub.getReassessment().getMaxAttempts()).waiting()).isZero();
        return seconds(start);
    }

    private record Measured(FeedRun run, double seconds, long peakHeapBytes) {
    }

    private final AtomicLong peak = new AtomicLong();

    /** Drops the file into the feed's inbox, asks the feed to look now, and waits for the run to finish. */
    private Measured ingest(String feedId, Path source, String name) throws Exception {
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong runPeak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        Thread sampler = heapSampler(runPeak);
        Path inbox = HOME.resolve("inbox").resolve(feedId);
        Files.createDirectories(inbox);
        Path staged = HOME.resolve("." + name);
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-" + feedId).whenDone(1).create();
        Instant dropped = Instant.now();
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        feeds.pollNow(feedId);
        assertThat(done.matches(60, TimeUnit.MINUTES)).isTrue();
        sampler.interrupt();
        FeedRun run = runs.latest(feedId).orElseThrow();
        assertThat(run.state()).isEqualTo(FeedRun.COMPLETED);
        return new Measured(run, Duration.between(dropped, run.finished()).toMillis() / 1000.0, runPeak.get());
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.add(text);
        System.out.println("[benchmark] " + text);
    }
}
