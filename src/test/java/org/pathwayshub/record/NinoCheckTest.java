package org.pathwayshub.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathwayshub.record.IdentifierCheck.Outcome;

/** National Insurance number as docs/feeds.md, "Identifiers", has it. */
class NinoCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"AB123456A", "CE000000B", "JX999999C", "ZA123456D"})
    void acceptsTwoLettersSixDigitsAndAFinalLetterAToD(String nino) {
        assertThat(NinoCheck.check(nino)).isEqualTo(IdentifierCheck.valid(nino));
    }

    @Test
    void toleratesSpacesInsideAndNormalisesCase() {
        assertThat(NinoCheck.check("AB 12 34 56 C")).isEqualTo(IdentifierCheck.valid("AB123456C"));
        assertThat(NinoCheck.check(" ab123456c ")).isEqualTo(IdentifierCheck.valid("AB123456C"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AB123456E", "AB123456", "AB12345C", "AB1234567C", "A1123456C", "1B123456C", "AB12E456C"})
    void rejectsTheWrongShape(String raw) {
        IdentifierCheck check = NinoCheck.check(raw);
        assertThat(check.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(check.rule()).isEqualTo("nino-format");
    }

    @ParameterizedTest
    @ValueSource(chars = {'D', 'F', 'I', 'Q', 'U', 'V'})
    void rejectsTheLettersThatAreNeverFirst(char first) {
        IdentifierCheck check = NinoCheck.check(first + "A123456A");
        assertThat(check.rule()).isEqualTo("nino-prefix");
        assertThat(check.expected()).contains("first letter");
    }

    @ParameterizedTest
    @ValueSource(chars = {'D', 'F', 'I', 'O', 'Q', 'U', 'V'})
    void rejectsTheLettersThatAreNeverSecond(char second) {
        IdentifierCheck check = NinoCheck.check("A" + second + "123456A");
        assertThat(check.rule()).isEqualTo("nino-prefix");
        assertThat(check.expected()).contains("second letter");
    }

    @Test
    void allowsOFirstThoughNeverSecond() {
        assertThat(NinoCheck.check("OA123456A").isValid()).isTrue();
        assertThat(NinoCheck.check("AO123456A").isValid()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
    void rejectsPrefixesThatAreNeverIssued(String prefix) {
        IdentifierCheck check = NinoCheck.check(prefix + "123456A");
        assertThat(check.rule()).isEqualTo("nino-prefix");
        assertThat(check.expected()).contains(prefix + " never is");
    }

    @Test
    void treatsAnEmptyValueAsMissing() {
        assertThat(NinoCheck.check(null).outcome()).isEqualTo(Outcome.MISSING);
        assertThat(NinoCheck.check("  ").outcome()).isEqualTo(Outcome.MISSING);
    }
}
