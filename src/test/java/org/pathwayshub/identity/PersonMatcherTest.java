package org.pathwayshub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pathwayshub.identity.PersonMatcher.Profile;
import org.pathwayshub.identity.PersonMatcher.Score;
import org.pathwayshub.identity.PersonMatcher.Verdict;

/**
 * A record with no identifier the hub knows, scored against a candidate with the LA's shipped weights
 * (mappings/identity/matching.yaml): exact names and date of birth merge, near misses go to a person to
 * review, twins and different people stay apart, and identifiers that differ are never the same person.
 */
class PersonMatcherTest {

    private static final String DOB = "2008-03-07";
    private static final String POSTCODE = "NM1 4AB";

    private final PersonMatcher matcher = new PersonMatcher(MatchingRules.defaults());

    private static Profile person(String given, String family, String dob, String postcode) {
        return new Profile(given, family, LocalDate.parse(dob), postcode, null, Map.of());
    }

    private static Profile person(String given, String family) {
        return person(given, family, DOB, POSTCODE);
    }

    private static Profile withGender(Profile p, String gender) {
        return new Profile(p.givenName(), p.familyName(), p.dob(), p.postcode(), gender, p.identifiers());
    }

    private static Profile withIds(Profile p, Map<String, String> identifiers) {
        return new Profile(p.givenName(), p.familyName(), p.dob(), p.postcode(), p.gender(), identifiers);
    }

    // (a)
    @Test
    void theSameNamesDateOfBirthAndPostcodeMerge() {
        Score score = matcher.score(person("Jonathan", "Smith"), person("Jonathan", "Smith"));
        assertThat(score.verdict()).isEqualTo(Verdict.MERGE);
        assertThat(score.points()).isEqualTo(15.0);
        assertThat(score.reasons()).containsExactly("family name the same (+5.0)", "given name the same (+5.0)",
                "date of birth the same (+4.0)", "postcode the same (+1.0)");
    }

    // (b)
    @Test
    void theSameNamesAndDateOfBirthMergeAfterAMoveToAnotherPostcode() {
        Score score = matcher.score(person("Jonathan", "Smith", DOB, "NM7 2XY"), person("Jonathan", "Smith"));
        assertThat(score.verdict()).isEqualTo(Verdict.MERGE);
        assertThat(score.points()).isEqualTo(14.0);
        assertThat(score.reasons()).contains("postcode different: NM72XY / NM14AB (+0.0)");
    }

    // (c)
    @Test
    void aOneLetterSlipInTheGivenNameGoesToReviewNotMerge() {
        Score score = matcher.score(person("Jonathon", "Smith"), person("Jonathan", "Smith"));
        assertThat(score.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(score.points()).isEqualTo(12.0);
        assertThat(score.reasons()).contains("given name similar: jonathon / jonathan (+2.0)");
    }

    // (d)
    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({"Oliver, Amelia, M, F", "Oliver, Olivia, M, F", "Jack, Harry, M, M"})
    void twinsWithDifferentGivenNamesStayTwoPeople(String twin, String otherTwin, String gender, String otherGender) {
        Score score = matcher.score(person(twin, "Smith"), person(otherTwin, "Smith"));
        assertThat(score.verdict()).isEqualTo(Verdict.NEW_PERSON);
        assertThat(score.points()).isEqualTo(5.0);
        Score withGenders = matcher.score(withGender(person(twin, "Smith"), gender), withGender(person(otherTwin, "Smith"), otherGender));
        assertThat(withGenders.verdict()).isEqualTo(Verdict.NEW_PERSON);
    }

    // (e)
    @Test
    void dayAndMonthSwappedGoesToReview() {
        Score score = matcher.score(person("Jonathan", "Smith", "2008-07-03", POSTCODE), person("Jonathan", "Smith", "2008-03-07", POSTCODE));
        assertThat(score.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(score.points()).isEqualTo(12.0);
        assertThat(score.reasons()).contains("date of birth with day and month swapped: 2008-07-03 / 2008-03-07 (+1.0)");
    }

    // (f)
    @Test
    void aDifferentFamilyNameWithEverythingElseTheSameIsANewPerson() {
        Score score = matcher.score(person("Jonathan", "Patel"), person("Jonathan", "Smith"));
        assertThat(score.verdict()).isEqualTo(Verdict.NEW_PERSON);
        assertThat(score.points()).isEqualTo(5.0);
        assertThat(score.reasons()).contains("family name different: patel / smith (-5.0)");
    }

    // (g)
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"J, James", "James, J", "J., James", "Alex, Alexander"})
    void anInitialOrAShortFormOfTheGivenNameGoesToReview(String given, String otherGiven) {
        Score score = matcher.score(person(given, "Smith"), person(otherGiven, "Smith"));
        assertThat(score.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(score.points()).isEqualTo(12.0);
    }

    @Test
    void twoLettersAreNotAShortForm() {
        // Al could be Alan, Alice or Alfie
        assertThat(matcher.score(person("Al", "Smith"), person("Alfie", "Smith")).verdict()).isEqualTo(Verdict.NEW_PERSON);
    }

    @ParameterizedTest(name = "{0} {1} / {2} {3}")
    @CsvSource({
            "Zoë, Smith, ZOE, SMITH",
            "Zoë, Smith, zoe, smith",
            "Niamh, O'Brien, NIAMH, OBRIEN",
            "Niamh, O'Brien, Niamh, O Brien",
            "Niamh, O’Brien, Niamh, O'Brien",
            "Ella, Smith-Jones, Ella, Smith Jones",
            "Ella, Smith-Jones, ELLA, SMITHJONES",
            "Anne-Marie, St. John, Anne Marie, St John",
            "José, Núñez, JOSE, NUNEZ",
    })
    void caseAccentsHyphensAndApostrophesScoreLikeTheSameName(String given, String family, String otherGiven, String otherFamily) {
        Score score = matcher.score(person(given, family), person(otherGiven, otherFamily));
        Score same = matcher.score(person(given, family), person(given, family));
        assertThat(score.points()).isEqualTo(same.points());
        assertThat(score.verdict()).isEqualTo(Verdict.MERGE);
        assertThat(score.reasons()).anyMatch(r -> r.startsWith("family name the same"))
                .anyMatch(r -> r.startsWith("given name the same"));
    }

    @Test
    void aFirstGivenNameMatchesTheWholeGivenName() {
        Score score = matcher.score(person("Mary", "Smith"), person("Mary Jane", "Smith"));
        assertThat(score.verdict()).isEqualTo(Verdict.MERGE);
        assertThat(score.reasons()).contains("given name the same: mary / mary jane (+5.0)");
        assertThat(matcher.score(person("Mary-Jane", "Smith"), person("Mary", "Smith")).verdict()).isEqualTo(Verdict.MERGE);
    }

    @Test
    void oneFamilyNameThatIsPartOfTheOtherGoesToReview() {
        Score score = matcher.score(person("Ella", "Smith"), person("Ella", "Smith-Jones"));
        assertThat(score.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(score.reasons()).contains("family name part of the other: smith / smith jones (+2.0)");
    }

    @Test
    void aSlipInTheFamilyNameGoesToReview() {
        Score score = matcher.score(person("Jonathan", "Thomson"), person("Jonathan", "Thompson"));
        assertThat(score.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(score.reasons()).contains("family name similar: thomson / thompson (+2.0)");
    }

    @Test
    void thePostcodeIsComparedWithoutSpacesOrCaseAndByDistrict() {
        assertThat(matcher.score(person("Jonathan", "Smith", DOB, "nm14ab"), person("Jonathan", "Smith")).reasons())
                .contains("postcode the same (+1.0)");
        Score sameDistrict = matcher.score(person("Jonathan", "Smith", DOB, "NM1 7XY"), person("Jonathan", "Smith"));
        assertThat(sameDistrict.reasons()).contains("postcode in the same district: NM1 (+0.5)");
        assertThat(sameDistrict.points()).isEqualTo(14.5);
    }

    @Test
    void aMissingPostcodeAddsNothing() {
        Profile noPostcode = new Profile("Jonathan", "Smith", LocalDate.parse(DOB), null, null, Map.of());
        Score score = matcher.score(noPostcode, person("Jonathan", "Smith"));
        assertThat(score.points()).isEqualTo(14.0);
        assertThat(score.reasons()).contains("postcode not on both records (+0.0)");
        assertThat(matcher.score(person("Jonathan", "Smith", DOB, " "), person("Jonathan", "Smith")).points()).isEqualTo(14.0);
    }

    @Test
    void aDifferentGenderCountsAgainstOnlyWhenBothAreKnown() {
        Profile boy = withGender(person("Sam", "Smith"), "M");
        assertThat(matcher.score(boy, withGender(person("Sam", "Smith"), "F")).verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(matcher.score(boy, withGender(person("Sam", "Smith"), "F")).reasons()).contains("gender different: M / F (-3.0)");
        assertThat(matcher.score(boy, withGender(person("Sam", "Smith"), "m")).points()).isEqualTo(15.0);
        assertThat(matcher.score(boy, withGender(person("Sam", "Smith"), "U")).points()).isEqualTo(15.0);
        assertThat(matcher.score(boy, withGender(person("Sam", "Smith"), "W")).points()).isEqualTo(15.0);
        assertThat(matcher.score(boy, person("Sam", "Smith")).points()).isEqualTo(15.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "UPN,  B801200005001, H801200001001, different UPNs",
            "ULN,  1234567890,    2234567890,    different ULNs",
            "NINO, AB123456C,     CE000000B,     different National Insurance numbers",
    })
    void differentUpnsUlnsOrNationalInsuranceNumbersAreNeverTheSamePerson(String scheme, String one, String other, String reason) {
        Score score = matcher.score(withIds(person("Jonathan", "Smith"), Map.of(scheme, one)),
                withIds(person("Jonathan", "Smith"), Map.of(scheme, other)));
        assertThat(score.verdict()).isEqualTo(Verdict.NEVER);
        assertThat(score.reasons()).containsExactly(reason);
    }

    @Test
    void anIdentifierOnlyOneRecordHasExcludesNothing() {
        Score score = matcher.score(withIds(person("Jonathan", "Smith"), Map.of("UPN", "B801200005001")),
                withIds(person("Jonathan", "Smith"), Map.of("ULN", "1234567890")));
        assertThat(score.verdict()).isEqualTo(Verdict.MERGE);
        assertThat(matcher.score(withIds(person("Jonathan", "Smith"), Map.of("UPN", "B801200005001")),
                withIds(person("Jonathan", "Smith"), Map.of("UPN", "b801200005001"))).verdict()).isEqualTo(Verdict.MERGE);
    }

    @Test
    void differentYoungPersonsIdsCountAgainstButDoNotExclude() {
        // a young person who moves between areas can have a record in two CCIS databases
        Score score = matcher.score(withIds(person("Jonathan", "Smith"), Map.of("YPID", "925-000123")),
                withIds(person("Jonathan", "Smith"), Map.of("YPID", "801-004567")));
        assertThat(score.verdict()).isNotEqualTo(Verdict.NEVER);
        assertThat(score.points()).isEqualTo(15.0 - 1.0);
        assertThat(score.reasons()).contains("different YoungPersonsIDs (a record in two CCIS databases?) (-1.0)");
    }

    @Test
    void aDifferentDateOfBirthIsNeverTheSamePerson() {
        Score score = matcher.score(person("Jonathan", "Smith", "2008-03-08", POSTCODE), person("Jonathan", "Smith"));
        assertThat(score.verdict()).isEqualTo(Verdict.NEVER);
        assertThat(score.reasons()).containsExactly("different date of birth");
        assertThat(matcher.score(person("Jonathan", "Smith", "2007-03-07", POSTCODE), person("Jonathan", "Smith")).verdict())
                .isEqualTo(Verdict.NEVER);
    }

    @Test
    void theReasonsAddUpToThePoints() {
        List<Score> scores = List.of(
                matcher.score(person("Jonathan", "Smith"), person("Jonathan", "Smith")),
                matcher.score(person("Jonathon", "Smyth", DOB, "NM1 7XY"), person("Jonathan", "Smith")),
                matcher.score(withGender(person("Oliver", "Smith"), "M"), withGender(person("Amelia", "Smith"), "F")),
                matcher.score(withIds(person("J", "Smith-Jones", "2008-07-03", null), Map.of("YPID", "1")),
                        withIds(person("James", "Smith"), Map.of("YPID", "2"))));
        Pattern points = Pattern.compile("\\(([+-]\\d+(?:\\.\\d+)?)\\)$");
        for (Score score : scores) {
            double sum = 0;
            for (String reason : score.reasons()) {
                Matcher m = points.matcher(reason);
                assertThat(m.find()).as("'%s' ends with its points", reason).isTrue();
                sum += Double.parseDouble(m.group(1));
            }
            assertThat(sum).as("%s", score.reasons()).isCloseTo(score.points(), within(1e-9));
        }
    }

    @Test
    void theThresholdsComeFromTheRulesFile() throws Exception {
        String yaml = Files.readString(Path.of(MatchingRules.FILE)).replaceFirst("(?m)^(\\s*merge):.*$", "$1: 16");
        MatchingRules stricter = MatchingRules.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), MatchingRules.FILE);
        Score score = new PersonMatcher(stricter).score(person("Jonathan", "Smith"), person("Jonathan", "Smith"));
        assertThat(score.points()).isEqualTo(15.0);
        assertThat(score.verdict()).isEqualTo(Verdict.REVIEW);
    }

    @Test
    void aOneLetterSlipInAShortNameIsReviewedTooThoughJaroWinklerCallsItDifferent() {
        for (String[] slip : new String[][] {{"Jack", "Jock"}, {"Siân", "Seân"}, {"Amy", "Ammy"}, {"Evie", "Eveí"}}) {
            assertThat(matcher.score(person(slip[0], "Ward"), person(slip[1], "Ward")).verdict())
                    .as("%s / %s", slip[0], slip[1]).isEqualTo(Verdict.REVIEW);
        }
        assertThat(matcher.score(person("Oliver", "Ward"), person("Olivia", "Ward")).verdict())
                .as("two letters apart: twins, not a slip").isEqualTo(Verdict.NEW_PERSON);
    }

    @Test
    void oneEditApartCountsOneChangeAddDropOrSwapOnly() {
        assertThat(PersonMatcher.oneEditApart("jack", "jock")).isTrue();
        assertThat(PersonMatcher.oneEditApart("amy", "ammy")).isTrue();
        assertThat(PersonMatcher.oneEditApart("ammy", "amy")).isTrue();
        assertThat(PersonMatcher.oneEditApart("evie", "evei")).as("adjacent letters swapped").isTrue();
        assertThat(PersonMatcher.oneEditApart("jack", "jack")).isFalse();
        assertThat(PersonMatcher.oneEditApart("oliver", "olivia")).isFalse();
        assertThat(PersonMatcher.oneEditApart("jack", "ajkc")).isFalse();
    }

    @Test
    void aQuickScoreGivesTheSameVerdictAndForAReviewOrMergeTheSamePointsAsTheFullScore() {
        String[] given = {"Amy", "Amie", "A", "Alexander", "Alex", "Zoë", "Zoe", "Mary Jane", "Mary", "Jack", "Jock", "Ben", ""};
        String[] family = {"Smith", "Smyth", "Smith-Jones", "O'Brien", "OBrien", "Patel", "Okafor", "Thompson", "Thomson", ""};
        String[] postcodes = {"NM1 4AB", "NM1 7XY", "NM9 1AA", null};
        String[] genders = {"F", "M", null};
        java.util.SplittableRandom r = new java.util.SplittableRandom(20261205);
        int compared = 0;
        int reviewOrMerge = 0;
        for (int n = 0; n < 20_000; n++) {
            Profile a = withGender(person(given[r.nextInt(given.length)], family[r.nextInt(family.length)],
                    r.nextBoolean() ? DOB : "2008-07-03", postcodes[r.nextInt(postcodes.length)]), genders[r.nextInt(genders.length)]);
            Profile b = withGender(person(given[r.nextInt(given.length)], family[r.nextInt(family.length)], DOB,
                    postcodes[r.nextInt(postcodes.length)]), genders[r.nextInt(genders.length)]);
            PersonMatcher.Score full = matcher.score(a, b);
            PersonMatcher.Score quick = matcher.quickScore(a, b);
            assertThat(quick.verdict()).as("%s / %s", a, b).isEqualTo(full.verdict());
            if (full.verdict() == PersonMatcher.Verdict.REVIEW || full.verdict() == PersonMatcher.Verdict.MERGE) {
                assertThat(quick.points()).as("%s / %s", a, b).isEqualTo(full.points());
                reviewOrMerge++;
            }
            compared++;
        }
        assertThat(compared).isEqualTo(20_000);
        assertThat(reviewOrMerge).as("the pairs cover reviews and merges too").isGreaterThan(500);
    }
}
