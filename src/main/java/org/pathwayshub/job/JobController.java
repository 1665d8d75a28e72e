package org.pathwayshub.job;

import java.util.List;
import java.util.Map;

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
public class JobController {

    private final HubJobs jobs;

    public JobController(HubJobs jobs) {
        this.jobs = jobs;
    }

    public record JobView(String name, HubJobs.LastRun lastRun) {
    }

    @GetMapping
    public List<JobView> jobs() {
        return jobs.names().stream().map(n -> new JobView(n, jobs.lastRun(n).orElse(null))).toList();
    }

    /** Runs the job now and answers when it has finished. */
    @PostMapping("/{name}/run")
    public Map<String, Object> run(@PathVariable String name) {
        if (jobs.find(name).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no job " + name);
        }
        HubJobs.LastRun run = jobs.run(name);
        return Map.of("job", name, "outcome", run.outcome(), "started", run.started().toString(), "finished", run.finished().toString());
    }
}
