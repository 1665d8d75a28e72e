package org.pathwayshub.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/** The LA's configuration files (routes/, mappings/) wherever the hub was told to read them from. */
@Component
public class HubConfigFiles {

    /** Reads every file under mappings/; refuses a key written twice (the second would silently win). */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * A mappings file whose top level is a map of sections: its tree, or an error naming the file and what it should
     * hold ({@code expected}).
     */
    public static JsonNode readSections(InputStream in, String file, String expected) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new MappingFileException(file, "", "YAML without syntax errors or repeated keys (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MappingFileException(file, "", expected);
        }
        return root;
    }

    private final String location;
    private final ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    public HubConfigFiles(HubProperties hub) {
        this.location = hub.getConfigLocation();
    }

    public String location() {
        return location;
    }

    /** @param path relative to the configuration folder, e.g. {@code mappings/feeds/school-census.yaml} */
    public Optional<Resource> find(String path) {
        Resource resource = resolver.getResource(location + path);
        return resource.exists() ? Optional.of(resource) : Optional.empty();
    }

    /** @param pattern relative to the configuration folder, e.g. {@code mappings/codes/*.yaml} */
    public List<Resource> findAll(String pattern) {
        try {
            return Arrays.stream(resolver.getResources(location + pattern))
                    .filter(Resource::exists)
                    .sorted(Comparator.comparing(r -> String.valueOf(r.getFilename())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + location + pattern, e);
        }
    }

    /**
     * Last-modified time of a file; -1 for a resource inside the jar, which cannot change while the hub runs; 0 where
     * a file cannot tell, so that callers caching what they read from it read it again.
     */
    public static long lastModified(Resource resource) {
        try {
            return resource.isFile() ? resource.lastModified() : -1L;
        } catch (IOException e) {
            return 0L;
        }
    }
}
