package org.pathwayshub.feed;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Feeds, their runs and what each run rejected: what a data team and operations staff look at first. */
@RestController
@RequestMapping("/api/feeds")
public class FeedController {

    private final FeedCatalog catalog;
    private final FeedRuns runs;
    private final RecordIssues issues;
    private final CamelContext camel;

    public FeedController(FeedCatalog catalog, FeedRuns runs, RecordIssues issues, CamelContext camel) {
        this.catalog = catalog;
        this.runs = runs;
        this.issues = issues;
        this.camel = camel;
    }

    /**
     * A feed's state: MISCONFIGURED, DISABLED (no partner connection configured), STOPPED, RUNNING, FAILED
     * (its last run could not finish), OVERDUE (no delivery by the deadline its routes file sets) or IDLE.
     */
    public record FeedView(String id, String kind, String schedule, String state, String problem, String source,
                           RunView lastRun, Instant nextRun) {
    }

    public record RunView(long id, String file, String state, Instant started, Instant finished, int received, int stored,
                          int quarantined, int duplicates, int warnings, String failureReason) {
        static RunView of(FeedRun r) {
            return new RunView(r.id(), r.source(), r.state(), r.started(), r.finished(), r.received(), r.stored(),
                    r.quarantined(), r.duplicates(), r.warnings(), r.failureReason());
        }
    }

    @GetMapping
    public List<FeedView> feeds() {
        return catalog.all().stream().map(this::view).toList();
    }

    @GetMapping("/{feedId}")
    public FeedView feed(@PathVariable String feedId) {
        return view(definition(feedId));
    }

    @GetMapping("/{feedId}/runs")
    public List<RunView> runs(@PathVariable String feedId, @RequestParam(defaultValue = "20") int limit) {
        definition(feedId);
        return runs.recent(feedId, Math.min(Math.max(limit, 1), 500)).stream().map(RunView::of).toList();
    }

    @GetMapping("/{feedId}/runs/{runId}")
    public RunView run(@PathVariable String feedId, @PathVariable long runId) {
        return RunView.of(findRun(feedId, runId));
    }

    @GetMapping("/{feedId}/runs/{runId}/rejects")
    public List<RecordIssues.Reject> rejects(@PathVariable String feedId, @PathVariable long runId,
                                             @RequestParam(defaultValue = "0") int offset,
                                             @RequestParam(defaultValue = "1000") int limit) {
        findRun(feedId, runId);
        return issues.rejects(runId, Math.max(offset, 0), Math.min(Math.max(limit, 1), 10_000));
    }

    @GetMapping("/{feedId}/runs/{runId}/warnings")
    public List<RecordIssues.Warning> warnings(@PathVariable String feedId, @PathVariable long runId,
                                               @RequestParam(defaultValue = "0") int offset,
                                               @RequestParam(defaultValue = "1000") int limit) {
        findRun(feedId, runId);
        return issues.warnings(runId, Math.max(offset, 0), Math.min(Math.max(limit, 1), 10_000));
    }

    private FeedDefinition definition(String feedId) {
        return catalog.find(feedId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no feed " + feedId));
    }

    private FeedRun findRun(String feedId, long runId) {
        definition(feedId);
        return runs.find(feedId, runId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "feed " + feedId + " has no run " + runId));
    }

    /** Nothing has arrived since the deadline before the latest one (the hub's start counts as a delivery). */
    private boolean overdue(FeedDefinition feed, FeedRun last, Instant now) {
        if (feed.expectBy() == null) {
            return false;
        }
        Instant due = feed.expectBy().deadlineBeforeLast(now, ZoneId.systemDefault());
        if (due == null) {
            return false;
        }
        Instant lastDelivery = last == null ? catalog.registeredAt(feed.id()) : last.started();
        return lastDelivery == null || !lastDelivery.isAfter(due);
    }

    private FeedView view(FeedDefinition feed) {
        FeedRun last = runs.latest(feed.id()).orElse(null);
        String problem = catalog.configProblem(feed.id()).orElse(null);
        ServiceStatus status = camel.getRouteController().getRouteStatus(feed.routeId());
        String state;
        Instant now = Instant.now();
        if (problem != null) {
            state = "MISCONFIGURED";
        } else if (!feed.enabled()) {
            state = "DISABLED";
            problem = "switched off in routes/" + feed.id() + ".yaml until the partner connection is configured";
        } else if (status == null || !status.isStarted()) {
            state = "STOPPED";
        } else if (last != null && FeedRun.RUNNING.equals(last.state())) {
            state = "RUNNING";
        } else if (last != null && FeedRun.FAILED.equals(last.state())) {
            state = "FAILED";
            problem = last.failureReason();
        } else if (overdue(feed, last, now)) {
            state = "OVERDUE";
            problem = "no delivery since " + feed.expectBy().deadlineBeforeLast(now, ZoneId.systemDefault())
                    + " although one is expected by each '" + feed.expectBy().text() + "'";
        } else {
            state = "IDLE";
        }
        Instant next = List.of("STOPPED", "MISCONFIGURED", "DISABLED").contains(state) ? null
                : feed.schedule().nextAfter(catalog.lastPoll(feed.id()).orElse(null), now, ZoneId.systemDefault());
        return new FeedView(feed.id(), feed.kind(), feed.schedule().text(), state, problem, feed.source(),
                last == null ? null : RunView.of(last), next);
    }
}
