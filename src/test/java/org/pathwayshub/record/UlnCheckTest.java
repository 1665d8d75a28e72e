package org.pathwayshub.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathwayshub.record.IdentifierCheck.Outcome;

/** ULN as docs/feeds.md, "Identifiers", has it: 10 digits, the first not 0. */
class UlnCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"1000000000", "1234567890", "9999999999"})
    void acceptsTenDigitsNotStartingWithZero(String uln) {
        assertThat(UlnCheck.check(uln)).isEqualTo(IdentifierCheck.valid(uln));
    }

    @Test
    void trimsSurroundingSpaces() {
        assertThat(UlnCheck.check("  1234567890 ")).isEqualTo(IdentifierCheck.valid("1234567890"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789", "123456789", "12345678901", "12345X7890", "12345 67890", "-123456789"})
    void rejectsAnythingElseSayingWhatWasExpected(String raw) {
        IdentifierCheck check = UlnCheck.check(raw);
        assertThat(check.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(check.rule()).isEqualTo("uln-format");
        assertThat(check.expected()).isEqualTo("10 digits, the first not 0");
    }

    @Test
    void treatsAnEmptyValueAsMissing() {
        assertThat(UlnCheck.check(null).outcome()).isEqualTo(Outcome.MISSING);
        assertThat(UlnCheck.check(" ").outcome()).isEqualTo(Outcome.MISSING);
    }
}
