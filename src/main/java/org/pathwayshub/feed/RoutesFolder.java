package org.pathwayshub.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.pathwayshub.system.HubConfigFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Watches {@code routes/} so a data team's change to a feed (a new schedule, a new feed, a feed removed) takes
 * effect without a rebuild or restart. A changed file's routes are replaced by what the file now says; a file
 * that no longer loads leaves its feeds as they were and the feed shows the problem. Runs as the route
 * {@code routes-watch}, looking every few seconds ({@code hub.routes-watch-interval}).
 */
@Component
public class RoutesFolder extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(RoutesFolder.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final HubConfigFiles files;
    private final FeedCatalog catalog;
    private final Map<Path, Loaded> loaded = new HashMap<>();

    /** A routes file as last loaded: its fingerprint, content, and the routes it made. */
    private record Loaded(String sha256, String content, Set<String> routeIds) {
    }

    public RoutesFolder(HubConfigFiles files, FeedCatalog catalog) {
        this.files = files;
        this.catalog = catalog;
    }

    @Override
    public void configure() {
        Path folder = folder();
        if (folder == null) {
            return;
        }
        // the files Camel loaded at start are the baseline
        for (Path file : yamlFiles(folder)) {
            try {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                loaded.put(file, new Loaded(sha256(content), content, routeIds(content)));
            } catch (IOException e) {
                log.warn("Cannot read {}: {}", file, e.getMessage());
            }
        }
        from("timer:routes-watch?period={{hub.routes-watch-interval:3000}}&delay=3000")
                .routeId("routes-watch")
                .process(exchange -> scan(exchange.getContext(), folder));
    }

    /** The routes folder on disk, or null when the routes come from inside the jar (nothing to watch). */
    private Path folder() {
        String location = files.location();
        if (!location.startsWith("file:")) {
            return null;
        }
        Path dir = Path.of(location.substring("file:".length())).resolve("routes");
        return Files.isDirectory(dir) ? dir : null;
    }

    synchronized void scan(CamelContext camel, Path folder) {
        List<Path> present = yamlFiles(folder);
        for (Path file : present) {
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;  // being written: next time
            }
            Loaded before = loaded.get(file);
            String sha = sha256(content);
            if (before == null || !before.sha256().equals(sha)) {
                reload(camel, file, content, sha, before);
            }
        }
        for (Path gone : new ArrayList<>(loaded.keySet())) {
            if (!present.contains(gone)) {
                removeRoutes(camel, loaded.remove(gone).routeIds(), Set.of());
                log.info("Routes file {} removed: its feeds stopped", gone.getFileName());
            }
        }
    }

    private void reload(CamelContext camel, Path file, String content, String sha, Loaded before) {
        Set<String> ids;
        try {
            ids = routeIds(content);
        } catch (RuntimeException e) {
            problem(before, file, "not readable YAML: " + e.getMessage());
            return;
        }
        // a feed the new file keeps stays listed in /api/feeds while its route is replaced
        removeRoutes(camel, before == null ? ids : union(before.routeIds(), ids), ids);
        try {
            load(camel, file.getFileName().toString(), content);
            loaded.put(file, new Loaded(sha, content, ids));
            log.info("Routes file {} {}: {} (re)loaded", file.getFileName(), before == null ? "added" : "changed", ids);
        } catch (Exception e) {
            String reason = rootCause(e);
            log.warn("Routes file {} could not be loaded ({}); its feeds stay as they were", file.getFileName(), reason);
            if (before != null) {
                try {
                    load(camel, file.getFileName().toString(), before.content());
                } catch (Exception again) {
                    log.error("Routes file {}: the previous version did not load again either", file.getFileName());
                }
            }
            loaded.put(file, new Loaded(sha, before == null ? content : before.content(), before == null ? ids : before.routeIds()));
            problem(before, file, reason);
        }
    }

    /** The innermost message: "schedule 'x' is neither an interval nor a cron", not the chain of route errors. */
    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void problem(Loaded before, Path file, String message) {
        Set<String> ids = before == null ? Set.of() : before.routeIds();
        ids.stream().filter(id -> id.startsWith("feed-"))
                .forEach(id -> catalog.misconfigured(id.substring(5), "routes/" + file.getFileName() + ": " + message));
    }

    private static void load(CamelContext camel, String name, String content) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(name, content));
    }

    private void removeRoutes(CamelContext camel, Set<String> routeIds, Set<String> staying) {
        for (String id : routeIds) {
            try {
                if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                }
                if (id.startsWith("feed-") && !staying.contains(id)) {
                    catalog.remove(id.substring(5));
                }
            } catch (Exception e) {
                log.warn("Could not remove route {}: {}", id, e.getMessage());
            }
        }
    }

    /** The route ids a routes file declares (templatedRoute or route). */
    static Set<String> routeIds(String content) {
        Set<String> ids = new TreeSet<>();
        try {
            JsonNode root = YAML.readTree(content);
            if (root != null && root.isArray()) {
                for (JsonNode item : root) {
                    for (String kind : List.of("templatedRoute", "route")) {
                        JsonNode id = item.path(kind).path(kind.equals("route") ? "id" : "routeId");
                        if (id.isTextual()) {
                            ids.add(id.asText());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return ids;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
