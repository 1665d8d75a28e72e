package org.pathwayshub.ingest;

import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.mapping.SourceLayout;
import org.pathwayshub.mapping.SourceRecord;

/**
 * Streams JSON records: an array of objects, one object, or one object per line. Each object's values are
 * found by path ({@code person/upn}, matched ignoring case); an array of plain values gives them joined with
 * ';'. Objects are read one at a time, never the whole file.
 */
public final class JsonRecordSource extends StreamedRecordSource {

    private final JsonParser parser;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SourceLayout layout;
    private final Map<String, Integer> wanted = new HashMap<>();
    private boolean inArray;
    private int recordNo;
    /** Between a record's opening brace and its end: a break here is in that record. */
    private boolean inRecord;

    private JsonRecordSource(String name, CountingDigestStream counter, JsonParser parser, List<String> columns) {
        super(name, counter);
        this.parser = parser;
        this.layout = new SourceLayout(columns);
        for (int i = 0; i < columns.size(); i++) {
            wanted.put(SourceLayout.normalise(columns.get(i)), i);
        }
    }

    public static JsonRecordSource open(String name, InputStream stream, List<String> columns, int maxFieldChars)
            throws IOException, UnreadableFileException {
        CountingDigestStream counter = new CountingDigestStream(stream);
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxFieldChars).maxNestingDepth(20).build())
                .build();
        try {
            JsonParser parser = factory.createParser(new BufferedInputStream(counter, 1 << 16));
            return new JsonRecordSource(name, counter, parser, columns);
        } catch (CharConversionException e) {
            // the first bytes name no encoding JSON can be in (UCS-4 in an unusual byte order)
            counter.close();
            throw new UnreadableFileException("line 1: not readable as JSON (" + e.getMessage() + ")");
        }
    }

    @Override
    public SourceLayout layout() {
        return layout;
    }

    @Override
    public SourceRecord next() throws IOException, UnreadableFileException {
        long recordStart = parser.currentLocation().getLineNr();
        try {
            JsonToken token;
            // past the brackets of the array of records; a loop, as a file may hold any number of empty arrays in a row
            while (true) {
                token = parser.nextToken();
                recordStart = parser.currentTokenLocation().getLineNr();
                if (token == null) {
                    return null;
                }
                if (!inArray && recordNo == 0 && token == JsonToken.START_ARRAY) {
                    inArray = true;
                    token = parser.nextToken();
                }
                if (inArray && token == JsonToken.END_ARRAY) {
                    inArray = false;
                    continue;
                }
                break;
            }
            if (token != JsonToken.START_OBJECT) {
                long at = parser.currentTokenLocation().getLineNr();
                if (recordNo == 0) {
                    throw new UnreadableFileException("line " + at + ": expected a JSON object for each record, found "
                            + describe(token));
                }
                // the records before it stand, as when a file breaks part-way
                throw new FileBreaksException(at, "[" + (recordNo + 1) + "]", "malformed-json", "record " + (recordNo + 1)
                        + " on line " + at + " is " + describe(token) + ", not a JSON object; correct it and send the file again",
                        Map.of());
            }
            recordNo++;
            long line = parser.currentTokenLocation().getLineNr();
            inRecord = true;
            JsonNode object = mapper.readTree(parser);
            inRecord = false;
            String[] values = new String[layout.size()];
            flatten("", object, values);
            return new SourceRecord(line, "[" + recordNo + "]", values, null);
        } catch (JacksonException | CharConversionException e) {
            // CharConversionException: bytes that are not text in the encoding the first bytes announce (UTF-32), a fault
            // of the file, not of the disk
            String problem = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            String reason = "line " + parser.currentLocation().getLineNr() + ": not readable as JSON (" + problem + ")";
            if (recordNo == 0 && !inArray) {
                throw new UnreadableFileException(reason);
            }
            // records before this one stand; this one, and whatever follows, cannot be read
            boolean cutShort = e instanceof JsonEOFException;
            int broken = inRecord ? recordNo : recordNo + 1;
            throw new FileBreaksException(recordStart, "[" + broken + "]", cutShort ? "file-cut-short" : "malformed-json",
                    (cutShort ? "the file ends inside record " + broken + ", which starts on line " + recordStart
                            + ": the file is cut short" : "record " + broken + " on line " + recordStart
                            + " is not readable as JSON (" + problem + ")") + "; correct it and send the file again",
                    Map.of());
        }
    }

    /** What a token is, in words: a record that is not an object is reported by what it is instead. */
    static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> "'" + token.asString() + "'";
        };
    }

    private void flatten(String prefix, JsonNode node, String[] values) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String path = prefix.isEmpty() ? f.getKey() : prefix + "/" + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(path, v, values);
                continue;
            }
            Integer i = wanted.get(SourceLayout.normalise(path));
            if (i == null || v.isNull()) {
                continue;
            }
            if (v.isArray()) {
                StringBuilder joined = new StringBuilder();
                v.forEach(item -> {
                    if (item.isValueNode() && !item.isNull()) {
                        joined.append(joined.isEmpty() ? "" : ";").append(item.asText());
                    }
                });
                values[i] = joined.toString();
            } else {
                values[i] = v.asText();
            }
        }
    }

    @Override
    protected void closeParser() throws IOException {
        parser.close();
    }

    @Override
    public String toString() {
        return "JSON " + name;
    }
}
