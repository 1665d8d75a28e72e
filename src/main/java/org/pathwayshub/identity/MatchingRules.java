package org.pathwayshub.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/**
 * The points and thresholds {@link PersonMatcher} scores with, from {@value #FILE}: the LA's data team tunes
 * them there, not in Java. Weights for agreement are zero or more, for disagreement zero or less.
 */
public record MatchingRules(
        double merge,
        double review,
        double similarNameThreshold,
        double familyNameExact,
        double familyNamePartMatch,
        double familyNameSimilar,
        double familyNameDifferent,
        double givenNameExact,
        double givenNameSimilar,
        double givenNameInitial,
        double givenNameDifferent,
        double dobExact,
        double dobDayMonthSwapped,
        double postcodeExact,
        double postcodeSameDistrict,
        double postcodeDifferent,
        double genderDifferent,
        double ypidDifferent) {

    public static final String FILE = "mappings/identity/matching.yaml";

    private static final List<String> FILE_KEYS = List.of("thresholds", "similarNameThreshold", "weights");
    private static final List<String> THRESHOLD_KEYS = List.of("merge", "review");
    private static final List<String> WEIGHT_KEYS = List.of(
            "familyNameExact", "familyNamePartMatch", "familyNameSimilar", "familyNameDifferent",
            "givenNameExact", "givenNameSimilar", "givenNameInitial", "givenNameDifferent",
            "dobExact", "dobDayMonthSwapped",
            "postcodeExact", "postcodeSameDistrict", "postcodeDifferent",
            "genderDifferent", "ypidDifferent");


    /** The values shipped in {@value #FILE} (read from the copy inside the hub's jar). */
    public static MatchingRules defaults() {
        try (InputStream in = MatchingRules.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the class path: the build copies mappings/ into the jar");
            }
            return read(in, FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
    }

    public static MatchingRules read(InputStream yaml, String fileName) {
        JsonNode root;
        try {
            root = HubConfigFiles.YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new MappingFileException(fileName, "", "YAML without syntax errors or repeated keys (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName, e);
        }
        Section file = new Section(fileName, "", root, FILE_KEYS);
        Section thresholds = file.section("thresholds", THRESHOLD_KEYS);
        Section weights = file.section("weights", WEIGHT_KEYS);
        double similar = file.number("similarNameThreshold");
        if (similar <= 0 || similar > 1) {
            throw new MappingFileException(fileName, "similarNameThreshold", "a number above 0 and at most 1 (got " + similar + ")");
        }
        MatchingRules rules = new MatchingRules(
                thresholds.number("merge"),
                thresholds.number("review"),
                similar,
                weights.agreement("familyNameExact"),
                weights.agreement("familyNamePartMatch"),
                weights.agreement("familyNameSimilar"),
                weights.disagreement("familyNameDifferent"),
                weights.agreement("givenNameExact"),
                weights.agreement("givenNameSimilar"),
                weights.agreement("givenNameInitial"),
                weights.disagreement("givenNameDifferent"),
                weights.agreement("dobExact"),
                weights.agreement("dobDayMonthSwapped"),
                weights.agreement("postcodeExact"),
                weights.agreement("postcodeSameDistrict"),
                weights.disagreement("postcodeDifferent"),
                weights.disagreement("genderDifferent"),
                weights.disagreement("ypidDifferent"));
        if (rules.merge() <= rules.review()) {
            throw new MappingFileException(fileName, "thresholds.merge",
                    "more points than thresholds.review (" + rules.review() + "; got " + rules.merge() + ")");
        }
        return rules;
    }

    /** One map in the file, refusing keys it does not know (a typo would otherwise leave a weight unset). */
    private static final class Section {
        private final String file;
        private final String path;
        private final JsonNode node;

        Section(String file, String path, JsonNode node, List<String> keys) {
            if (node == null || !node.isObject()) {
                throw new MappingFileException(file, path, "a map with " + String.join(", ", keys));
            }
            this.file = file;
            this.path = path;
            this.node = node;
            node.fieldNames().forEachRemaining(k -> {
                if (!keys.contains(k)) {
                    throw new MappingFileException(file, key(k), "one of " + String.join(", ", keys) + " (" + k + " is not a matching rule)");
                }
            });
        }

        Section section(String key, List<String> keys) {
            return new Section(file, key(key), node.get(key), keys);
        }

        double number(String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                throw new MappingFileException(file, key(key), "a number (the key is missing)");
            }
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                throw new MappingFileException(file, key(key), "a number (got '" + value.asText() + "')");
            }
            return value.doubleValue();
        }

        double agreement(String key) {
            double points = number(key);
            if (points < 0) {
                throw new MappingFileException(file, key(key), "zero or more points, as agreeing counts for a match (got " + points + ")");
            }
            return points;
        }

        double disagreement(String key) {
            double points = number(key);
            if (points > 0) {
                throw new MappingFileException(file, key(key),
                        "zero or fewer points, as a difference counts against a match (got " + points + "; did you mean -" + points + "?)");
            }
            return points;
        }

        private String key(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
