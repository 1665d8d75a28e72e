package org.pathwayshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A name from outside is one quoted token on one log line, whatever it holds. */
class LogSafeTest {

    @Test
    void aLineBreakInANameCannotStartAForgedLogLine() {
        String forged = "census.csv\n2026-12-05T10:00:00Z  INFO --- Feed school-census run 9: stored 0";
        assertThat(LogSafe.quoted(forged)).doesNotContain("\n").startsWith("\"census.csv\\n2026").endsWith("stored 0\"");
    }

    @Test
    void quotesBackslashesAndInvisibleCharactersAreEscaped() {
        assertThat(LogSafe.quoted("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(LogSafe.quoted("a\\b")).isEqualTo("\"a\\\\b\"");
        assertThat(LogSafe.quoted("a\rb\tc\u0000d\u202ee\u2028f")).isEqualTo("\"a\\rb\\tc\\u0000d\\u202ee\\u2028f\"");
        assertThat(LogSafe.quoted("Sixth-form année.csv")).isEqualTo("\"Sixth-form année.csv\"");
        assertThat(LogSafe.quoted(null)).isEqualTo("null");
    }
}
