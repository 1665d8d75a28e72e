package org.pathwayshub.routing;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/** The authority running this hub ({@code mappings/local-authority.yaml}): its LA number and postcode districts. */
public record LocalAuthority(String code, String name, String nccisDatabaseId, Set<String> postcodeDistricts) {

    public static final String FILE = "mappings/local-authority.yaml";

    public static LocalAuthority read(InputStream in) {
        try {
            JsonNode root = HubConfigFiles.YAML.readTree(in);
            String code = root.path("code").asText("");
            if (!code.matches("\\d{3}")) {
                throw new MappingFileException(FILE, "code", "the authority's three-digit LA number");
            }
            Set<String> districts = new LinkedHashSet<>();
            root.path("postcodeDistricts").forEach(d -> districts.add(d.asText().toUpperCase(Locale.ROOT)));
            return new LocalAuthority(code, root.path("name").asText(code), root.path("nccisDatabaseId").asText(code),
                    Set.copyOf(districts));
        } catch (IOException e) {
            throw new MappingFileException(FILE, "", "YAML (" + e.getMessage() + ")");
        }
    }

    /** The outward part of a postcode (NM1 of NM1 2AB), or null. */
    public static String district(String postcode) {
        if (postcode == null || postcode.isBlank()) {
            return null;
        }
        String p = postcode.trim().toUpperCase(Locale.ROOT);
        int space = p.indexOf(' ');
        return space > 0 ? p.substring(0, space) : p.length() > 3 ? p.substring(0, p.length() - 3) : p;
    }

    public boolean covers(String postcode) {
        String d = district(postcode);
        return d != null && postcodeDistricts.contains(d);
    }
}
