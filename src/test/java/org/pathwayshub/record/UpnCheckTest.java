package org.pathwayshub.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathwayshub.record.IdentifierCheck.Outcome;

/** The UPN rules of docs/feeds.md (Identifiers), against published test vectors. */
class UpnCheckTest {

    private static final List<String> LA_CODES = List.of("801", "207", "391", "925");
    private static final String CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

    private final UpnCheck upns = new UpnCheck(Set.copyOf(LA_CODES));

    @ParameterizedTest
    @ValueSource(strings = {"B801200005001", "H801200001001", "P207000016049"})
    void acceptsTheValidTestVectors(String upn) {
        assertThat(upns.check(upn)).isEqualTo(IdentifierCheck.valid(upn));
    }

    @Test
    void acceptsATemporaryUpnEndingInALetter() {
        assertThat(upns.check("G80120000101A")).isEqualTo(IdentifierCheck.valid("G80120000101A"));
    }

    @Test
    void rejectsIBecauseIIsNeverACheckLetterAndNamesTheRightLetterM() {
        IdentifierCheck check = upns.check("I391999914001");
        assertThat(check.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(check.rule()).isEqualTo("upn-check-letter");
        assertThat(check.expected()).contains("check letter M").contains("I is never a check letter");
        assertThat(upns.check("M391999914001").isValid()).isTrue();
    }

    @Test
    void rejectsAWrongCheckLetterAndNamesTheRightOne() {
        IdentifierCheck check = upns.check("Q207000016049");
        assertThat(check.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(check.rule()).isEqualTo("upn-check-letter");
        assertThat(check.expected()).contains("check letter P").contains("got Q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UN1", "UN2", "UN3", "UN4", "UN5", "un3", " UN5 "})
    void treatsUn1ToUn5AsPlaceholdersNotAsInvalidUpns(String raw) {
        IdentifierCheck check = upns.check(raw);
        assertThat(check.outcome()).isEqualTo(Outcome.PLACEHOLDER);
        assertThat(check.isValid()).as("a placeholder is never an identifier to match on").isFalse();
        assertThat(check.value()).isEqualTo(raw.trim().toUpperCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UN0", "UN6"})
    void onlyUn1ToUn5ArePlaceholders(String raw) {
        assertThat(upns.check(raw).outcome()).isEqualTo(Outcome.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void treatsAnEmptyValueAsMissing(String raw) {
        assertThat(upns.check(raw).outcome()).isEqualTo(Outcome.MISSING);
        assertThat(upns.check(null).outcome()).isEqualTo(Outcome.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"B80120000500", "B8012000050011", "B801 200005001"})
    void rejectsAUpnThatIsNotThirteenCharacters(String raw) {
        IdentifierCheck check = upns.check(raw);
        assertThat(check.rule()).isEqualTo("upn-length");
        assertThat(check.expected()).contains("13 characters").contains("has " + raw.trim().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"B801A00005001", "B8012000X5001", "B8012000050Z1"})
    void rejectsNonDigitsInCharactersFiveToTwelve(String raw) {
        IdentifierCheck check = upns.check(raw);
        assertThat(check.rule()).isEqualTo("upn-format");
        assertThat(check.expected()).contains("digits in characters 5 to 12");
    }

    @Test
    void rejectsNonDigitsInTheLaNumber() {
        IdentifierCheck check = upns.check("B8A1200005001");
        assertThat(check.rule()).isEqualTo("upn-format");
        assertThat(check.expected()).contains("characters 2 to 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"G80120000101I", "G80120000101O", "G80120000101S", "G80120000101-"})
    void rejectsAThirteenthCharacterThatIsNeitherADigitNorAnAllowedLetter(String raw) {
        IdentifierCheck check = upns.check(raw);
        assertThat(check.rule()).isEqualTo("upn-format");
        assertThat(check.expected()).contains("13th character").contains("got " + raw.charAt(12));
    }

    @Test
    void rejectsALaNumberThatIsNotRecognised() {
        String body = "999200005001";
        IdentifierCheck check = upns.check(UpnCheck.checkLetter(body) + body);
        assertThat(check.rule()).isEqualTo("upn-la");
        assertThat(check.expected()).contains("999 is not one");
    }

    @Test
    void normalisesLowerCaseAndSurroundingSpaces() {
        assertThat(upns.check("  b801200005001 ")).isEqualTo(IdentifierCheck.valid("B801200005001"));
        assertThat(upns.check("g80120000101a")).isEqualTo(IdentifierCheck.valid("G80120000101A"));
    }

    @Test
    void theCheckLetterOfEveryGeneratedBodyIsTheOnlyFirstLetterThatPasses() {
        Random random = new Random(20240917L);
        for (int n = 0; n < 1000; n++) {
            String body = randomBody(random);
            char letter = UpnCheck.checkLetter(body);
            assertThat(letter).as("check letter for %s", body).isEqualTo(checkLetterByTheBook(body));
            assertThat(upns.check(letter + body).outcome()).as("%s%s", letter, body).isEqualTo(Outcome.VALID);
            for (char other = 'A'; other <= 'Z'; other++) {
                if (other != letter) {
                    IdentifierCheck check = upns.check(other + body);
                    assertThat(check.outcome()).as("%s%s", other, body).isEqualTo(Outcome.INVALID);
                    assertThat(check.rule()).isEqualTo("upn-check-letter");
                }
            }
        }
    }

    /** LA number, eight digits, and a serial digit or (one in four, a temporary UPN) a letter. */
    private static String randomBody(Random random) {
        StringBuilder body = new StringBuilder(LA_CODES.get(random.nextInt(LA_CODES.size())));
        for (int i = 0; i < 8; i++) {
            body.append((char) ('0' + random.nextInt(10)));
        }
        body.append(random.nextInt(4) == 0
                ? CHECK_LETTERS.charAt(random.nextInt(CHECK_LETTERS.length()))
                : (char) ('0' + random.nextInt(10)));
        return body.toString();
    }

    /** The check in docs/feeds.md written out independently: characters 2-13 times positions 2-13, modulo 23. */
    private static char checkLetterByTheBook(String body) {
        int sum = 0;
        for (int position = 2; position <= 13; position++) {
            char c = body.charAt(position - 2);
            int value = Character.isDigit(c) ? Character.digit(c, 10) : CHECK_LETTERS.indexOf(c);
            sum += value * position;
        }
        return CHECK_LETTERS.charAt(sum % 23);
    }
}
