package org.pathwayshub.referral;

import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/**
 * Working days in England: Monday to Friday but the bank holidays of {@code mappings/referrals/bank-holidays.yaml}.
 * A referral's deadlines count these.
 */
public final class WorkingDays {

    public static final String FILE = "mappings/referrals/bank-holidays.yaml";

    private final Set<LocalDate> holidays;
    private final int lastYear;

    WorkingDays(Set<LocalDate> holidays) {
        this.holidays = Set.copyOf(holidays);
        this.lastYear = holidays.stream().mapToInt(LocalDate::getYear).max().orElse(0);
    }

    public static WorkingDays read(InputStream in, String file) {
        JsonNode root;
        try {
            root = HubConfigFiles.YAML.readTree(in);
        } catch (IOException e) {
            throw new MappingFileException(file, "", "YAML without syntax errors (" + e.getMessage() + ")");
        }
        JsonNode days = root == null ? null : root.get("days");
        if (days == null || !days.isObject()) {
            throw new MappingFileException(file, "days", "the bank holidays of each year: 2026: [2026-01-01, ...]");
        }
        Set<LocalDate> holidays = new TreeSet<>();
        days.fields().forEachRemaining(year -> year.getValue().forEach(d -> {
            try {
                LocalDate day = LocalDate.parse(d.asText());
                if (!String.valueOf(day.getYear()).equals(year.getKey())) {
                    throw new MappingFileException(file, "days." + year.getKey(), "days of " + year.getKey() + " (got " + day + ")");
                }
                holidays.add(day);
            } catch (DateTimeParseException e) {
                throw new MappingFileException(file, "days." + year.getKey(), "dates such as 2026-12-25 (got '" + d.asText() + "')");
            }
        }));
        return new WorkingDays(holidays);
    }

    public boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /** The day {@code n} working days after {@code from} (the day itself not counted). */
    public LocalDate plus(LocalDate from, int n) {
        LocalDate day = from;
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /** True when the bank holidays of the year of {@code day} are in the file. */
    public boolean knows(LocalDate day) {
        return day.getYear() <= lastYear;
    }
}
