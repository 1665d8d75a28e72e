package org.pathwayshub.system;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a fault drill may stop the hub dead, as a power cut or {@code kill -9} would: the points between which the
 * hub's guarantees (nothing lost, nothing twice) must hold. A drill names one in {@code HUB_DRILL_CRASH_AT} as
 * {@code <point>:<n>} (the n-th time the point is reached; {@code :1} if left out), and the JVM halts there: no
 * shutdown hook, no transaction finished. Unset, as in every real deployment, a point costs one volatile read.
 * <ul>
 * <li>{@code parsing}: a record has been read from the delivery and not yet stored;</li>
 * <li>{@code mid-batch}: a batch's records are written in its transaction, not committed;</li>
 * <li>{@code between-batches}: a batch is committed, the next not begun;</li>
 * <li>{@code reassessment}: young people's risk and alerts are computed in their transaction, not committed;</li>
 * <li>{@code delivery}: an alert has gone out on its channel, and is not yet marked delivered.</li>
 * </ul>
 */
public final class DrillCrashPoints {

    public static final String VARIABLE = "HUB_DRILL_CRASH_AT";
    public static final String PARSING = "parsing";
    public static final String MID_BATCH = "mid-batch";
    public static final String BETWEEN_BATCHES = "between-batches";
    public static final String REASSESSMENT = "reassessment";
    public static final String DELIVERY = "delivery";

    private static final Logger log = LoggerFactory.getLogger(DrillCrashPoints.class);
    private static volatile Armed armed = Armed.of(System.getenv(VARIABLE));

    private DrillCrashPoints() {
    }

    private record Armed(String point, int at, AtomicInteger reached) {
        static Armed of(String setting) {
            if (setting == null || setting.isBlank()) {
                return null;
            }
            String[] parts = setting.strip().toLowerCase(Locale.ROOT).split(":", 2);
            if (!Map.of(PARSING, 1, MID_BATCH, 1, BETWEEN_BATCHES, 1, REASSESSMENT, 1, DELIVERY, 1).containsKey(parts[0])) {
                throw new IllegalArgumentException(VARIABLE + ": expected one of " + PARSING + ", " + MID_BATCH + ", "
                        + BETWEEN_BATCHES + ", " + REASSESSMENT + ", " + DELIVERY + " with an optional :<n> (got "
                        + setting + ")");
            }
            return new Armed(parts[0], parts.length == 2 ? Integer.parseInt(parts[1].strip()) : 1, new AtomicInteger());
        }
    }

    /** Halts the JVM if a drill asked for this point and this is the time. */
    public static void reach(String point) {
        Armed a = armed;
        if (a == null || !a.point().equals(point) || a.reached().incrementAndGet() != a.at()) {
            return;
        }
        log.warn("Drill: the hub halts here, at {} (time {}), as {} asks", point, a.at(), VARIABLE);
        Runtime.getRuntime().halt(137);
    }

    /** For tests in one JVM: what the variable would say (null disarms). */
    static void arm(String setting) {
        armed = Armed.of(setting);
    }

    /** The points reached so far by the armed drill, for its test. */
    static Map<String, Integer> reached() {
        Map<String, Integer> out = new HashMap<>();
        Armed a = armed;
        if (a != null) {
            out.put(a.point(), a.reached().get());
        }
        return out;
    }
}
