package org.pathwayshub.feed;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.support.ScheduledPollConsumer;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.FeedRuns;
import org.pathwayshub.ingest.RunProgress;
import org.pathwayshub.ingest.RecordIssues;
import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.Paging;
import org.pathwayshub.system.ScheduleLeadership;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Feeds, their runs and what each run rejected: what a data team and operations staff look at first. */
@RestController
@RequestMapping("/api/feeds")
@Tag(name = "Feeds", description = "Partner feeds and their state, their runs, and what each run rejected or warned "
        + "about; looking for work now")
public class FeedController {

    private final FeedCatalog catalog;
    private final FeedRuns runs;
    private final RecordIssues issues;
    private final CamelContext camel;
    private final PersonChanges changes;
    private final int maxAttempts;
    private final Executor pollNow;
    private final ScheduleLeadership leadership;

    public FeedController(FeedCatalog catalog, FeedRuns runs, RecordIssues issues, CamelContext camel, PersonChanges changes,
                          HubProperties hub, ScheduleLeadership leadership) {
        this.leadership = leadership;
        this.catalog = catalog;
        this.runs = runs;
        this.issues = issues;
        this.camel = camel;
        this.changes = changes;
        this.maxAttempts = hub.getReassessment().getMaxAttempts();
        CustomizableThreadFactory threads = new CustomizableThreadFactory("feed-poll-now-");
        threads.setDaemon(true);
        this.pollNow = Executors.newSingleThreadExecutor(threads);
    }

    /**
     * A feed's state: MISCONFIGURED, DISABLED (no partner connection configured), STOPPED, RUNNING, FAILED
     * (its last run could not finish), OVERDUE (no delivery by the deadline its routes file sets) or IDLE; and how far
     * risk and alerts lag what it delivered ({@code reassessment}).
     */
    public record FeedView(String id, String kind, String schedule, String state, String problem, String source,
                           RunView lastRun, Instant nextRun, Reassessment reassessment) {
    }

    /** Young people this feed's runs changed who still wait to be scored and alerted on, and the longest wait. */
    public record Reassessment(long waiting, long oldestWaitSeconds) {
    }

    /** A run; {@code progress} while it is RUNNING (records so far, % of the file, rate, seconds left); the node that read it. */
    public record RunView(long id, String file, String state, Instant started, Instant finished, int received, int stored,
                          int quarantined, int duplicates, int warnings, String failureReason, RunProgress progress,
                          String node) {
        static RunView of(FeedRun r) {
            RunProgress progress = FeedRun.RUNNING.equals(r.state())
                    ? RunProgress.of(r.received(), r.bytesRead(), r.fileSize(), r.started(), Instant.now()) : null;
            return new RunView(r.id(), r.source(), r.state(), r.started(), r.finished(), r.received(), r.stored(),
                    r.quarantined(), r.duplicates(), r.warnings(), r.failureReason(), progress, r.node());
        }
    }

    @GetMapping
    @Operation(summary = "Every feed with its state and last run",
            description = "Each feed's kind, schedule and state (IDLE, RUNNING, FAILED, OVERDUE, DISABLED, STOPPED or "
                    + "MISCONFIGURED) and the problem if there is one; its last run with its counts; the next run; and "
                    + "how many young people it changed still wait for risk and alerts (reassessment).")
    public List<FeedView> feeds() {
        Map<String, PersonChanges.FeedBacklog> backlog = changes.backlog(maxAttempts).byFeed();
        return catalog.all().stream().map(f -> view(f, backlog)).toList();
    }

    @GetMapping("/{feedId}")
    @Operation(summary = "One feed with its state and last run",
            description = "The feed as the list shows it. An unknown feed is a 404.")
    public FeedView feed(@PathVariable String feedId) {
        return view(definition(feedId), changes.backlog(maxAttempts).byFeed());
    }

    /** A feed's runs, newest first, {@code size} (or {@code limit}) 20 a page. */
    @GetMapping("/{feedId}/runs")
    @Operation(summary = "A feed's runs, newest first",
            description = "Each run with its file, state, start and finish, and counts: received, stored, quarantined, "
                    + "duplicates and warnings, and why it failed if it did. A running one has progress: records so far, "
                    + "percent of the file's bytes, records a second and seconds left. A page at a time.")
    public List<RunView> runs(@PathVariable String feedId,
                              @Parameter(description = "The page, from 0") @RequestParam(defaultValue = "0") int page,
                              @Parameter(description = "Runs a page, 1 to 1000 (20 by default)")
                              @RequestParam(required = false) Integer size,
                              @Parameter(description = "The same as size, used when size is not given")
                              @RequestParam(required = false) Integer limit) {
        definition(feedId);
        Paging paging = Paging.of(page, size != null ? size : limit != null ? limit : 20);
        return runs.recent(feedId, paging.offset(), paging.size()).stream().map(RunView::of).toList();
    }

    /** The latest runs of a feed, newest first. */
    public List<RunView> runs(String feedId, int limit) {
        return runs(feedId, 0, limit, null);
    }

    @GetMapping("/{feedId}/runs/{runId}")
    @Operation(summary = "One run of a feed",
            description = "The run as the list shows it, with its progress while it is running. An unknown feed or run is "
                    + "a 404.")
    public RunView run(@PathVariable String feedId, @PathVariable long runId) {
        return RunView.of(findRun(feedId, runId));
    }

    @GetMapping("/{feedId}/runs/{runId}/rejects")
    @Operation(summary = "The records a run quarantined, and why",
            description = "Each quarantined record: its quarantineId, line, element, record key (its primary identifier as "
                    + "sent), column, field, value, the rule it broke, the DfE error number, the reason and all its "
                    + "problems. Listed by offset and limit, or a page at a time with page and size.")
    public List<RecordIssues.Reject> rejects(@PathVariable String feedId, @PathVariable long runId,
                                             @Parameter(description = "Rejects to skip (0 by default); not used with "
                                                     + "page or size")
                                             @RequestParam(defaultValue = "0") int offset,
                                             @Parameter(description = "Rejects to list, 1 to 10,000 (1000 by default); "
                                                     + "not used with page or size")
                                             @RequestParam(defaultValue = "1000") int limit,
                                             @Parameter(description = "The page, from 0, instead of offset")
                                             @RequestParam(required = false) Integer page,
                                             @Parameter(description = "Rejects a page, 1 to 1000 (1000 by default), "
                                                     + "instead of limit")
                                             @RequestParam(required = false) Integer size) {
        findRun(feedId, runId);
        int[] window = window(offset, limit, page, size);
        return issues.rejects(runId, window[0], window[1]);
    }

    @GetMapping("/{feedId}/runs/{runId}/warnings")
    @Operation(summary = "Problems with records a run stored",
            description = "A value left out, an Appendix D check, an element the mapping does not read: each with the same "
                    + "detail as a reject. As many as the run's warnings count. Listed by offset and limit, or a page at "
                    + "a time with page and size.")
    public List<RecordIssues.Warning> warnings(@PathVariable String feedId, @PathVariable long runId,
                                               @Parameter(description = "Warnings to skip (0 by default); not used with "
                                                       + "page or size")
                                               @RequestParam(defaultValue = "0") int offset,
                                               @Parameter(description = "Warnings to list, 1 to 10,000 (1000 by default); "
                                                       + "not used with page or size")
                                               @RequestParam(defaultValue = "1000") int limit,
                                               @Parameter(description = "The page, from 0, instead of offset")
                                               @RequestParam(required = false) Integer page,
                                               @Parameter(description = "Warnings a page, 1 to 1000 (1000 by default), "
                                                       + "instead of limit")
                                               @RequestParam(required = false) Integer size) {
        findRun(feedId, runId);
        int[] window = window(offset, limit, page, size);
        return issues.warnings(runId, window[0], window[1]);
    }

    /** A run's issues to list, as {offset, limit}: by page and size when either is given, else offset and limit. */
    private static int[] window(int offset, int limit, Integer page, Integer size) {
        if (page != null || size != null) {
            Paging paging = Paging.of(page == null ? 0 : page, size == null ? 1000 : size);
            return new int[] {paging.offset(), paging.size()};
        }
        return new int[] {Math.max(offset, 0), Math.min(Math.max(limit, 1), 10_000)};
    }

    /**
     * Looks for work now instead of waiting for the schedule: after a partner has re-sent a file, say. Answers at
     * once; the run shows in {@code /runs} when it starts.
     */
    @PostMapping("/{feedId}/poll")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Look for work now",
            description = "Polls the feed's source now instead of at the next scheduled time: after a partner has re-sent "
                    + "a file, say. Answers at once; the run shows in GET /api/feeds/{feedId}/runs when it starts. A feed "
                    + "that is not running is a 409.")
    public Map<String, Object> pollNow(@PathVariable String feedId) {
        FeedDefinition feed = definition(feedId);
        if (feed.enabled() && !leadership.leads()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "feed " + feedId + " polls on the node that runs the"
                    + " schedules; this node (" + leadership.node() + ") stands by: ask the other node");
        }
        Route route = camel.getRoute(feed.routeId());
        if (route == null || !(route.getConsumer() instanceof ScheduledPollConsumer consumer)
                || !camel.getRouteController().getRouteStatus(feed.routeId()).isStarted()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "feed " + feedId + " is not running");
        }
        if (!consumer.isPolling()) {
            pollNow.execute(consumer);
        }
        return Map.of("feed", feedId, "polling", true);
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

    private FeedView view(FeedDefinition feed, Map<String, PersonChanges.FeedBacklog> backlog) {
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
        } else if (catalog.pollProblem(feed.id()).isPresent()) {
            state = "FAILED";
            problem = "cannot reach the source: " + catalog.pollProblem(feed.id()).get();
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
        PersonChanges.FeedBacklog waiting = backlog.get(feed.id());
        return new FeedView(feed.id(), feed.kind(), feed.schedule().text(), state, problem, feed.source(),
                last == null ? null : RunView.of(last), next,
                waiting == null ? new Reassessment(0, 0) : new Reassessment(waiting.waiting(), waiting.oldestWaitSeconds()));
    }
}
