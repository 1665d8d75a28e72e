package org.pathwayshub.job;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The hub's scheduled jobs: when each last ran, and running one now. */
@RestController
@RequestMapping("/api/jobs")
@Tag(name = "Jobs", description = "The hub's scheduled jobs (re-scoring, alert sweeps, digests, the NCCIS return and "
        + "survey): when each last ran, and running one now")
public class JobController {

    private final HubJobs jobs;

    public JobController(HubJobs jobs) {
        this.jobs = jobs;
    }

    @Schema(description = "A job by name, and its last run on this node since it started (none if it has not run)")
    public record JobView(String name, HubJobs.LastRun lastRun) {
    }

    @GetMapping
    @Operation(summary = "Every job with its last run",
            description = "Each job by name, such as risk-rescore, alert-sweep or nccis-return, with its last run: "
                    + "when it started and finished, its outcome and whether it failed.")
    public List<JobView> jobs() {
        return jobs.names().stream().map(n -> new JobView(n, jobs.lastRun(n).orElse(null))).toList();
    }

    /** Runs the job now and answers when it has finished. */
    @PostMapping("/{name}/run")
    @Operation(summary = "Run a job now",
            description = "Runs the job and answers when it has finished: its outcome, when it started and finished. "
                    + "risk-rescore and alert-sweep put everyone on the change feed; GET /api/reassessment shows their "
                    + "progress. An unknown job is a 404.")
    public Map<String, Object> run(@Parameter(description = "The job's name, as GET /api/jobs lists it")
                                   @PathVariable String name) {
        if (jobs.find(name).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no job " + name);
        }
        HubJobs.LastRun run = jobs.run(name);
        return Map.of("job", name, "outcome", run.outcome(), "started", run.started().toString(), "finished", run.finished().toString());
    }
}
