package org.pathwayshub.referral;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/**
 * The referral life cycle as the LA's file has it ({@code mappings/referrals/life-cycle.yaml}): the states, the
 * moves allowed from each, and what an event must give to make a move. Read once at start-up; a mistake in the
 * file (a move to a state it does not name, a requirement it does not know) stops the hub with the key named.
 */
public final class ReferralLifeCycle {

    public static final String FILE = "mappings/referrals/life-cycle.yaml";
    /** The state a referral starts in. */
    public static final String RECEIVED = "RECEIVED";
    /** What an event may be required to give. */
    public static final Set<String> DETAILS = Set.of("reason", "when", "where", "who", "activityCode", "startDate",
            "stillInActivity");

    /** A state: where it may go, what an event into it must give, whether it is an outcome. */
    public record State(String name, Set<String> to, List<String> requires, boolean outcome) {
        public boolean closed() {
            return to.isEmpty();
        }
    }

    /** The move is not allowed, or the event does not give what it must: the message says which and why. */
    public static final class Refused extends RuntimeException {
        private final boolean conflict;

        Refused(String message, boolean conflict) {
            super(message);
            this.conflict = conflict;
        }

        /** True when the move itself is not allowed (409); false when the event lacks a detail (400). */
        public boolean conflict() {
            return conflict;
        }
    }

    private final Map<String, State> states;
    private final Map<String, Set<String>> deadlines;

    ReferralLifeCycle(Map<String, State> states, Map<String, Set<String>> deadlines) {
        this.states = Map.copyOf(states);
        this.deadlines = Map.copyOf(deadlines);
    }

    /** The deadlines a service may set, each with the states that meet it. */
    public Map<String, Set<String>> deadlines() {
        return deadlines;
    }

    public static ReferralLifeCycle read(InputStream in, String file) {
        JsonNode root;
        try {
            root = HubConfigFiles.YAML.readTree(in);
        } catch (IOException e) {
            throw new MappingFileException(file, "", "YAML without syntax errors (" + e.getMessage() + ")");
        }
        JsonNode list = root == null ? null : root.get("states");
        if (list == null || !list.isObject() || !list.has(RECEIVED)) {
            throw new MappingFileException(file, "states", "a map of states, RECEIVED among them");
        }
        Map<String, State> states = new LinkedHashMap<>();
        list.fields().forEachRemaining(e -> {
            String where = "states." + e.getKey();
            JsonNode s = e.getValue() == null || e.getValue().isNull() ? HubConfigFiles.YAML.createObjectNode() : e.getValue();
            s.fieldNames().forEachRemaining(k -> {
                if (!Set.of("to", "requires", "outcome").contains(k)) {
                    throw new MappingFileException(file, where + "." + k, "to, requires or outcome");
                }
            });
            Set<String> to = new LinkedHashSet<>();
            s.path("to").forEach(t -> to.add(t.asText()));
            List<String> requires = new java.util.ArrayList<>();
            s.path("requires").forEach(r -> requires.add(r.asText()));
            for (String r : requires) {
                if (!DETAILS.contains(r)) {
                    throw new MappingFileException(file, where + ".requires", "details from " + new java.util.TreeSet<>(DETAILS)
                            + " ('" + r + "' is not one)");
                }
            }
            states.put(e.getKey(), new State(e.getKey(), Collections.unmodifiableSet(to), List.copyOf(requires),
                    s.path("outcome").asBoolean(false)));
        });
        states.values().forEach(s -> s.to().forEach(t -> {
            if (!states.containsKey(t)) {
                throw new MappingFileException(file, "states." + s.name() + ".to", "states the file names ('" + t
                        + "' is not one)");
            }
        }));
        Map<String, Set<String>> deadlines = new LinkedHashMap<>();
        root.path("deadlines").fields().forEachRemaining(d -> {
            Set<String> metBy = new LinkedHashSet<>();
            d.getValue().path("metBy").forEach(m -> metBy.add(m.asText()));
            if (metBy.isEmpty() || !states.keySet().containsAll(metBy)) {
                throw new MappingFileException(file, "deadlines." + d.getKey() + ".metBy", "states the file names that meet"
                        + " the deadline (got " + metBy + ")");
            }
            deadlines.put(d.getKey(), Collections.unmodifiableSet(metBy));
        });
        return new ReferralLifeCycle(states, deadlines);
    }

    public State state(String name) {
        State s = states.get(name);
        if (s == null) {
            throw new Refused("state: expected one of " + states.keySet() + " (got '" + name + "')", false);
        }
        return s;
    }

    public Set<String> states() {
        return states.keySet();
    }

    /**
     * Checks that a referral in state {@code from} may move to {@code to} with these details.
     *
     * @throws Refused saying why not
     */
    public State check(String from, String to, Map<String, String> details) {
        State target = state(to);
        State current = state(from);
        if (current.closed()) {
            throw new Refused("the referral is " + from + ", which closes it: nothing can follow", true);
        }
        if (!current.to().contains(to)) {
            throw new Refused("a referral that is " + from + " cannot become " + to + "; it can become "
                    + String.join(", ", current.to()), true);
        }
        for (String r : target.requires()) {
            String v = details.get(r);
            if (v == null || v.isBlank()) {
                throw new Refused(r + ": " + to + " needs " + describe(r), false);
            }
        }
        return target;
    }

    private static String describe(String detail) {
        return switch (detail) {
            case "reason" -> "the reason";
            case "when" -> "when (a date and time, 2026-12-07T10:30)";
            case "where" -> "where";
            case "who" -> "who (the worker)";
            case "activityCode" -> "the NCCIS activity code of what was started (e.g. 310)";
            case "startDate" -> "its start date (2026-12-07)";
            case "stillInActivity" -> "whether the young person is still in it (true or false)";
            default -> detail;
        };
    }
}
