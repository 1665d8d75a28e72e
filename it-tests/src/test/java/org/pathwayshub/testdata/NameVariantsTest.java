package org.pathwayshub.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameVariantsTest {

    @Test
    void eachVariantDoesWhatItsNameSays() {
        assertThat(NameVariants.upperCase("O'Brien")).isEqualTo("O'BRIEN");
        assertThat(NameVariants.stripAccents("Zoë")).isEqualTo("Zoe");
        assertThat(NameVariants.stripAccents("Chloé")).isEqualTo("Chloe");
        assertThat(NameVariants.stripAccents("Núñez Gonçalves")).isEqualTo("Nunez Goncalves");
        assertThat(NameVariants.dropApostrophe("O'Brien")).isEqualTo("OBrien");
        assertThat(NameVariants.dropApostrophe("D\u2019Souza")).isEqualTo("DSouza");
        assertThat(NameVariants.hyphenToSpace("Smith-Jones")).isEqualTo("Smith Jones");
        assertThat(NameVariants.initialOnly("James")).isEqualTo("J");
        assertThat(NameVariants.initialOnly("Élodie")).isEqualTo("É");
        assertThat(NameVariants.asciiUpperCase("D'Souza-Müller")).isEqualTo("DSOUZA MULLER");
    }

    @Test
    void aTypoSwapsTheLastVowelAsPeopleMishearIt() {
        assertThat(NameVariants.typo("Jonathan")).isEqualTo("Jonathon");
        assertThat(NameVariants.typo("Amelia")).isEqualTo("Amelio");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jonathan", "Olivia", "Ng", "Brynn", "Lynn", "Al", "Zoë", "O'Brien", "Smith-Jones", "Ann", "Y", "Ellis"})
    void aTypoIsOneLetterWrongNeverTheFirst(String name) {
        String typo = NameVariants.typo(name);
        assertThat(typo).isNotEqualTo(name);
        assertThat(typo.charAt(0)).isEqualTo(name.charAt(0));
        if (name.length() > 1) {
            assertThat(typo).hasSameSizeAs(name);
            int differing = 0;
            for (int i = 0; i < name.length(); i++) {
                differing += name.charAt(i) == typo.charAt(i) ? 0 : 1;
            }
            assertThat(differing).as("one substitution or one transposition").isBetween(1, 2);
        }
        assertThat(NameVariants.typo(name)).as("deterministic").isEqualTo(typo);
    }

    @ParameterizedTest
    @CsvSource({"Zoë,Zoe", "Smith,Smith"})
    void variantsLeaveNamesWithNothingToChangeAlone(String name, String expected) {
        assertThat(NameVariants.stripAccents(name)).isEqualTo(expected);
    }

    @Test
    void nullStaysNull() {
        assertThat(NameVariants.upperCase(null)).isNull();
        assertThat(NameVariants.typo(null)).isNull();
        assertThat(NameVariants.initialOnly(null)).isNull();
    }

    @Test
    void thePersonFormsChangeOnlyTheNamesTheySay() {
        YoungPerson p = new YoungPerson(7, "B801200005001", null, null, "6010000001007", "Zoë", "O'Brien",
                LocalDate.of(2010, 3, 4), "F", "NM1 2AB", "9254001", 16, false, false);
        assertThat(NameVariants.givenName(NameVariants::stripAccents).apply(p).givenName()).isEqualTo("Zoe");
        assertThat(NameVariants.givenName(NameVariants::stripAccents).apply(p).familyName()).isEqualTo("O'Brien");
        assertThat(NameVariants.familyName(NameVariants::dropApostrophe).apply(p).familyName()).isEqualTo("OBrien");
        YoungPerson both = NameVariants.bothNames(NameVariants::upperCase).apply(p);
        assertThat(both).isEqualTo(p.withNames("ZOË", "O'BRIEN"));
        assertThat(NameVariants.unchanged().apply(p)).isSameAs(p);
    }
}
