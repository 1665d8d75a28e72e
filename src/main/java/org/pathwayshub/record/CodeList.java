package org.pathwayshub.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A code list from {@code mappings/codes/<name>.yaml}: the codes a field accepts, their labels, and any
 * attributes the hub reads from them (for instance whether a first language means EAL). An optional
 * pattern accepts codes beyond those listed, with the list's default attributes.
 */
public final class CodeList {

    private final String name;
    private final Map<String, Code> codes;
    private final Pattern pattern;
    private final Map<String, Object> defaults;
    private final String edition;

    public record Code(String code, String label, Map<String, Object> attributes) {
    }

    public CodeList(String name, Map<String, Code> codes, Pattern pattern, Map<String, Object> defaults) {
        this(name, codes, pattern, defaults, null);
    }

    /** @param edition the published edition the codes follow (NCCIS lists change by edition); null if none is named */
    public CodeList(String name, Map<String, Code> codes, Pattern pattern, Map<String, Object> defaults, String edition) {
        this.edition = edition;
        this.name = name;
        this.codes = Collections.unmodifiableMap(new LinkedHashMap<>(codes));
        this.pattern = pattern;
        this.defaults = defaults == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    public String name() {
        return name;
    }

    /** The published edition the codes follow, or null. */
    public String edition() {
        return edition;
    }

    public Set<String> codes() {
        return codes.keySet();
    }

    public boolean accepts(String code) {
        return codes.containsKey(code) || (pattern != null && pattern.matcher(code).matches());
    }

    public String label(String code) {
        Code c = codes.get(code);
        return c == null ? null : c.label();
    }

    /** The attribute of a code, the list's default where the code does not set it; null if neither does. */
    public Object attribute(String code, String attribute) {
        Code c = codes.get(code);
        if (c != null && c.attributes().containsKey(attribute)) {
            return c.attributes().get(attribute);
        }
        return accepts(code) ? defaults.get(attribute) : null;
    }

    /** What a user sees when a value is not in the list. */
    public String describe() {
        String listed = codes.size() <= 25 ? String.join(", ", codes.keySet()) : codes.size() + " codes";
        return "a code from the " + name + " list" + (edition == null ? "" : " (" + edition + ")") + " (" + listed
                + (pattern != null ? ", or matching " + pattern : "") + ")";
    }
}
