package org.pathwayshub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names as partners write them, brought to the one form the hub compares. */
class NameNormaliserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SMITH          | smith",
            "Zoë            | zoe",
            "ZOË            | zoe",
            "Zoe\u0308       | zoe",          // e followed by a combining diaeresis, as some systems store it
            "Siân           | sian",
            "José-María     | jose maria",
            "O'Brien        | obrien",
            "O\u2019Brien   | obrien",       // typographic apostrophe, as word processors type it
            "St. John       | st john",
            "Smith-Jones    | smith jones",
            "Smith - Jones  | smith jones",
            "\"  Mary   Jane \" | mary jane",
            "Anne_Marie2    | anne marie",
            "Łukasz         | łukasz",       // a letter of its own, not an accented l
    })
    void normalisesCaseAccentsApostrophesFullStopsAndSeparators(String raw, String expected) {
        assertThat(NameNormaliser.normalise(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t", "-", "'.'"})
    void aMissingOrBlankNameIsEmpty(String raw) {
        assertThat(NameNormaliser.normalise(raw)).isEmpty();
        assertThat(NameNormaliser.tokens(raw)).isEmpty();
    }

    @Test
    void tokensAreThePartsOfTheNormalisedName() {
        assertThat(NameNormaliser.tokens("Smith-Jones")).containsExactly("smith", "jones");
        assertThat(NameNormaliser.tokens(" de la  Cruz ")).containsExactly("de", "la", "cruz");
        assertThat(NameNormaliser.tokens("O'Brien")).containsExactly("obrien");
    }

    @Test
    void compactFormsIgnoreWhereTheSpacesWere() {
        assertThat(NameNormaliser.compact("O Brien")).isEqualTo(NameNormaliser.compact("O'Brien")).isEqualTo("obrien");
        assertThat(NameNormaliser.compact("Smith-Jones")).isEqualTo(NameNormaliser.compact("SMITHJONES"));
    }
}
