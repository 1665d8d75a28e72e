package org.pathwayshub.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

/**
 * The roles of {@value #FILE}: what each may use of the API, as request path patterns. Read at start-up; a mistake
 * in the file stops the hub with the key at fault.
 */
@Component
public class Roles {

    public static final String FILE = "mappings/access/roles.yaml";
    /** Manages the users; the built-in admin has it. The file must define it. */
    public static final String ADMIN = "ADMIN";
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{1,31}");

    /** A role: who it is for, and the request paths it allows. */
    public record Role(String name, String description, List<String> allow) {
    }

    private final Map<String, Role> roles;
    private final AntPathMatcher paths = new AntPathMatcher();

    @Autowired
    public Roles(HubConfigFiles files) {
        Resource resource = files.find(FILE).orElseThrow(() -> new MappingFileException(FILE, "",
                "the roles file: which part of the API each role may use (the project's " + FILE + ")"));
        this.roles = read(resource);
    }

    Roles(Map<String, Role> roles) {
        this.roles = Map.copyOf(roles);
    }

    public Set<String> names() {
        return roles.keySet();
    }

    public Collection<Role> all() {
        return roles.values();
    }

    public boolean has(String role) {
        return roles.containsKey(role);
    }

    /** True when one of the roles allows the request path. */
    public boolean allows(Collection<String> roleNames, String path) {
        for (String name : roleNames) {
            Role role = roles.get(name);
            if (role != null && role.allow().stream().anyMatch(pattern -> paths.match(pattern, path))) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Role> read(Resource resource) {
        JsonNode root;
        try (InputStream in = resource.getInputStream()) {
            root = HubConfigFiles.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
        return parse(root);
    }

    static Map<String, Role> parse(JsonNode root) {
        if (root == null || !root.path("roles").isObject()) {
            throw new MappingFileException(FILE, "roles", "a map of roles by name, each with description and allow "
                    + "(request path patterns), such as OPS: { description: ..., allow: [\"/api/feeds/**\"] }");
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("roles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "roles." + e.getKey();
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new MappingFileException(FILE, key, "a role name in capitals, such as DATA_TEAM");
            }
            JsonNode allow = e.getValue().path("allow");
            if (!allow.isArray() || allow.isEmpty()) {
                throw new MappingFileException(FILE, key + ".allow", "a list of request path patterns such as "
                        + "[\"/api/feeds/**\"]");
            }
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < allow.size(); i++) {
                String pattern = allow.get(i).asText("");
                if (!pattern.startsWith("/")) {
                    throw new MappingFileException(FILE, key + ".allow[" + i + "]", "a path pattern starting with / (got '"
                            + pattern + "')");
                }
                patterns.add(pattern);
            }
            roles.put(e.getKey(), new Role(e.getKey(), e.getValue().path("description").asText(""), List.copyOf(patterns)));
        }
        if (!roles.containsKey(ADMIN)) {
            throw new MappingFileException(FILE, "roles", "a role " + ADMIN + " (it manages the users)");
        }
        return roles;
    }
}
