package org.pathwayshub.alert;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/** The settings of each alert type, from {@code mappings/routing/alert-rules.yaml}. */
public final class AlertSettings {

    public static final String FILE = "mappings/routing/alert-rules.yaml";

    private final Map<AlertType, JsonNode> settings;

    private AlertSettings(Map<AlertType, JsonNode> settings) {
        this.settings = settings;
    }

    public static AlertSettings read(InputStream in) {
        try {
            JsonNode root = HubConfigFiles.YAML.readTree(in);
            JsonNode alerts = root == null ? null : root.get("alerts");
            if (alerts == null || !alerts.isObject()) {
                throw new MappingFileException(FILE, "alerts", "a map of alert type -> settings");
            }
            Map<AlertType, JsonNode> out = new EnumMap<>(AlertType.class);
            alerts.fields().forEachRemaining(e -> {
                try {
                    out.put(AlertType.valueOf(e.getKey()), e.getValue());
                } catch (IllegalArgumentException unknown) {
                    throw new MappingFileException(FILE, "alerts." + e.getKey(), "one of " + List.of(AlertType.values()));
                }
            });
            AlertSettings read = new AlertSettings(out);
            read.checkpoints();
            return read;
        } catch (IOException e) {
            throw new MappingFileException(FILE, "", "YAML without syntax errors or repeated keys (" + e.getMessage() + ")");
        }
    }

    /** An alert type not in the file is not raised. */
    public boolean enabled(AlertType type) {
        return settings.containsKey(type);
    }

    public int number(AlertType type, String key, int fallback) {
        JsonNode n = settings.getOrDefault(type, HubConfigFiles.YAML.createObjectNode()).get(key);
        return n == null ? fallback : n.asInt(fallback);
    }

    public String text(AlertType type, String key, String fallback) {
        JsonNode n = settings.getOrDefault(type, HubConfigFiles.YAML.createObjectNode()).get(key);
        return n == null ? fallback : n.asText(fallback);
    }

    /**
     * OUTCOME_FOLLOW_UP's checkpoints: months after an education, employment or training start, in order ({@code months}
     * alone is one checkpoint; six when neither is given).
     */
    public List<Integer> checkpoints() {
        List<String> listed = list(AlertType.OUTCOME_FOLLOW_UP, "checkpoints",
                List.of(String.valueOf(number(AlertType.OUTCOME_FOLLOW_UP, "months", 6))));
        List<Integer> months = new ArrayList<>();
        for (String m : listed) {
            if (!m.matches("[1-9][0-9]?")) {
                throw new MappingFileException(FILE, "alerts.OUTCOME_FOLLOW_UP.checkpoints", "whole numbers of months from 1"
                        + " to 99, such as [3, 6, 12], not " + m);
            }
            months.add(Integer.valueOf(m));
        }
        if (months.isEmpty()) {
            throw new MappingFileException(FILE, "alerts.OUTCOME_FOLLOW_UP.checkpoints", "at least one number of months");
        }
        return months.stream().distinct().sorted().toList();
    }

    public List<String> list(AlertType type, String key, List<String> fallback) {
        JsonNode n = settings.getOrDefault(type, HubConfigFiles.YAML.createObjectNode()).get(key);
        if (n == null || !n.isArray()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
