package org.pathwayshub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.pathwayshub.system.MappingFileException;

/** The matching weights are the LA's to change: the shipped file reads, and a wrong one says where it is wrong. */
class MatchingRulesTest {

    private static final String FILE = MatchingRules.FILE;

    private static String shipped() throws Exception {
        return Files.readString(Path.of(FILE));
    }

    private static MatchingRules read(String yaml) {
        return MatchingRules.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), FILE);
    }

    /** The shipped file with one "key: value" line (indented as in the file) changed. */
    private static String shippedWith(String key, String value) throws Exception {
        String yaml = shipped();
        String changed = yaml.replaceFirst("(?m)^(\\s*" + key + "):.*$", "$1: " + value);
        assertThat(changed).as("the shipped file has a line for " + key).isNotEqualTo(yaml);
        return changed;
    }

    private static String shippedWithout(String key) throws Exception {
        String yaml = shipped();
        String changed = yaml.replaceFirst("(?m)^\\s*" + key + ":.*\\n", "");
        assertThat(changed).as("the shipped file has a line for " + key).isNotEqualTo(yaml);
        return changed;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String yaml, String key) {
        return assertThatThrownBy(() -> read(yaml))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(FILE + ": " + key + ": expected ");
    }

    @Test
    void theShippedFileParsesAndIsWhatDefaultsGives() throws Exception {
        MatchingRules rules;
        try (InputStream in = Files.newInputStream(Path.of(FILE))) {
            rules = MatchingRules.read(in, FILE);
        }
        assertThat(rules).isEqualTo(MatchingRules.defaults());
        assertThat(rules.merge()).isGreaterThan(rules.review());
        assertThat(rules.similarNameThreshold()).isEqualTo(0.9);
        assertThat(rules.familyNameDifferent()).isNegative();
        assertThat(rules.givenNameDifferent()).isNegative();
        assertThat(rules.genderDifferent()).isNegative();
        assertThat(rules.ypidDifferent()).isNegative();
        assertThat(rules.postcodeDifferent()).as("people move").isZero();
    }

    @Test
    void aChangedValueIsRead() throws Exception {
        assertThat(read(shippedWith("familyNameExact", "6.5")).familyNameExact()).isEqualTo(6.5);
        assertThat(read(shippedWith("review", "10")).review()).isEqualTo(10);
    }

    @Test
    void refusesAnUnknownKeySuchAsATypo() throws Exception {
        assertRefused(shipped().replace("familyNameExact:", "familyNameExcat:"), "weights.familyNameExcat")
                .hasMessageContaining("familyNameExact")
                .hasMessageContaining("familyNameExcat is not a matching rule");
        assertRefused(shipped() + "\nnicknames: true\n", "nicknames");
        assertRefused(shipped().replace("  merge:", "  autoMerge:"), "thresholds.autoMerge");
    }

    @Test
    void refusesAMissingKey() throws Exception {
        assertRefused(shippedWithout("dobDayMonthSwapped"), "weights.dobDayMonthSwapped").hasMessageContaining("missing");
        assertRefused(shippedWithout("review"), "thresholds.review");
        assertRefused(shippedWithout("similarNameThreshold"), "similarNameThreshold");
        assertRefused("thresholds: {merge: 13, review: 9}\nsimilarNameThreshold: 0.9\n", "weights");
    }

    @Test
    void refusesAMergeThresholdAtOrBelowTheReviewThreshold() throws Exception {
        double review = MatchingRules.defaults().review();
        assertRefused(shippedWith("merge", String.valueOf(review)), "thresholds.merge").hasMessageContaining("more points than thresholds.review");
        assertRefused(shippedWith("merge", String.valueOf(review - 1)), "thresholds.merge");
    }

    @Test
    void refusesAPositiveWeightForADifferenceAndANegativeOneForAnAgreement() throws Exception {
        assertRefused(shippedWith("givenNameDifferent", "5"), "weights.givenNameDifferent").hasMessageContaining("-5.0");
        assertRefused(shippedWith("postcodeExact", "-1"), "weights.postcodeExact");
    }

    @Test
    void refusesAValueThatIsNotANumber() throws Exception {
        assertRefused(shippedWith("dobExact", "four"), "weights.dobExact").hasMessageContaining("got 'four'");
        assertRefused(shippedWith("dobExact", "\"4\""), "weights.dobExact");
        assertRefused(shippedWith("similarNameThreshold", "90"), "similarNameThreshold").hasMessageContaining("at most 1");
    }

    @Test
    void refusesAKeyWrittenTwiceAndAFileThatIsNotAMap() throws Exception {
        assertThatThrownBy(() -> read(shipped().replaceFirst("(?m)^(\\s*review:.*)$", "$1\n  review: 12")))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(FILE + ": expected ")
                .hasMessageContaining("review");
        assertThatThrownBy(() -> read("- merge\n- review\n"))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(FILE + ": expected a map with thresholds");
    }
}
