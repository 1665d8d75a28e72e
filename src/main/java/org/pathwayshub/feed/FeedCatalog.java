package org.pathwayshub.feed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.springframework.stereotype.Component;

/**
 * The feeds this hub runs, as registered by the route templates when routes/*.yaml is loaded, with what
 * operators need beside the run record: when each last looked for work and any configuration problem.
 */
@Component
public class FeedCatalog {

    private final Map<String, FeedDefinition> feeds = new ConcurrentSkipListMap<>();
    private final Map<String, String> configProblems = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastPolls = new ConcurrentHashMap<>();
    private final Map<String, Instant> registered = new ConcurrentHashMap<>();

    public void register(FeedDefinition feed) {
        feeds.put(feed.id(), feed);
        configProblems.remove(feed.id());
        registered.putIfAbsent(feed.id(), Instant.now());
    }

    /** When this hub first ran the feed: before its first delivery, the clock for "overdue" starts here. */
    public Instant registeredAt(String feedId) {
        return registered.get(feedId);
    }

    /** A feed whose routes file is gone. */
    public void remove(String feedId) {
        feeds.remove(feedId);
        configProblems.remove(feedId);
        pollProblems.remove(feedId);
    }

    public List<FeedDefinition> all() {
        return List.copyOf(feeds.values());
    }

    public Optional<FeedDefinition> find(String id) {
        return Optional.ofNullable(feeds.get(id));
    }

    public void misconfigured(String feedId, String problem) {
        configProblems.put(feedId, problem);
    }

    public void configured(String feedId) {
        configProblems.remove(feedId);
    }

    public Optional<String> configProblem(String feedId) {
        return Optional.ofNullable(configProblems.get(feedId));
    }

    private final Map<String, String> pollProblems = new ConcurrentHashMap<>();

    /** The last poll could not reach the source (a server down, a folder missing). */
    public void unreachable(String feedId, String problem) {
        pollProblems.put(feedId, problem);
    }

    public void reachable(String feedId) {
        pollProblems.remove(feedId);
    }

    public Optional<String> pollProblem(String feedId) {
        return Optional.ofNullable(pollProblems.get(feedId));
    }

    public void polled(String feedId, Instant when) {
        lastPolls.put(feedId, when);
    }

    public Optional<Instant> lastPoll(String feedId) {
        return Optional.ofNullable(lastPolls.get(feedId));
    }
}
