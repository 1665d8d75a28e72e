package org.pathwayshub.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/** Every code list under {@code mappings/codes/}, loaded at start. */
@Component
public class CodeLists {


    private final Map<String, CodeList> lists = new LinkedHashMap<>();

    @Autowired
    public CodeLists(HubConfigFiles files) {
        for (Resource resource : files.findAll("mappings/codes/*.yaml")) {
            CodeList list = read(resource);
            lists.put(list.name(), list);
        }
    }

    private CodeLists(Map<String, CodeList> lists) {
        this.lists.putAll(lists);
    }

    /** For tests and tools that build lists in code. */
    public static CodeLists of(Map<String, CodeList> lists) {
        return new CodeLists(lists);
    }

    public CodeList get(String name) {
        CodeList list = lists.get(name);
        if (list == null) {
            throw new IllegalArgumentException("no code list '" + name + "' in mappings/codes/ (lists: " + lists.keySet() + ")");
        }
        return list;
    }

    public boolean has(String name) {
        return lists.containsKey(name);
    }

    static CodeList read(Resource resource) {
        String fileName = resource.getFilename();
        try (InputStream in = resource.getInputStream()) {
            JsonNode root = HubConfigFiles.YAML.readTree(in);
            if (root == null || !root.isObject()) {
                throw new MappingFileException(fileName, "", "a YAML map with 'list' and 'codes'");
            }
            String name = root.path("list").asText(fileName.replaceFirst("\\.ya?ml$", ""));
            Map<String, CodeList.Code> codes = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = root.path("codes").fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> e = entries.next();
                JsonNode value = e.getValue();
                if (value.isObject()) {
                    Map<String, Object> attributes = new LinkedHashMap<>();
                    value.fields().forEachRemaining(a -> {
                        if (!a.getKey().equals("label")) {
                            attributes.put(a.getKey(), scalar(a.getValue()));
                        }
                    });
                    codes.put(e.getKey(), new CodeList.Code(e.getKey(), value.path("label").asText(null), attributes));
                } else {
                    codes.put(e.getKey(), new CodeList.Code(e.getKey(), value.asText(), Map.of()));
                }
            }
            Pattern pattern = root.hasNonNull("pattern") ? Pattern.compile(root.get("pattern").asText()) : null;
            Map<String, Object> defaults = new LinkedHashMap<>();
            root.path("default").fields().forEachRemaining(a -> defaults.put(a.getKey(), scalar(a.getValue())));
            return new CodeList(name, codes, pattern, defaults, root.hasNonNull("edition") ? root.get("edition").asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read code list " + fileName, e);
        }
    }

    private static Object scalar(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            java.util.List<Object> items = new java.util.ArrayList<>();
            node.forEach(n -> items.add(scalar(n)));
            return java.util.List.copyOf(items);
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.asText();
    }
}
