package org.pathwayshub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Jaro-Winkler against the published examples (Winkler 1990 and later tables). */
class JaroWinklerTest {

    @ParameterizedTest(name = "{0} / {1} = {2}")
    @CsvSource({
            "MARTHA, MARHTA, 0.961",
            "DWAYNE, DUANE, 0.840",
            "DIXON, DICKSONX, 0.813",
    })
    void matchesThePublishedValues(String a, String b, double expected) {
        assertThat(JaroWinkler.similarity(a, b)).isCloseTo(expected, within(0.0005));
        assertThat(JaroWinkler.similarity(b, a)).as("the same either way round").isCloseTo(expected, within(0.0005));
    }

    @Test
    void identicalStringsScoreOneAndStringsWithNothingInCommonZero() {
        assertThat(JaroWinkler.similarity("jonathan", "jonathan")).isEqualTo(1.0);
        assertThat(JaroWinkler.similarity("", "")).isEqualTo(1.0);
        assertThat(JaroWinkler.similarity("abc", "xyz")).isEqualTo(0.0);
        assertThat(JaroWinkler.similarity("abc", "")).isEqualTo(0.0);
    }

    @Test
    void aSlippedLetterInANameIsSimilarAndADifferentNameIsNot() {
        assertThat(JaroWinkler.similarity("jonathon", "jonathan")).isCloseTo(0.95, within(0.001));
        assertThat(JaroWinkler.similarity("oliver", "olivia")).isCloseTo(0.867, within(0.001));
        assertThat(JaroWinkler.similarity("oliver", "amelia")).isLessThan(0.7);
    }

    @Test
    void theCommonPrefixCountsUpToFourCharacters() {
        // the same Jaro similarity with a 4- and a 5-character common prefix: the fifth adds nothing
        assertThat(JaroWinkler.similarity("abcdex", "abcdey")).isEqualTo(JaroWinkler.similarity("abcdxe", "abcdye"));
    }
}
