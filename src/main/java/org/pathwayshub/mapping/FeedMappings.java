package org.pathwayshub.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Reads {@code mappings/feeds/<name>.yaml}. A changed file is read again before the next run, so a data
 * team's fix takes effect without a restart. Mistakes in the file are reported with the key at fault.
 */
@Component
public class FeedMappings {

    static final List<String> DEFAULT_DATE_FORMATS = List.of("yyyy-MM-dd", "dd/MM/yyyy");
    private static final Set<String> FILE_KEYS = Set.of("feed", "description", "format", "encoding", "delimiter",
            "primaryIdentifier", "dateFormats", "fields", "characteristics", "checks", "ignore", "optionalSections");
    private static final Set<String> FIELD_KEYS = Set.of("column", "element", "value", "required", "translate",
            "dateFormats", "codes", "onInvalid", "dfeErrors");
    private static final Set<String> CHARACTERISTIC_KEYS = Set.of("code", "codes", "separator", "when", "from", "to");
    private static final Set<String> FORMATS = Set.of(FeedMapping.CSV, FeedMapping.NCCIS_XML, FeedMapping.JSON);

    private final HubConfigFiles files;
    private final CodeLists codeLists;
    private final RecordCheckSets checkSets;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long lastModified, FeedMapping mapping) {
    }

    @Autowired
    public FeedMappings(HubConfigFiles files, CodeLists codeLists, RecordCheckSets checkSets) {
        this.files = files;
        this.codeLists = codeLists;
        this.checkSets = checkSets;
    }

    /** Without any named record checks (tools and tests). */
    public FeedMappings(HubConfigFiles files, CodeLists codeLists) {
        this(files, codeLists, new RecordCheckSets(List.of()));
    }

    /** @param name the mapping's name: the file {@code mappings/feeds/<name>.yaml} */
    public FeedMapping get(String name) {
        String path = "mappings/feeds/" + name + ".yaml";
        Resource resource = files.find(path).orElseThrow(() ->
                new MappingFileException(path, "", "a mapping file for feed " + name + " (none found in " + files.location() + ")"));
        long modified = HubConfigFiles.lastModified(resource);
        Cached cached = cache.get(name);
        if (cached != null && cached.lastModified() == modified && modified != 0L) {
            return cached.mapping();
        }
        FeedMapping mapping = read(path, resource);
        cache.put(name, new Cached(modified, mapping));
        return mapping;
    }

    FeedMapping read(String path, Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return parse(path, HubConfigFiles.YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + path, e);
        }
    }

    FeedMapping parse(String path, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MappingFileException(path, "", "a YAML map with feed, format and fields");
        }
        unknownKeys(path, "", root, FILE_KEYS);
        String feed = text(path, root, "feed", null);
        if (feed == null) {
            throw new MappingFileException(path, "feed", "the feed id this mapping is for");
        }
        String format = text(path, root, "format", FeedMapping.CSV).toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new MappingFileException(path, "format", "csv, nccis-xml or json (got " + format + ")");
        }
        Charset encoding = charset(path, text(path, root, "encoding", "UTF-8"));
        String delimiter = text(path, root, "delimiter", ",");
        if (delimiter.length() != 1) {
            throw new MappingFileException(path, "delimiter", "one character (got '" + delimiter + "')");
        }
        List<String> fileDateFormats = stringList(path, root, "dateFormats", "dateFormats", DEFAULT_DATE_FORMATS);
        formatters(path, "dateFormats", fileDateFormats);

        JsonNode fieldsNode = root.get("fields");
        if (fieldsNode == null || !fieldsNode.isObject() || fieldsNode.isEmpty()) {
            throw new MappingFileException(path, "fields", "a map of common field -> column, e.g. person.upn: { column: UPN }");
        }
        List<FieldMapping> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = fieldsNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.add(field(path, e.getKey(), e.getValue(), fileDateFormats));
        }
        List<CommonField> primary = new ArrayList<>();
        for (String key : stringList(path, root, "primaryIdentifier", "primaryIdentifier", List.of())) {
            CommonField p = CommonField.byKey(key).orElseThrow(() ->
                    new MappingFileException(path, "primaryIdentifier", "a common field (" + CommonField.knownKeys() + "), not '" + key + "'"));
            if (fields.stream().noneMatch(f -> f.field() == p)) {
                throw new MappingFileException(path, "primaryIdentifier", "a field mapped under fields (" + key + " is not)");
            }
            primary.add(p);
        }
        List<CharacteristicRule> characteristics = new ArrayList<>();
        JsonNode rules = root.get("characteristics");
        if (rules != null) {
            if (!rules.isArray()) {
                throw new MappingFileException(path, "characteristics", "a list of rules such as - { code: \"110\", from: LookedAfterFrom }");
            }
            for (int i = 0; i < rules.size(); i++) {
                characteristics.add(characteristic(path, "characteristics[" + i + "]", rules.get(i), fileDateFormats));
            }
        }
        List<String> checks = stringList(path, root, "checks", "checks", List.of());
        for (String check : checks) {
            if (checkSets.find(check).isEmpty()) {
                throw new MappingFileException(path, "checks", "names of record checks the hub has " + checkSets.names()
                        + " ('" + check + "' is not one)");
            }
        }
        List<String> ignored = stringList(path, root, "ignore", "ignore", List.of());
        if (!ignored.isEmpty() && !format.equals(FeedMapping.NCCIS_XML)) {
            throw new MappingFileException(path, "ignore", "only in an nccis-xml mapping (elements the hub does not read)");
        }
        List<String> optionalSections = stringList(path, root, "optionalSections", "optionalSections", List.of());
        if (!optionalSections.isEmpty() && !format.equals(FeedMapping.NCCIS_XML)) {
            throw new MappingFileException(path, "optionalSections", "only in an nccis-xml mapping (element paths a record "
                    + "may leave out)");
        }
        for (String section : optionalSections) {
            if (fields.stream().noneMatch(f -> f.column() != null && f.column().startsWith(section + "/"))) {
                throw new MappingFileException(path, "optionalSections", "the path of elements the mapping reads, such as "
                        + "Activities ('" + section + "' has none below it)");
            }
        }
        return new FeedMapping(feed, path, text(path, root, "description", ""), format, encoding, delimiter.charAt(0),
                List.copyOf(primary), List.copyOf(fields), List.copyOf(characteristics), checks, List.copyOf(ignored),
                List.copyOf(optionalSections));
    }

    private CharacteristicRule characteristic(String path, String where, JsonNode node, List<String> datePatterns) {
        if (!node.isObject()) {
            throw new MappingFileException(path, where, "a map with code (or codes), and when, from, to columns");
        }
        unknownKeys(path, where, node, CHARACTERISTIC_KEYS);
        String code = text(path, node, where + ".code", "code", null);
        String codes = text(path, node, where + ".codes", "codes", null);
        if ((code == null) == (codes == null)) {
            throw new MappingFileException(path, where, "either code (one characteristic) or codes (a column listing them)");
        }
        if (code != null && !codeLists.get("characteristic").accepts(code)) {
            throw new MappingFileException(path, where + ".code", codeLists.get("characteristic").describe());
        }
        return new CharacteristicRule(code, codes, text(path, node, where + ".separator", "separator", ";"),
                text(path, node, where + ".when", "when", null), text(path, node, where + ".from", "from", null),
                text(path, node, where + ".to", "to", null), datePatterns, formatters(path, "dateFormats", datePatterns));
    }

    private FieldMapping field(String path, String key, JsonNode node, List<String> fileDateFormats) {
        String where = "fields." + key;
        CommonField field = CommonField.byKey(key).orElseThrow(() ->
                new MappingFileException(path, where, "a common field (" + CommonField.knownKeys() + ")"));
        if (node.isTextual()) {
            return new FieldMapping(field, node.asText(), null, false, Map.of(), fileDateFormats,
                    formatters(path, where, fileDateFormats), defaultCodeList(field), false, null, null);
        }
        if (!node.isObject()) {
            throw new MappingFileException(path, where, "a column name, or a map with column (or value), required, translate, dateFormats, codes, onInvalid");
        }
        unknownKeys(path, where, node, FIELD_KEYS);
        String column = text(path, node, where + ".column", "column", null);
        String element = text(path, node, where + ".element", "element", null);
        if (column != null && element != null) {
            throw new MappingFileException(path, where, "column (a CSV header) or element (an XML or JSON path), not both");
        }
        column = column != null ? column : element;
        String constant = text(path, node, where + ".value", "value", null);
        if ((column == null) == (constant == null)) {
            throw new MappingFileException(path, where, "either column (the partner's column name) or value (a constant)");
        }
        Integer dfeMissing = null;
        Integer dfeInvalid = null;
        JsonNode dfe = node.get("dfeErrors");
        if (dfe != null) {
            unknownKeys(path, where + ".dfeErrors", dfe, Set.of("missing", "invalid"));
            dfeMissing = dfeNumber(path, where + ".dfeErrors.missing", dfe.get("missing"));
            dfeInvalid = dfeNumber(path, where + ".dfeErrors.invalid", dfe.get("invalid"));
        }
        JsonNode requiredNode = node.get("required");
        if (requiredNode != null && !requiredNode.isBoolean()) {
            throw new MappingFileException(path, where + ".required", "true or false (got '" + requiredNode.asText() + "')");
        }
        boolean required = requiredNode != null && requiredNode.booleanValue();
        Map<String, String> translate = new LinkedHashMap<>();
        JsonNode t = node.get("translate");
        if (t != null) {
            if (!t.isObject()) {
                throw new MappingFileException(path, where + ".translate", "a map of partner value -> hub value");
            }
            t.fields().forEachRemaining(e -> translate.put(e.getKey().trim().toLowerCase(Locale.ROOT),
                    e.getValue().isNull() ? "" : e.getValue().asText()));
        }
        List<String> dateFormats = stringList(path, node, where + ".dateFormats", "dateFormats", fileDateFormats);
        String codes = text(path, node, where + ".codes", "codes", defaultCodeList(field));
        if (codes != null && !codeLists.has(codes)) {
            throw new MappingFileException(path, where + ".codes", "a code list in mappings/codes/ (no list named '" + codes + "')");
        }
        String onInvalid = text(path, node, where + ".onInvalid", "onInvalid", required ? "reject" : "warn");
        if (!onInvalid.equals("reject") && !onInvalid.equals("warn")) {
            throw new MappingFileException(path, where + ".onInvalid", "reject or warn (got '" + onInvalid + "')");
        }
        if (required && onInvalid.equals("warn")) {
            throw new MappingFileException(path, where + ".onInvalid", "reject for a required field (a record cannot be kept without it)");
        }
        return new FieldMapping(field, column, constant, required, Map.copyOf(translate), dateFormats,
                formatters(path, where + ".dateFormats", dateFormats), codes, required || onInvalid.equals("reject"),
                dfeMissing, dfeInvalid);
    }

    private static Integer dfeNumber(String path, String where, JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isNumber()) {
            throw new MappingFileException(path, where, "a DfE error number");
        }
        return n.intValue();
    }

    private static String defaultCodeList(CommonField field) {
        return field.codeList();
    }

    private static List<DateTimeFormatter> formatters(String path, String where, List<String> patterns) {
        List<DateTimeFormatter> formatters = new ArrayList<>();
        for (String p : patterns) {
            if (p.contains("y") && !p.contains("yyyy")) {
                throw new MappingFileException(path, where, "four-digit years (yyyy) in '" + p + "': a two-digit year cannot tell 1999 from 2099");
            }
            try {
                // 'u' (proleptic year) makes STRICT resolving accept the yyyy users write
                formatters.add(DateTimeFormatter.ofPattern(p.replace('y', 'u'), Locale.UK).withResolverStyle(ResolverStyle.STRICT));
            } catch (IllegalArgumentException e) {
                throw new MappingFileException(path, where, "date patterns such as yyyy-MM-dd or dd/MM/yyyy ('" + p + "' is not one)");
            }
        }
        return List.copyOf(formatters);
    }

    private static Charset charset(String path, String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MappingFileException(path, "encoding", "a character encoding such as UTF-8 or windows-1252 (got '" + name + "')");
        }
    }

    private static void unknownKeys(String path, String where, JsonNode node, Set<String> allowed) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new MappingFileException(path, where.isEmpty() ? k : where + "." + k, "one of " + allowed);
            }
        });
    }

    private static String text(String path, JsonNode node, String key, String fallback) {
        return text(path, node, key, key, fallback);
    }

    /** @param where the key in full, for the message; {@code name} the key inside {@code node} */
    private static String text(String path, JsonNode node, String where, String name, String fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new MappingFileException(path, where, "a single value");
        }
        return v.asText();
    }

    private static List<String> stringList(String path, JsonNode node, String where, String name, List<String> fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            throw new MappingFileException(path, where, "a list");
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }
}
