package org.pathwayshub.risk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/**
 * A RONI rule set from {@code mappings/risk/}: which NC years it scores, the score each band starts at, and the
 * weighted indicators. Each LA picks a set and revises it yearly, so the set is data with a version, and a file
 * the hub cannot read exactly as written is refused, naming the file and the key.
 *
 * @param id       the {@code ruleSet} name, such as roni-default
 * @param ncYears  the NC years a young person must be in for an assessment to be in scope
 */
public record RoniRuleSet(String id, String version, String description, List<Integer> ncYears, Bands bands,
                          List<Indicator> indicators) {

    public static final String DEFAULT_FILE = "mappings/risk/roni-default.yaml";

    public RoniRuleSet {
        ncYears = List.copyOf(ncYears);
        indicators = List.copyOf(indicators);
    }

    /** The lowest score of each band; a score of 0 is in no band. */
    public record Bands(int red, int amber, int green) {

        public Band bandFor(int score) {
            if (score >= red) {
                return Band.RED;
            }
            if (score >= amber) {
                return Band.AMBER;
            }
            return score >= green ? Band.GREEN : Band.NONE;
        }
    }

    /**
     * One weighted indicator. {@code replaces} names an indicator this one stands in for when both fire (85% attendance
     * scores 2 instead of the 1 for 90%, not 3); null when it replaces none.
     */
    public record Indicator(String id, String label, int points, Condition condition, String replaces) {
    }

    /** The default rule set shipped with the hub (read from the copy inside the jar). */
    public static RoniRuleSet defaults() {
        return fromClassPath(DEFAULT_FILE);
    }

    /** A rule set shipped in the jar, by its path such as {@code mappings/risk/roni-extended.yaml}. */
    public static RoniRuleSet fromClassPath(String file) {
        try (InputStream in = RoniRuleSet.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is not on the class path: the build copies mappings/ into the jar");
            }
            return read(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static RoniRuleSet read(InputStream yaml, String fileName) {
        JsonNode root;
        try {
            root = HubConfigFiles.YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw unreadable(fileName, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName, e);
        }
        Node file = new Node(fileName, "", root).keys(FILE_KEYS);
        String id = file.id("ruleSet");
        String version = file.version("version");
        String description = file.text("description");
        List<Integer> ncYears = file.map("appliesTo").keys(List.of("ncYears")).ncYears("ncYears");
        Bands bands = bands(file.map("bands").keys(BAND_KEYS));
        List<Indicator> indicators = indicators(file);
        return new RoniRuleSet(id, version, description, ncYears, bands, indicators);
    }

    // ---- reading the file


    private static final List<String> FILE_KEYS = List.of("ruleSet", "version", "description", "appliesTo", "bands", "indicators");
    private static final List<String> BAND_KEYS = List.of("RED", "AMBER", "GREEN");
    private static final List<String> INDICATOR_KEYS = List.of("id", "label", "points", "kind", "anyOf", "replaces");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '([^']*)'");
    private static final Set<Window.Type> EXCLUSION_WINDOWS = Set.of(Window.Type.LAST_ACADEMIC_YEAR, Window.Type.MONTHS);
    private static final Set<Window.Type> SPELL_WINDOWS = Set.of(Window.Type.EVER, Window.Type.CURRENT, Window.Type.MONTHS);

    /** A kind of indicator: the parameters it takes (all required) and how it is built from them. */
    private record Kind(List<String> parameters, Function<Node, Condition> build) {
    }

    private static final Map<String, Kind> KINDS = kinds();

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put("eal", new Kind(List.of(), n -> new Condition.Eal()));
        kinds.put("senProvision", new Kind(List.of("codes"), n -> new Condition.SenProvision(n.codes("codes"))));
        kinds.put("attendanceBelow", new Kind(List.of("percent", "months"),
                n -> new Condition.AttendanceBelow(n.percent("percent"), n.months("months"))));
        kinds.put("suspension", new Kind(List.of("window"), n -> new Condition.Suspension(n.window("window", EXCLUSION_WINDOWS))));
        kinds.put("permanentExclusion", new Kind(List.of("window"),
                n -> new Condition.PermanentExclusion(n.window("window", EXCLUSION_WINDOWS))));
        kinds.put("fsm", new Kind(List.of("months"), n -> new Condition.FreeSchoolMeals(n.months("months"))));
        kinds.put("characteristic", new Kind(List.of("codes", "window"),
                n -> new Condition.CharacteristicHeld(n.codes("codes"), n.window("window", SPELL_WINDOWS))));
        kinds.put("activity", new Kind(List.of("codes", "window"),
                n -> new Condition.ActivitySpell(n.codes("codes"), n.window("window", SPELL_WINDOWS))));
        kinds.put("levelOfNeed", new Kind(List.of("values"), n -> new Condition.LevelOfNeed(n.codes("values"))));
        kinds.put("schoolFlag", new Kind(List.of("codes", "window"),
                n -> new Condition.SchoolFlagHeld(n.codes("codes"), n.window("window", SPELL_WINDOWS))));
        return Collections.unmodifiableMap(kinds);
    }

    private static final List<String> KIND_NAMES = List.copyOf(KINDS.keySet());

    private static Bands bands(Node bands) {
        int red = bands.integer("RED", 1);
        int amber = bands.integer("AMBER", 1);
        int green = bands.integer("GREEN", 1);
        if (amber >= red) {
            throw bands.refuse("AMBER", "fewer points than RED (" + red + "), as RED is the higher band (got " + amber + ")");
        }
        if (green >= amber) {
            throw bands.refuse("GREEN", "fewer points than AMBER (" + amber + "), as AMBER is the higher band (got " + green + ")");
        }
        return new Bands(red, amber, green);
    }

    private static List<Indicator> indicators(Node file) {
        List<Node> items = file.items("indicators");
        List<Indicator> indicators = new ArrayList<>();
        Map<String, Node> byId = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String id = item.id("id");
            Node indicator = item.named(id);
            if (byId.containsKey(id)) {
                throw indicator.refuse("id", "an id no other indicator in the file has (" + id + " is used twice)");
            }
            byId.put(id, indicator);
            indicators.add(indicator(indicator, id));
        }
        for (Indicator indicator : indicators) {
            Node node = byId.get(indicator.id());
            if (indicator.replaces() != null && (!byId.containsKey(indicator.replaces()) || indicator.replaces().equals(indicator.id()))) {
                List<String> others = new ArrayList<>(byId.keySet());
                others.remove(indicator.id());
                throw node.refuse("replaces", "the id of another indicator in this file, one of " + String.join(", ", others)
                        + " (got '" + indicator.replaces() + "')");
            }
        }
        refuseReplacingInACircle(indicators, byId);
        return indicators;
    }

    private static Indicator indicator(Node node, String id) {
        boolean hasKind = node.has("kind");
        boolean hasAnyOf = node.has("anyOf");
        if (hasKind == hasAnyOf) {
            throw node.refuse("kind", "either kind (one of " + String.join(", ", KIND_NAMES)
                    + ") or anyOf (a list of kinds, any of which fires it)" + (hasKind ? ", not both" : " (both are missing)"));
        }
        Condition condition;
        if (hasKind) {
            Kind kind = node.kind();
            node.keys(concat(INDICATOR_KEYS, kind.parameters()));
            condition = kind.build().apply(node);
        } else {
            node.keys(INDICATOR_KEYS);
            List<Condition> any = new ArrayList<>();
            for (Node option : node.items("anyOf")) {
                Kind kind = option.kind();
                option.keys(concat(List.of("kind"), kind.parameters()));
                any.add(kind.build().apply(option));
            }
            condition = new Condition.AnyOf(any);
        }
        String label = node.text("label");
        int points = node.integer("points", 1);
        String replaces = node.has("replaces") ? node.id("replaces") : null;
        return new Indicator(id, label, points, condition, replaces);
    }

    private static void refuseReplacingInACircle(List<Indicator> indicators, Map<String, Node> byId) {
        Map<String, String> replaces = new HashMap<>();
        indicators.forEach(i -> replaces.put(i.id(), i.replaces()));
        for (Indicator indicator : indicators) {
            List<String> chain = new ArrayList<>(List.of(indicator.id()));
            Set<String> seen = new HashSet<>(chain);
            for (String next = replaces.get(indicator.id()); next != null; next = replaces.get(next)) {
                chain.add(next);
                if (!seen.add(next)) {
                    throw byId.get(indicator.id()).refuse("replaces", "replacements that end somewhere ("
                            + String.join(" replaces ", chain) + " goes round in a circle)");
                }
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static MappingFileException unreadable(String fileName, JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        String line = where == null || where.getLineNr() < 1 ? "" : "line " + where.getLineNr();
        Matcher duplicate = DUPLICATE_KEY.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.find()) {
            return new MappingFileException(fileName, line.isEmpty() ? duplicate.group(1) : line + ", " + duplicate.group(1),
                    "each key once in a map (" + duplicate.group(1) + " is written twice)");
        }
        return new MappingFileException(fileName, line, "YAML without syntax errors (" + e.getOriginalMessage() + ")");
    }

    /** One map in the file and where it is, for errors that name the key. */
    private static final class Node {
        private final String file;
        private final String path;
        private final JsonNode node;

        Node(String file, String path, JsonNode node) {
            this.file = file;
            this.path = path;
            this.node = node;
            if (node == null || !node.isObject()) {
                throw new MappingFileException(file, path, path.isEmpty()
                        ? "a map with " + String.join(", ", FILE_KEYS) : "a map of keys and values");
            }
        }

        /** This map, now known by the indicator id it has. */
        Node named(String id) {
            return new Node(file, path.replaceFirst("\\[[^\\]]*\\]$", "[" + id + "]"), node);
        }

        /** Refuses keys it does not know: a typo would otherwise leave a parameter unset. */
        Node keys(List<String> known) {
            node.fieldNames().forEachRemaining(k -> {
                if (!known.contains(k)) {
                    throw refuse(k, known.isEmpty() ? "no parameters here (" + k + " is not one)"
                            : "one of " + String.join(", ", known) + " (" + k + " is not one)");
                }
            });
            return this;
        }

        boolean has(String key) {
            return node.has(key);
        }

        Node map(String key) {
            return new Node(file, key(key), required(key, "a map of keys and values"));
        }

        List<Node> items(String key) {
            JsonNode list = required(key, "a list");
            if (!list.isArray() || list.isEmpty()) {
                throw refuse(key, "a list with at least one entry");
            }
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(new Node(file, key(key) + "[item " + (i + 1) + "]", list.get(i)));
            }
            return items;
        }

        String text(String key) {
            JsonNode value = required(key, "some text");
            if (!value.isTextual() || value.asText().isBlank()) {
                throw refuse(key, "some text (got '" + value.asText() + "')");
            }
            return value.asText().trim();
        }

        String id(String key) {
            String id = text(key);
            if (!ID.matcher(id).matches()) {
                throw refuse(key, "lower-case letters, digits and hyphens, such as attendance-below-90 (got '" + id + "')");
            }
            return id;
        }

        String version(String key) {
            JsonNode value = required(key, "a version in quotes, such as \"2025.1\"");
            if (!value.isTextual() || value.asText().isBlank()) {
                throw refuse(key, "a version in quotes, such as \"2025.1\" (got " + value.asText()
                        + " unquoted, and unquoted 2025.10 would read as 2025.1)");
            }
            return value.asText().trim();
        }

        int integer(String key, int min) {
            return integer(key, min, "a whole number");
        }

        int months(String key) {
            return integer(key, 1, "a whole number of months, such as 12");
        }

        private int integer(String key, int min, String what) {
            JsonNode value = required(key, what);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw refuse(key, what + " (got '" + value.asText() + "')");
            }
            if (value.intValue() < min) {
                throw refuse(key, what + ", at least " + min + " (got " + value.intValue() + ")");
            }
            return value.intValue();
        }

        BigDecimal percent(String key) {
            JsonNode value = required(key, "a percentage such as 90");
            if (!value.isNumber()) {
                throw refuse(key, "a percentage such as 90, without the % sign (got '" + value.asText() + "')");
            }
            BigDecimal percent = value.decimalValue();
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw refuse(key, "a percentage above 0 and at most 100 (got " + value.asText() + ")");
            }
            return percent;
        }

        /** A list of codes; unquoted numbers such as 110 are read as the code "110". */
        Set<String> codes(String key) {
            JsonNode list = required(key, "a list of codes, such as [\"110\"]");
            if (!list.isArray() || list.isEmpty()) {
                throw refuse(key, "a list of codes, such as [\"110\"] (got '" + list.asText() + "')");
            }
            Set<String> codes = new LinkedHashSet<>();
            for (JsonNode code : list) {
                if (!(code.isTextual() || code.isIntegralNumber()) || code.asText().isBlank()) {
                    throw refuse(key, "a list of codes, such as [\"110\"] (got '" + code + "' in it)");
                }
                if (!codes.add(code.asText().trim())) {
                    throw refuse(key, "each code once (" + code.asText().trim() + " is listed twice)");
                }
            }
            return codes;
        }

        List<Integer> ncYears(String key) {
            JsonNode list = required(key, "a list of NC years, such as [8, 9, 10, 11]");
            if (!list.isArray() || list.isEmpty()) {
                throw refuse(key, "a list of NC years, such as [8, 9, 10, 11]");
            }
            List<Integer> years = new ArrayList<>();
            for (JsonNode year : list) {
                if (!year.isIntegralNumber() || year.intValue() < 0 || year.intValue() > 14) {
                    throw refuse(key, "NC years 0 to 14, such as [8, 9, 10, 11] (got '" + year.asText() + "')");
                }
                if (years.contains(year.intValue())) {
                    throw refuse(key, "each NC year once (" + year.intValue() + " is listed twice)");
                }
                years.add(year.intValue());
            }
            return years;
        }

        Kind kind() {
            String name = text("kind");
            Kind kind = KINDS.get(name);
            if (kind == null) {
                throw refuse("kind", "one of " + String.join(", ", KIND_NAMES) + " (got '" + name + "')");
            }
            return kind;
        }

        /** ever, current, lastAcademicYear, or {months: N}; each kind accepts only the windows that make sense for it. */
        Window window(String key, Set<Window.Type> allowed) {
            List<String> words = new ArrayList<>();
            if (allowed.contains(Window.Type.EVER)) {
                words.add("ever");
            }
            if (allowed.contains(Window.Type.CURRENT)) {
                words.add("current");
            }
            if (allowed.contains(Window.Type.LAST_ACADEMIC_YEAR)) {
                words.add("lastAcademicYear");
            }
            String expected = "one of " + String.join(", ", words) + " or {months: N}";
            JsonNode value = required(key, expected);
            Window window;
            if (value.isObject()) {
                window = Window.months(map(key).keys(List.of("months")).months("months"));
            } else {
                window = switch (value.asText()) {
                    case "ever" -> Window.EVER;
                    case "current" -> Window.CURRENT;
                    case "lastAcademicYear" -> Window.LAST_ACADEMIC_YEAR;
                    default -> throw refuse(key, expected + " (got '" + value.asText() + "')");
                };
            }
            if (!allowed.contains(window.type())) {
                throw refuse(key, expected + " for this kind (got '" + window + "')");
            }
            return window;
        }

        MappingFileException refuse(String key, String expected) {
            return new MappingFileException(file, key(key), expected);
        }

        private JsonNode required(String key, String expected) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                throw refuse(key, expected + " (the key is missing)");
            }
            return value;
        }

        private String key(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
