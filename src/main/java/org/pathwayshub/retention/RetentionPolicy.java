package org.pathwayshub.retention;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/**
 * How long the hub keeps a young person, from {@value #FILE}: past the cohort on their {@code ageLimit}th birthday
 * ({@code ageLimitWithSend}th with SEND), kept for {@code keepFor} after it, then erased.
 *
 * <p>A birthday that falls on a day the year does not have (29 February) is the day after, 1 March, as a leapling's
 * birthday is counted in England; so no one is erased a day early.
 */
public record RetentionPolicy(String name, int ageLimit, int ageLimitWithSend, Period keepFor) {

    public static final String FILE = "mappings/retention.yaml";

    private static final List<String> KEYS = List.of("policy", "ageLimit", "ageLimitWithSend", "keepFor");
    /** Ages the cohort can end at: NCCIS tracks from Year 11 (academic age 15) and, with SEND, up to 25. */
    private static final int YOUNGEST_LIMIT = 16;
    private static final int OLDEST_LIMIT = 30;

    public RetentionPolicy {
        if (ageLimitWithSend < ageLimit) {
            throw new IllegalArgumentException("the age limit with SEND (" + ageLimitWithSend + ") is below the age limit ("
                    + ageLimit + ")");
        }
    }

    /** The first day a young person born on {@code dob} is past the policy: the day they may be erased. */
    public LocalDate erasableFrom(LocalDate dob, boolean send) {
        Period after = Period.ofYears(send ? ageLimitWithSend : ageLimit).plus(keepFor);
        LocalDate anniversary = dob.plusMonths(after.toTotalMonths());
        if (anniversary.getDayOfMonth() < dob.getDayOfMonth()) {
            // the month is too short for the day of birth (29 February in a common year): the anniversary is the day after
            anniversary = anniversary.plusDays(1);
        }
        return anniversary.plusDays(after.getDays());
    }

    /** Past the policy on {@code today}: to be erased. */
    public boolean due(LocalDate dob, boolean send, LocalDate today) {
        return !erasableFrom(dob, send).isAfter(today);
    }

    /**
     * Everyone past the policy on {@code today} was born on or before this day (with a few days to spare for short
     * months); each young person born by then is judged exactly by {@link #due}.
     */
    public LocalDate candidatesBornOnOrBefore(LocalDate today) {
        Period after = Period.ofYears(ageLimit).plus(keepFor);
        return today.minusMonths(after.toTotalMonths()).minusDays(after.getDays()).plusDays(4);
    }

    /** The policy in words, for the audit and the job's outcome: "cohort-age-limit (age 20, 25 with SEND, then P1Y)". */
    public String describe() {
        return name + " (age " + ageLimit + ", " + ageLimitWithSend + " with SEND, then " + keepFor + ")";
    }

    public static RetentionPolicy read(InputStream in, String file) {
        JsonNode root;
        try {
            root = HubConfigFiles.YAML.readTree(in);
        } catch (IOException e) {
            throw new MappingFileException(file, "", "YAML without syntax errors or repeated keys (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MappingFileException(file, "", "a map with " + String.join(", ", KEYS));
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new MappingFileException(file, k, "one of " + String.join(", ", KEYS) + " (" + k
                        + " is not part of the policy)");
            }
        });
        JsonNode name = root.get("policy");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new MappingFileException(file, "policy", "the policy's name, which each erasure's audit entry gives");
        }
        int ageLimit = age(file, root, "ageLimit");
        int withSend = age(file, root, "ageLimitWithSend");
        if (withSend < ageLimit) {
            throw new MappingFileException(file, "ageLimitWithSend", "an age no lower than ageLimit (" + ageLimit + "; got "
                    + withSend + ")");
        }
        return new RetentionPolicy(name.asText().strip(), ageLimit, withSend, period(file, root));
    }

    private static int age(String file, JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || !value.isInt() || value.asInt() < YOUNGEST_LIMIT || value.asInt() > OLDEST_LIMIT) {
            throw new MappingFileException(file, key, "an age in whole years from " + YOUNGEST_LIMIT + " to " + OLDEST_LIMIT
                    + " (got " + (value == null ? "nothing" : "'" + value.asText() + "'") + ")");
        }
        return value.asInt();
    }

    private static Period period(String file, JsonNode root) {
        JsonNode value = root.get("keepFor");
        String text = value == null ? null : value.asText();
        try {
            Period p = Period.parse(text == null ? "" : text.strip());
            if (p.isNegative()) {
                throw new DateTimeParseException("negative", text, 0);
            }
            return p;
        } catch (DateTimeParseException e) {
            throw new MappingFileException(file, "keepFor", "how long to keep records after the age limit, as an ISO-8601"
                    + " period of years, months or days such as P1Y or P6M (got " + (text == null ? "nothing" : "'" + text + "'")
                    + ")");
        }
    }
}
