package org.pathwayshub.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.pathwayshub.mapping.SourceLayout;
import org.pathwayshub.mapping.SourceRecord;

/**
 * Streams a CSV file as spreadsheets and MIS exports write them: UTF-8 with or without a byte-order mark
 * (or UTF-16, with one or without), another configured encoding, CRLF or LF, quoted fields with commas and line breaks,
 * blank lines anywhere. The first non-blank row is the header. Each record carries the line it starts on.
 */
public final class CsvRecordSource extends StreamedRecordSource {

    private static final int SNIFF_BYTES = 8192;

    private final CsvParser parser;
    private final SourceLayout layout;
    private final int maxFieldChars;

    private CsvRecordSource(String name, CountingDigestStream counter, CsvParser parser, int maxFieldChars)
            throws IOException, UnreadableFileException {
        super(name, counter);
        this.parser = parser;
        this.maxFieldChars = maxFieldChars;
        String[] header = readRow();
        if (header == null) {
            throw new UnreadableFileException("the file has no rows: expected a header row and records");
        }
        this.layout = new SourceLayout(List.of(header));
    }

    public static CsvRecordSource open(Path file, Charset encoding, char delimiter, int maxFieldChars)
            throws IOException, UnreadableFileException {
        return open(file.getFileName().toString(), Files.newInputStream(file), encoding, delimiter, maxFieldChars);
    }

    /** Reads a CSV stream (a file, or a request body); the stream is closed with the source. */
    public static CsvRecordSource open(String name, InputStream stream, Charset encoding, char delimiter, int maxFieldChars)
            throws IOException, UnreadableFileException {
        CountingDigestStream counter = new CountingDigestStream(stream);
        BufferedInputStream in = new BufferedInputStream(counter, 1 << 16);
        try {
            Charset charset = detectEncoding(in, encoding);
            Reader reader = new InputStreamReader(in, charset.newDecoder()
                    // undecodable bytes become U+FFFD; the mapper rejects the records that hold them
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE));
            CsvFactory factory = CsvFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxFieldChars).build())
                    .build();
            CsvParser parser = factory.createParser(reader);
            parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter).withoutHeader());
            return new CsvRecordSource(name, counter, parser, maxFieldChars);
        } catch (IOException | UnreadableFileException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A byte-order mark decides the encoding; otherwise the feed's configured one. Refuses binary files. */
    static Charset detectEncoding(BufferedInputStream in, Charset configured) throws IOException, UnreadableFileException {
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        if (head.length == 0) {
            throw new UnreadableFileException("the file is empty");
        }
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            in.skipNBytes(3);
            return StandardCharsets.UTF_8;
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            in.skipNBytes(2);
            return StandardCharsets.UTF_16LE;
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            in.skipNBytes(2);
            return StandardCharsets.UTF_16BE;
        }
        Charset utf16 = utf16WithoutMark(head);
        if (utf16 != null) {
            return utf16;
        }
        String kind = binaryKind(head);
        if (kind != null) {
            throw new UnreadableFileException("the file is " + kind + ", not CSV text; export it as CSV");
        }
        return configured;
    }

    private static String binaryKind(byte[] head) {
        if (startsWith(head, 'P', 'K', 3, 4)) {
            return "a ZIP archive or an Excel workbook (.xlsx)";
        }
        if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
            return "an Excel 97-2003 workbook (.xls)";
        }
        if (startsWith(head, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return "gzip-compressed";
        }
        int control = 0;
        int nul = 0;
        for (byte b : head) {
            if (b == 0) {
                nul++;
            } else if (b > 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                control++;
            }
        }
        // a NUL or two in a text file spoil only their records (the mapper rejects them); more is not text
        if (nul > 2 && nul > head.length / 100) {
            return "binary (it holds NUL bytes)";
        }
        control += nul;
        return control > head.length / 20 ? "binary (" + control + " control bytes in its first " + head.length + ")" : null;
    }

    /**
     * UTF-16 with no byte-order mark, as some exports write it: in text, every other byte is 0 (the high byte of
     * Latin characters), after each character in little-endian order and before it in big-endian.
     */
    static Charset utf16WithoutMark(byte[] head) {
        int pairs = head.length / 2;
        if (pairs < 8) {
            return null;
        }
        int zeroFirst = 0;
        int zeroSecond = 0;
        for (int i = 0; i + 1 < head.length; i += 2) {
            zeroFirst += head[i] == 0 ? 1 : 0;
            zeroSecond += head[i + 1] == 0 ? 1 : 0;
        }
        if (zeroSecond >= pairs * 9 / 10 && zeroFirst <= pairs / 100) {
            return StandardCharsets.UTF_16LE;
        }
        if (zeroFirst >= pairs * 9 / 10 && zeroSecond <= pairs / 100) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public SourceLayout layout() {
        return layout;
    }

    @Override
    public SourceRecord next() throws IOException, UnreadableFileException {
        Row row = nextNonBlankRow();
        if (row == null) {
            return null;
        }
        String[] values = row.values();
        int width = layout.size();
        if (values.length > width && isBlankFrom(values, width)) {
            values = Arrays.copyOf(values, width);
        }
        String problem = null;
        if (values.length != width) {
            problem = "the row has " + values.length + " fields where the header has " + width
                    + (values.length > width ? " (a comma inside a value that is not quoted?)"
                    : " (a record cut short, or a line break inside a value that is not quoted?)");
        }
        return new SourceRecord(row.line(), null, values, problem);
    }

    private record Row(long line, String[] values) {
    }

    private String[] readRow() throws IOException, UnreadableFileException {
        Row row = nextNonBlankRow();
        return row == null ? null : row.values();
    }

    /**
     * The next row holding any value, with the line its first value is on; null at the end. A row that cannot be read
     * once the header has been (a quote never closed) breaks the file there: the rows before it stand.
     */
    private Row nextNonBlankRow() throws IOException, UnreadableFileException {
        long rowStart = parser.currentLocation().getLineNr();
        try {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                // a row's start token carries the line before; where the parser stands is the row's own line
                rowStart = parser.currentLocation().getLineNr();
                if (token != JsonToken.START_ARRAY) {
                    throw new UnreadableFileException("line " + parser.currentLocation().getLineNr() + ": not a CSV row");
                }
                long line = -1;
                List<String> values = new ArrayList<>();
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                    if (line < 0) {
                        line = parser.currentTokenLocation().getLineNr();
                    }
                    values.add(parser.getText());
                }
                String[] row = values.toArray(String[]::new);
                if (!isBlankFrom(row, 0)) {
                    return new Row(line, row);
                }
            }
            return null;
        } catch (StreamConstraintsException e) {
            if (layout == null) {
                throw new UnreadableFileException("near line " + parser.currentLocation().getLineNr() + ": a value longer than "
                        + maxFieldChars + " characters (a quote that is never closed, or not a CSV file)");
            }
            throw new FileBreaksException(rowStart, null, "unterminated-quote", "the row on line " + rowStart
                    + " has a value longer than " + maxFieldChars + " characters, the most one field may hold: a quote opened"
                    + " there and never closed, or a value that is not one field, so nothing from that line on can be read as"
                    + " rows; correct it and send the file again", Map.of());
        } catch (JacksonException e) {
            if (layout == null) {
                throw new UnreadableFileException("line " + parser.currentLocation().getLineNr()
                        + ": cannot read the row as CSV (" + e.getOriginalMessage() + ")");
            }
            boolean quote = String.valueOf(e.getOriginalMessage()).toLowerCase(java.util.Locale.ROOT).contains("quote");
            throw new FileBreaksException(rowStart, null, quote ? "unterminated-quote" : "unreadable-row",
                    "the row on line " + rowStart + " cannot be read as CSV (" + e.getOriginalMessage() + ")"
                            + (quote ? ": a quote opened there is never closed, so nothing from that line on can be read as rows"
                            : "") + "; correct it and send the file again", Map.of());
        }
    }

    private static boolean isBlankFrom(String[] values, int from) {
        for (int i = from; i < values.length; i++) {
            if (values[i] != null && !values[i].isBlank()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void closeParser() throws IOException {
        parser.close();
    }

    @Override
    public String toString() {
        return "CSV " + name;
    }
}
