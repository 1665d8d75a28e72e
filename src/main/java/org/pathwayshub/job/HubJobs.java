package org.pathwayshub.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The jobs the hub knows, and when each last ran and with what result. */
@Component
public class HubJobs {

    private static final Logger log = LoggerFactory.getLogger(HubJobs.class);

    private final Map<String, HubJob> jobs;
    private final Map<String, LastRun> lastRuns = new ConcurrentHashMap<>();

    public record LastRun(Instant started, Instant finished, String outcome, boolean failed) {
    }

    public HubJobs(List<HubJob> jobs) {
        this.jobs = jobs.stream().collect(Collectors.toMap(HubJob::name, Function.identity()));
    }

    public Optional<HubJob> find(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    public List<String> names() {
        return jobs.keySet().stream().sorted().toList();
    }

    public Optional<LastRun> lastRun(String name) {
        return Optional.ofNullable(lastRuns.get(name));
    }

    /** Runs a job now (one run of a job at a time). */
    public LastRun run(String name) {
        HubJob job = find(name).orElseThrow(() -> new IllegalArgumentException("no job " + name + " (jobs: " + names() + ")"));
        synchronized (job) {
            Instant started = Instant.now();
            try {
                String outcome = job.run();
                LastRun run = new LastRun(started, Instant.now(), outcome, false);
                lastRuns.put(name, run);
                if (job.frequent() && outcome != null && outcome.startsWith("0 ")) {
                    log.debug("Job {}: {}", name, outcome);
                } else {
                    log.info("Job {}: {}", name, outcome);
                }
                return run;
            } catch (RuntimeException e) {
                lastRuns.put(name, new LastRun(started, Instant.now(), e.getClass().getSimpleName() + ": " + e.getMessage(), true));
                throw e;
            }
        }
    }
}
