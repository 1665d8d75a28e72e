package org.pathwayshub.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names the hub can carry into done/ and a log line, and what an inbox holds that is not a delivery. */
class InboxFilesTest {

    @TempDir
    Path inbox;

    @Test
    void aSafeNameIsKept() {
        assertThat(InboxFiles.safeName("census-2026-10.csv")).isEqualTo("census-2026-10.csv");
        assertThat(InboxFiles.safeName("Année 11 (final).csv")).isEqualTo("Année 11 (final).csv");
    }

    @Test
    void controlCharactersAndBackslashesBecomeUnderscores() {
        assertThat(InboxFiles.safeName("new\nline.csv")).isEqualTo("new_line.csv");
        assertThat(InboxFiles.safeName("C:\\drops\\census.csv")).isEqualTo("C:_drops_census.csv");
        assertThat(InboxFiles.safeName("right\u202eto-left.csv")).isEqualTo("right_to-left.csv");
    }

    @Test
    void aHiddenNameLosesItsLeadingDots() {
        assertThat(InboxFiles.safeName(".census.csv")).isEqualTo("_census.csv");
        assertThat(InboxFiles.safeName("..\\..\\windows\\census.csv")).isEqualTo("___.._windows_census.csv");
        assertThat(InboxFiles.safeName("census.v2.csv")).isEqualTo("census.v2.csv");
    }

    @Test
    void aLongNameKeepsItsStartAndExtensionWithAFingerprintOfTheWhole() {
        String a = "é".repeat(140) + "-a.csv";
        String b = "é".repeat(140) + "-b.csv";
        String safeA = InboxFiles.safeName(a);
        assertThat(safeA.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(InboxFiles.MAX_NAME_BYTES);
        assertThat(safeA).startsWith("éééé").endsWith(".csv").matches("é+~[0-9a-f]{8}\\.csv");
        assertThat(InboxFiles.safeName(b)).as("two long names that start alike stay apart").isNotEqualTo(safeA);
        assertThat(InboxFiles.safeName(a)).as("the same name, the same result").isEqualTo(safeA);
    }

    @Test
    void linksPipesAndEmptyFilesAreRefusedWithTheReason() throws Exception {
        Path census = Files.writeString(inbox.resolve("census.csv"), "UPN\n");
        assertThat(InboxFiles.refusal(census)).isNull();
        assertThat(InboxFiles.refusal(Files.createSymbolicLink(inbox.resolve("link.csv"), census))).contains("symbolic link");
        assertThat(InboxFiles.refusal(Files.createFile(inbox.resolve("empty.csv")))).contains("empty (0 bytes)");
        Path pipe = inbox.resolve("pipe.csv");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        assertThat(InboxFiles.refusal(pipe)).contains("not a file");
    }
}
