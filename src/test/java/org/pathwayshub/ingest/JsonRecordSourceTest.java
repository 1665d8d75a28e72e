package org.pathwayshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pathwayshub.mapping.SourceRecord;

/**
 * A partner's JSON that the reader cannot take is refused as unreadable (the file goes to failed/ with the reason);
 * it is never taken for a disk or network fault, which leaves the file in the inbox to be read again at every poll.
 * The first two cases were found by fuzzing (JsonRecordSourceFuzzTest).
 */
class JsonRecordSourceTest {

    private static final List<String> COLUMNS = List.of("referralId", "person/upn");

    private static List<SourceRecord> read(byte[] json) throws Exception {
        List<SourceRecord> out = new ArrayList<>();
        try (JsonRecordSource source = JsonRecordSource.open("referrals.json", new ByteArrayInputStream(json), COLUMNS, 1000)) {
            for (SourceRecord r = source.next(); r != null; r = source.next()) {
                out.add(r);
            }
            assertThat(source.bytesRead()).isEqualTo(json.length);
        }
        return out;
    }

    @Test
    void readsAnArrayOfReferralsWithValuesFoundByPath() throws Exception {
        List<SourceRecord> records = read("""
                [{"referralId": "NM-1", "person": {"upn": "A123456789012"}},
                 {"referralId": "NM-2"}]
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(records).extracting(SourceRecord::element).containsExactly("[1]", "[2]");
        assertThat(records.get(0).values()).containsExactly("NM-1", "A123456789012");
        assertThat(records.get(1).line()).isEqualTo(2);
    }

    @Test
    void aFileWhoseFirstBytesAreUcs4InAnUnusualByteOrderIsRefusedAsUnreadable() {
        byte[] json = {0, '{', 0, 0, 0, '}', 0, 0};
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("line 1: not readable as JSON (Unsupported UCS-4 endianness (3412) detected)");
    }

    @Test
    void aUtf32FileHoldingBytesThatAreNoUtf32CharacterIsRefusedAsUnreadable() {
        byte[] json = "[{\"referralId\": \"NM-1\"}]".getBytes(Charset.forName("UTF-32BE"));
        json[12] = 0x7F;  // the 'r' of referralId, now a code point far above U+10FFFF
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("line 1: not readable as JSON (Invalid UTF-32 character");
    }

    @Test
    void aFileOfEmptyArraysOneAfterAnotherHoldsNoRecord() throws Exception {
        // each empty array once cost the reader a stack frame: 100,000 of them (200 KB) overflowed its stack
        assertThat(read("[]".repeat(100_000).getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aFileThatIsOneNumberIsRefusedSayingSo() {
        assertThatThrownBy(() -> read("42".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("line 1: expected a JSON object for each record, found a number");
    }

    @Test
    void aValueThatIsNoObjectAfterTheRecordsBreaksTheFileThereAndTheRecordsBeforeItStand() throws Exception {
        byte[] json = """
                [{"referralId": "NM-1"},
                 {"referralId": "NM-2"},
                 "NM-3"]
                """.getBytes(StandardCharsets.UTF_8);
        List<SourceRecord> before = new ArrayList<>();
        try (JsonRecordSource source = JsonRecordSource.open("referrals.json", new ByteArrayInputStream(json), COLUMNS, 1000)) {
            assertThatThrownBy(() -> {
                for (SourceRecord r = source.next(); r != null; r = source.next()) {
                    before.add(r);
                }
            }).isInstanceOfSatisfying(FileBreaksException.class, e -> {
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.element()).isEqualTo("[3]");
                assertThat(e.rule()).isEqualTo("malformed-json");
                assertThat(e.getMessage()).contains("record 3 on line 3 is a string, not a JSON object");
            });
        }
        assertThat(before).extracting(SourceRecord::element).containsExactly("[1]", "[2]");
    }
}
