package org.pathwayshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayshub.mapping.SourceRecord;

class CsvRecordSourceTest {

    @TempDir
    Path dir;

    private List<SourceRecord> read(byte[] content, Charset encoding) throws Exception {
        Path file = dir.resolve("in.csv");
        Files.write(file, content);
        List<SourceRecord> out = new ArrayList<>();
        try (CsvRecordSource source = CsvRecordSource.open(file, encoding, ',', 1000)) {
            SourceRecord r;
            while ((r = source.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsRecordsWithTheLineEachStartsOn() throws Exception {
        List<SourceRecord> rows = read(utf8("A,B\r\n1,2\r\n\"three\r\nlines\r\nlong\",4\r\n5,6\r\n"), StandardCharsets.UTF_8);
        assertThat(rows).extracting(SourceRecord::line).containsExactly(2L, 3L, 6L);
        assertThat(rows.get(1).values()).containsExactly("three\r\nlines\r\nlong", "4");
        assertThat(rows.get(2).values()).containsExactly("5", "6");
    }

    @Test
    void skipsBlankLinesAndRowsOfEmptyFieldsAnywhere() throws Exception {
        List<SourceRecord> rows = read(utf8("A,B\n\n1,2\n,\n3,4\n\n\n,,\n"), StandardCharsets.UTF_8);
        assertThat(rows).extracting(SourceRecord::line).containsExactly(3L, 5L);
    }

    @Test
    void ignoresAUtf8ByteOrderMarkAndReadsQuotedCommas() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = utf8("Name,Town\n\"Smith, Jo\",Zoë\n");
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        Path file = dir.resolve("bom.csv");
        Files.write(file, all);
        try (CsvRecordSource source = CsvRecordSource.open(file, StandardCharsets.UTF_8, ',', 1000)) {
            assertThat(source.layout().columns()).containsExactly("Name", "Town");
            assertThat(source.next().values()).containsExactly("Smith, Jo", "Zoë");
        }
    }

    @Test
    void readsWindows1252WhenTheFeedSaysSo() throws Exception {
        List<SourceRecord> rows = read("Name\nZoë Brontë\n".getBytes(Charset.forName("windows-1252")), Charset.forName("windows-1252"));
        assertThat(rows.get(0).values()).containsExactly("Zoë Brontë");
    }

    @Test
    void marksBytesThatAreNotValidInTheEncodingForTheMapperToReject() throws Exception {
        List<SourceRecord> rows = read("Name\nZoë\n".getBytes(Charset.forName("windows-1252")), StandardCharsets.UTF_8);
        assertThat(rows.get(0).values()[0]).contains("\uFFFD");
    }

    @Test
    void readsUtf16WithAByteOrderMark() throws Exception {
        byte[] body = "Name,Year\nZoë,10\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] all = new byte[body.length + 2];
        all[0] = (byte) 0xFF;
        all[1] = (byte) 0xFE;
        System.arraycopy(body, 0, all, 2, body.length);
        assertThat(read(all, StandardCharsets.UTF_8).get(0).values()).containsExactly("Zoë", "10");
    }

    @Test
    void readsUtf16WithoutAByteOrderMarkInEitherByteOrder() throws Exception {
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            List<SourceRecord> rows = read("Name,Year\r\nZoë,10\r\nAli,11\r\n".getBytes(utf16), StandardCharsets.UTF_8);
            assertThat(rows).as(utf16.name()).extracting(r -> r.values()[0]).containsExactly("Zoë", "Ali");
        }
    }

    @Test
    void aNulInOneValueSpoilsThatValueOnlyNotTheWholeFile() throws Exception {
        List<SourceRecord> rows = read(utf8("Name,Year\nZoë,10\nAb\u0000bot,11\nAli,9\n"), StandardCharsets.UTF_8);
        assertThat(rows).extracting(r -> r.values()[0]).containsExactly("Zoë", "Ab\u0000bot", "Ali");
    }

    @Test
    void reportsRowsWithTheWrongNumberOfFields() throws Exception {
        List<SourceRecord> rows = read(utf8("A,B,C\n1,2\n1,2,3,4\n1,2,3,,\n"), StandardCharsets.UTF_8);
        assertThat(rows.get(0).problem()).contains("2 fields where the header has 3");
        assertThat(rows.get(1).problem()).contains("4 fields where the header has 3");
        assertThat(rows.get(2).problem()).as("trailing empty fields are tolerated").isNull();
    }

    @Test
    void refusesBinaryAndSpreadsheetFiles() {
        assertThatThrownBy(() -> read(new byte[] {'P', 'K', 3, 4, 0, 0, 1}, StandardCharsets.UTF_8))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("Excel workbook (.xlsx)");
        assertThatThrownBy(() -> read(new byte[] {1, 2, 0, 4, 5}, StandardCharsets.UTF_8))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("binary");
        assertThatThrownBy(() -> read(new byte[0], StandardCharsets.UTF_8))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("empty");
    }

    @Test
    void refusesAValueLongerThanTheLimitNamingTheLine() {
        String huge = "A\n\"" + "x".repeat(5000) + "\n";
        assertThatThrownBy(() -> read(utf8(huge), StandardCharsets.UTF_8))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("longer than 1000 characters");
    }

    @Test
    void aQuoteNeverClosedAfterTheHeaderBreaksTheFileAtTheRowItOpensOnAfterTheRowsBeforeIt() throws Exception {
        Path file = dir.resolve("broken.csv");
        Files.write(file, utf8("A,B\r\n1,2\r\n3,4\r\n5,\"six\r\n7,8\r\n"));
        List<SourceRecord> rows = new ArrayList<>();
        try (CsvRecordSource source = CsvRecordSource.open(file, StandardCharsets.UTF_8, ',', 1000)) {
            assertThatThrownBy(() -> {
                SourceRecord r;
                while ((r = source.next()) != null) {
                    rows.add(r);
                }
            }).isInstanceOfSatisfying(FileBreaksException.class, e -> {
                assertThat(e.line()).isEqualTo(4);
                assertThat(e.rule()).isEqualTo("unterminated-quote");
                assertThat(e.getMessage()).contains("line 4").contains("never closed");
            });
        }
        assertThat(rows).extracting(SourceRecord::line).containsExactly(2L, 3L);
    }

    @Test
    void aQuoteNeverClosedRunningPastTheLimitBreaksTheFileAtTheRowItOpensOn() throws Exception {
        Path file = dir.resolve("long.csv");
        Files.write(file, utf8("A,B\n1,2\n3,\"" + "x".repeat(5000) + "\n"));
        try (CsvRecordSource source = CsvRecordSource.open(file, StandardCharsets.UTF_8, ',', 1000)) {
            assertThat(source.next().line()).isEqualTo(2);
            assertThatThrownBy(source::next).isInstanceOfSatisfying(FileBreaksException.class,
                    e -> assertThat(e.line()).isEqualTo(3));
        }
    }

    @Test
    void fingerprintsTheWholeFile() throws Exception {
        Path file = dir.resolve("f.csv");
        Files.writeString(file, "A\n1\n");
        try (CsvRecordSource source = CsvRecordSource.open(file, StandardCharsets.UTF_8, ',', 1000)) {
            while (source.next() != null) {
                // read to the end
            }
            assertThat(source.sha256()).isEqualTo(sha256("A\n1\n"));
            assertThat(source.bytesRead()).isEqualTo(4);
        }
    }

    private static String sha256(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(utf8(s)));
    }
}
