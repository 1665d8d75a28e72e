package org.pathwayshub.testdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.pathwayshub.record.UpnCheck;

/** Reading back what the generators wrote, and the project's LA codes for UPN checks. */
final class FeedFiles {

    private FeedFiles() {
    }

    /** A UPN check with the LA numbers of mappings/codes/la-codes.yaml. */
    static UpnCheck upnCheck() {
        try {
            JsonNode codes = new ObjectMapper(new YAMLFactory()).readTree(Path.of("mappings/codes/la-codes.yaml").toFile()).get("codes");
            Set<String> la = new TreeSet<>();
            codes.fieldNames().forEachRemaining(la::add);
            return new UpnCheck(la);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row, the header first, each a list of fields. */
    static List<List<String>> csv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (var it = mapper.readerForListOf(String.class).<List<String>>readValues(file.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    /** The data rows as header name to value. */
    static List<Map<String, String>> records(Path file) throws IOException {
        List<List<String>> rows = csv(file);
        List<String> header = rows.get(0);
        List<Map<String, String>> records = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<String, String> record = new LinkedHashMap<>();
            Iterator<String> values = row.iterator();
            for (String name : header) {
                record.put(name, values.hasNext() ? values.next() : "");
            }
            records.add(record);
        }
        return records;
    }

    static String firstLine(Path file) throws IOException {
        String text = Files.readString(file);
        return text.substring(0, text.indexOf("\r\n"));
    }
}
