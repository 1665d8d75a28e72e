package org.pathwayshub.risk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The RONI rule sets in {@code mappings/risk/}, and the one this authority uses ({@code active.yaml}) with its
 * local changes to points and bands.
 */
@Component
public class RuleSets {

    static final String ACTIVE_FILE = "mappings/risk/active.yaml";

    private final Map<String, RoniRuleSet> byId = new TreeMap<>();
    private final RoniRuleSet active;

    public RuleSets(HubConfigFiles files) {
        for (Resource r : files.findAll("mappings/risk/*.yaml")) {
            if ("active.yaml".equals(r.getFilename())) {
                continue;
            }
            try (InputStream in = r.getInputStream()) {
                RoniRuleSet set = RoniRuleSet.read(in, "mappings/risk/" + r.getFilename());
                byId.put(set.id(), set);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.active = active(files);
    }

    public RoniRuleSet active() {
        return active;
    }

    public Optional<RoniRuleSet> find(String id) {
        return id.equals(active.id()) ? Optional.of(active) : Optional.ofNullable(byId.get(id));
    }

    public List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }

    private RoniRuleSet active(HubConfigFiles files) {
        Resource r = files.find(ACTIVE_FILE).orElse(null);
        if (r == null) {
            return byId.getOrDefault("roni-default", RoniRuleSet.defaults());
        }
        JsonNode root;
        try (InputStream in = r.getInputStream()) {
            root = HubConfigFiles.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = root.path("ruleSet").asText("roni-default");
        RoniRuleSet base = byId.get(id);
        if (base == null) {
            throw new MappingFileException(ACTIVE_FILE, "ruleSet", "a rule set in mappings/risk/ " + byId.keySet() + " ('" + id + "' is not one)");
        }
        Map<String, Integer> points = new LinkedHashMap<>();
        root.path("overrides").path("points").fields().forEachRemaining(e -> points.put(e.getKey(), e.getValue().asInt()));
        JsonNode bands = root.path("overrides").path("bands");
        if (points.isEmpty() && (bands.isMissingNode() || bands.isEmpty())) {
            return base;
        }
        List<RoniRuleSet.Indicator> indicators = new ArrayList<>();
        for (RoniRuleSet.Indicator i : base.indicators()) {
            indicators.add(new RoniRuleSet.Indicator(i.id(), i.label(), points.getOrDefault(i.id(), i.points()), i.condition(), i.replaces()));
        }
        for (String key : points.keySet()) {
            if (base.indicators().stream().noneMatch(i -> i.id().equals(key))) {
                throw new MappingFileException(ACTIVE_FILE, "overrides.points." + key, "an indicator of " + id);
            }
        }
        RoniRuleSet.Bands b = new RoniRuleSet.Bands(bands.path("RED").asInt(base.bands().red()),
                bands.path("AMBER").asInt(base.bands().amber()), bands.path("GREEN").asInt(base.bands().green()));
        if (!(b.red() > b.amber() && b.amber() > b.green() && b.green() >= 1)) {
            throw new MappingFileException(ACTIVE_FILE, "overrides.bands", "RED above AMBER above GREEN, GREEN at least 1");
        }
        return new RoniRuleSet(base.id(), base.version() + "+local", base.description(), base.ncYears(), b, indicators);
    }
}
