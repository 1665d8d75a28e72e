package org.pathwayshub.school;

import java.time.LocalDate;
import java.util.Set;

import org.pathwayshub.record.CodeList;

/**
 * The codes a school may flag (mappings/codes/school-flag.yaml) and how long each may last: an end date from today to
 * {@code maxDays} after it, so that no flag stays on a pupil's record unless the school says again that it holds.
 */
public final class SchoolFlagCodes {

    public static final String LIST = "school-flag";
    static final String FILE = "mappings/codes/" + LIST + ".yaml";
    /** Where neither a code nor the list's default sets maxDays: half a school year. */
    static final int FALLBACK_MAX_DAYS = 180;

    private final CodeList codes;

    public SchoolFlagCodes(CodeList codes) {
        this.codes = codes;
    }

    public Set<String> codes() {
        return codes.codes();
    }

    public String label(String code) {
        return codes.label(code);
    }

    /** The most days after the day it is added that a flag with this code may last. */
    public int maxDays(String code) {
        Object max = codes.attribute(code, "maxDays");
        return max instanceof Number n && n.intValue() > 0 ? n.intValue() : FALLBACK_MAX_DAYS;
    }

    /** The latest end date a flag with this code added today may have. */
    public LocalDate latestEnd(String code, LocalDate today) {
        return today.plusDays(maxDays(code));
    }

    /**
     * Refuses a flag the list does not allow, naming the field, the value and what was expected.
     *
     * @return the code as stored (trimmed)
     */
    public String check(String code, LocalDate endDate, LocalDate today) {
        String c = code == null ? null : code.trim();
        // only the listed codes: a pattern would let a school write words about a pupil into a code
        if (c == null || c.isEmpty() || !codes.codes().contains(c)) {
            throw SchoolFlags.Refused.badRequest("code: a code of " + FILE + " (" + String.join(", ", codes.codes())
                    + ") (got " + (c == null || c.isEmpty() ? "nothing" : "'" + c + "'") + ")");
        }
        if (endDate == null) {
            throw SchoolFlags.Refused.badRequest("endDate: the day the flag ends, from " + today + " to "
                    + latestEnd(c, today) + " (" + c + " lasts at most " + maxDays(c) + " days) (got nothing)");
        }
        if (endDate.isBefore(today)) {
            throw SchoolFlags.Refused.badRequest("endDate: today (" + today + ") or later, not in the past (got " + endDate + ")");
        }
        if (endDate.isAfter(latestEnd(c, today))) {
            throw SchoolFlags.Refused.badRequest("endDate: at most " + maxDays(c) + " days from today for " + c + ", so "
                    + latestEnd(c, today) + " or before (got " + endDate + ")");
        }
        return c;
    }
}
