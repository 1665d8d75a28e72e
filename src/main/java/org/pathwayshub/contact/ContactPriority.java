package org.pathwayshub.contact;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/**
 * Who goes on the not-known queue and in what order, as {@code mappings/contact/priority.yaml} says: each reason
 * with its words and points, and the points for the RONI band, the months since anyone last heard of the young
 * person, their age and each vulnerability. A priority is the sum of its parts, and every part is kept so a worker
 * can read why.
 */
public final class ContactPriority {

    public static final String FILE = "mappings/contact/priority.yaml";

    private final Map<QueueReason, Integer> reasonPoints;
    private final Map<QueueReason, String> reasonWords;
    private final Set<String> notKnownCodes;
    private final Set<Integer> leaverAcademicAges;
    private final Map<String, Integer> bandPoints;
    private final int pointsPerMonth;
    private final int capMonths;
    private final Map<Integer, Integer> agePoints;
    private final Map<String, Integer> characteristicPoints;
    private final int sendPoints;
    private final Map<String, String> characteristicLabels;

    private ContactPriority(Map<QueueReason, Integer> reasonPoints, Map<QueueReason, String> reasonWords,
                            Set<String> notKnownCodes, Set<Integer> leaverAcademicAges, Map<String, Integer> bandPoints,
                            int pointsPerMonth, int capMonths, Map<Integer, Integer> agePoints,
                            Map<String, Integer> characteristicPoints, int sendPoints, Map<String, String> characteristicLabels) {
        this.reasonPoints = reasonPoints;
        this.reasonWords = reasonWords;
        this.notKnownCodes = notKnownCodes;
        this.leaverAcademicAges = leaverAcademicAges;
        this.bandPoints = bandPoints;
        this.pointsPerMonth = pointsPerMonth;
        this.capMonths = capMonths;
        this.agePoints = agePoints;
        this.characteristicPoints = characteristicPoints;
        this.sendPoints = sendPoints;
        this.characteristicLabels = characteristicLabels;
    }

    /** One part of a priority: what it is, the value it was worked out from, and its points. */
    public record Part(String name, String detail, int points) {
    }

    /** A priority: its total and every part that makes it up, largest first as listed in the file. */
    public record Priority(int total, List<Part> parts) {
    }

    /**
     * What a priority is worked out from.
     *
     * @param band            the latest RONI band, or null (not scored)
     * @param lastContact     the day anyone last heard of them, or null (never)
     * @param age             age in whole years today, or null (no date of birth)
     * @param characteristics codes held today
     */
    public record Inputs(QueueReason reason, String band, LocalDate lastContact, Integer age,
                         Collection<String> characteristics, boolean send) {
    }

    public Priority score(Inputs in, LocalDate today) {
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("reason", in.reason().name(), reasonPoints.get(in.reason())));
        String band = in.band() == null ? "NONE" : in.band();
        parts.add(new Part("risk band", band, bandPoints.getOrDefault(band, 0)));
        long months = in.lastContact() == null ? capMonths
                : Math.min(capMonths, Math.max(0, ChronoUnit.MONTHS.between(in.lastContact(), today)));
        parts.add(new Part("since last contact", in.lastContact() == null ? "never" : months + " months (since "
                + in.lastContact() + ")", (int) months * pointsPerMonth));
        if (in.age() != null && agePoints.containsKey(in.age())) {
            parts.add(new Part("age", String.valueOf(in.age()), agePoints.get(in.age())));
        }
        new LinkedHashSet<>(in.characteristics()).stream().filter(characteristicPoints::containsKey).sorted()
                .forEach(c -> parts.add(new Part("characteristic", c + " " + characteristicLabels.getOrDefault(c, ""),
                        characteristicPoints.get(c))));
        if (in.send()) {
            parts.add(new Part("SEND", "EHC plan or SEND flag", sendPoints));
        }
        return new Priority(parts.stream().mapToInt(Part::points).sum(), List.copyOf(parts));
    }

    public String words(QueueReason reason) {
        return reasonWords.get(reason);
    }

    /** The activity codes whose situation is not known (810, 820, 830, 150 as shipped). */
    public Set<String> notKnownCodes() {
        return notKnownCodes;
    }

    /** Academic ages in the last academic year whose leavers go on the queue with no current activity. */
    public Set<Integer> leaverAcademicAges() {
        return leaverAcademicAges;
    }

    public static ContactPriority read(InputStream in, String file, CodeLists codes) {
        JsonNode root = HubConfigFiles.readSections(in, file, "the sections reasons, riskBand, sinceLastContact, age, characteristics, send");
        Map<QueueReason, Integer> reasonPoints = new EnumMap<>(QueueReason.class);
        Map<QueueReason, String> reasonWords = new EnumMap<>(QueueReason.class);
        JsonNode reasons = object(root, "reasons", file, "each reason (NOT_KNOWN, LAPSED, LEAVER_NO_ACTIVITY) with words and points");
        reasons.fieldNames().forEachRemaining(name -> {
            try {
                QueueReason.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new MappingFileException(file, "reasons." + name, "one of " + List.of(QueueReason.values()));
            }
        });
        for (QueueReason r : QueueReason.values()) {
            JsonNode node = object(reasons, r.name(), file, "words and points for " + r.name(), "reasons.");
            reasonPoints.put(r, points(node, "points", file, "reasons." + r.name() + "."));
            JsonNode words = node.get("words");
            if (words == null || !words.isTextual() || words.asText().isBlank()) {
                throw new MappingFileException(file, "reasons." + r.name() + ".words", "the reason in words");
            }
            reasonWords.put(r, words.asText());
        }
        Set<String> notKnown = new LinkedHashSet<>();
        JsonNode codesNode = reasons.get("NOT_KNOWN").get("activityCodes");
        if (codesNode == null || !codesNode.isArray() || codesNode.isEmpty()) {
            throw new MappingFileException(file, "reasons.NOT_KNOWN.activityCodes", "a list of activity codes, such as [\"810\"]");
        }
        codesNode.forEach(c -> {
            if (!codes.get("activity").accepts(c.asText())) {
                throw new MappingFileException(file, "reasons.NOT_KNOWN.activityCodes", "codes of mappings/codes/activity.yaml"
                        + " (got '" + c.asText() + "')");
            }
            notKnown.add(c.asText());
        });
        Set<Integer> ages = new LinkedHashSet<>();
        JsonNode agesNode = reasons.get("LEAVER_NO_ACTIVITY").get("lastYearAcademicAges");
        if (agesNode == null || !agesNode.isArray() || agesNode.isEmpty()) {
            throw new MappingFileException(file, "reasons.LEAVER_NO_ACTIVITY.lastYearAcademicAges",
                    "a list of academic ages, such as [15, 17]");
        }
        agesNode.forEach(a -> {
            if (!a.canConvertToInt() || !a.isIntegralNumber()) {
                throw new MappingFileException(file, "reasons.LEAVER_NO_ACTIVITY.lastYearAcademicAges",
                        "whole numbers (got '" + a.asText() + "')");
            }
            ages.add(a.asInt());
        });

        Map<String, Integer> bands = new LinkedHashMap<>();
        JsonNode bandNode = object(root, "riskBand", file, "points for each RONI band: RED, AMBER, GREEN, NONE");
        for (String band : List.of("RED", "AMBER", "GREEN", "NONE")) {
            bands.put(band, points(bandNode, band, file, "riskBand."));
        }
        JsonNode since = object(root, "sinceLastContact", file, "pointsPerMonth and capMonths");
        int perMonth = points(since, "pointsPerMonth", file, "sinceLastContact.");
        int cap = points(since, "capMonths", file, "sinceLastContact.");

        Map<Integer, Integer> age = new LinkedHashMap<>();
        JsonNode ageNode = object(root, "age", file, "points by age in years, such as \"16\": 10");
        ageNode.fieldNames().forEachRemaining(a -> {
            int years;
            try {
                years = Integer.parseInt(a);
            } catch (NumberFormatException e) {
                throw new MappingFileException(file, "age." + a, "an age in whole years, such as \"16\"");
            }
            age.put(years, points(ageNode, a, file, "age."));
        });

        Map<String, Integer> characteristics = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode charNode = object(root, "characteristics", file, "points by characteristic code, such as \"110\": 25");
        charNode.fieldNames().forEachRemaining(c -> {
            if (!codes.get("characteristic").accepts(c)) {
                throw new MappingFileException(file, "characteristics." + c, "a code of mappings/codes/characteristic.yaml");
            }
            characteristics.put(c, points(charNode, c, file, "characteristics."));
            labels.put(c, codes.get("characteristic").label(c));
        });
        int send = points(root, "send", file, "");
        return new ContactPriority(reasonPoints, reasonWords, Set.copyOf(notKnown), Set.copyOf(ages), bands, perMonth, cap,
                age, characteristics, send, labels);
    }

    private static JsonNode object(JsonNode parent, String key, String file, String expected) {
        return object(parent, key, file, expected, "");
    }

    private static JsonNode object(JsonNode parent, String key, String file, String expected, String prefix) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isObject()) {
            throw new MappingFileException(file, prefix + key, expected);
        }
        return node;
    }

    private static int points(JsonNode parent, String key, String file, String prefix) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isIntegralNumber() || node.asInt() < 0) {
            throw new MappingFileException(file, prefix + key, "points as a whole number of 0 or more (got "
                    + (node == null ? "nothing" : "'" + node.asText() + "'") + ")");
        }
        return node.asInt();
    }
}
