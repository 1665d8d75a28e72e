package org.pathwayshub.contact;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How many self-referrals this node stores an hour, from one address and from everyone: a public form must not let
 * one script fill the queue. A sliding hour, kept in memory (each node counts its own; a restart forgets).
 */
final class SelfReferralLimit {

    private static final Duration HOUR = Duration.ofHours(1);

    private final int perAddress;
    private final int overall;
    private final Clock clock;
    private final Map<String, Deque<Instant>> byAddress = new HashMap<>();
    private final Deque<Instant> everyone = new ArrayDeque<>();

    SelfReferralLimit(int perAddress, int overall, Clock clock) {
        this.perAddress = perAddress;
        this.overall = overall;
        this.clock = clock;
    }

    /**
     * Takes one place for this address if there is one.
     *
     * @return zero when taken, else the seconds until a place frees
     */
    synchronized long take(String address) {
        Instant now = clock.instant();
        Instant hourAgo = now.minus(HOUR);
        drop(everyone, hourAgo);
        Deque<Instant> mine = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        drop(mine, hourAgo);
        byAddress.values().removeIf(Deque::isEmpty);
        long wait = 0;
        if (mine.size() >= perAddress) {
            wait = Math.max(wait, Duration.between(now, mine.peekFirst().plus(HOUR)).toSeconds() + 1);
        }
        if (everyone.size() >= overall) {
            wait = Math.max(wait, Duration.between(now, everyone.peekFirst().plus(HOUR)).toSeconds() + 1);
        }
        if (wait > 0) {
            return wait;
        }
        mine.addLast(now);
        byAddress.put(address, mine);
        everyone.addLast(now);
        return 0;
    }

    private static void drop(Deque<Instant> times, Instant before) {
        while (!times.isEmpty() && !times.peekFirst().isAfter(before)) {
            times.removeFirst();
        }
    }
}
