package org.pathwayshub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.pathwayshub.PathwaysHub;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.FeedRuns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Throughput and memory of the ingest path: a generated census file (200,000 rows by default,
 * -Dbenchmark.rows to change) dropped into a hub on its embedded defaults, timed from the run record,
 * with the heap sampled while it runs. {@code mvn verify -Pbenchmark}; the heap is capped (-Xmx512m by
 * default, -Dbenchmark.heap) to show the file is streamed rather than held.
 */
@SpringBootTest(classes = PathwaysHub.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class CensusIngestBenchmark {

    private static final Path HOME;

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
    }

    @Autowired
    CamelContext camel;

    @Autowired
    FeedRuns runs;

    @Test
    void censusIngest() throws Exception {
        int rows = Integer.getInteger("benchmark.rows", 200_000);
        Path file = Files.createTempDirectory("hub-benchmark-data-").resolve("census.csv");
        SyntheticCohort cohort = SyntheticCohort.demo(rows, 7);
        CohortFiles.writeCensus(cohort, file, List.of());
        long bytes = Files.size(file);

        Measured first = ingest(file, "census-1.csv");
        assertThat(first.run().stored()).isEqualTo(rows);
        Measured again = ingest(file, "census-2.csv");
        assertThat(again.run().duplicates()).isEqualTo(rows);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        String report = String.format("""
                census ingest benchmark (%s)
                  file: %,d rows, %.1f MB, %d cores, max heap %d MB
                  new records:  %,d stored in %.1f s = %,.0f records/s; heap peak %d MB (sampled every 20 ms)
                  same file again: %,d duplicates in %.1f s = %,.0f records/s; heap peak %d MB
                """, java.time.LocalDate.now(), rows, bytes / 1e6, Runtime.getRuntime().availableProcessors(),
                memory.getHeapMemoryUsage().getMax() >> 20,
                first.run().stored(), first.seconds(), rows / first.seconds(), first.peakHeapBytes() >> 20,
                again.run().duplicates(), again.seconds(), rows / again.seconds(), again.peakHeapBytes() >> 20);
        System.out.println(report);
        Files.writeString(Path.of("target", "benchmark-results.txt"), report, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private record Measured(FeedRun run, double seconds, long peakHeapBytes) {
    }

    private Measured ingest(Path source, String name) throws Exception {
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("feed-school-census").whenDone(1).create();
        Path inbox = HOME.resolve("inbox/school-census");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name);
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        assertThat(done.matches(30, TimeUnit.MINUTES)).isTrue();
        sampler.interrupt();
        FeedRun run = runs.latest("school-census").orElseThrow();
        assertThat(run.state()).isEqualTo(FeedRun.COMPLETED);
        double seconds = Duration.between(run.started(), run.finished()).toMillis() / 1000.0;
        return new Measured(run, seconds, peak.get());
    }
}
