package org.pathwayshub.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pathwayshub.testdata.CrossFeedCohort.CENSUS;
import static org.pathwayshub.testdata.CrossFeedCohort.DWP;
import static org.pathwayshub.testdata.CrossFeedCohort.ENROLMENTS;
import static org.pathwayshub.testdata.CrossFeedCohort.NCCIS;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pathwayshub.record.UpnCheck;
import org.pathwayshub.testdata.CrossFeedCohort.Appearance;
import org.pathwayshub.testdata.CrossFeedCohort.Category;
import org.pathwayshub.testdata.CrossFeedCohort.Member;

class CrossFeedCohortTest {

    private static final CrossFeedCohort COHORT = CrossFeedCohort.build(200, 2026);

    @TempDir
    Path dir;

    @Test
    void forTwoHundredTheCategoriesHaveTheDocumentedCounts() {
        Map<Category, Integer> expected = new EnumMap<>(Category.class);
        expected.put(Category.CENSUS_ONLY, 36);
        expected.put(Category.CENSUS_AND_NCCIS, 40);
        expected.put(Category.CENSUS_AND_ENROLMENT, 30);
        expected.put(Category.NCCIS_AND_ENROLMENT_BY_ULN, 24);
        expected.put(Category.DWP_EXACT_NAMES, 20);
        expected.put(Category.DWP_TYPO_FOR_REVIEW, 10);
        expected.put(Category.TWIN, 20);
        expected.put(Category.NAME_VARIANTS, 20);
        assertThat(COHORT.counts()).isEqualTo(expected);
        assertThat(COHORT.distinctPeople()).isEqualTo(200);
        assertThat(COHORT.recordKeys()).hasSize(364);
        assertThat(COHORT.samePersonPairs()).hasSize(164);
        assertThat(COHORT.reviewPairs()).hasSize(10);
        assertThat(COHORT.expectedAfterAutomaticMatching()).isEqualTo(210);
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 21, 99, 200, 1234})
    void countsAddUpToNWithEveryCategoryPresent(int n) {
        CrossFeedCohort cohort = CrossFeedCohort.build(n, 5);
        assertThat(cohort.members()).hasSize(n);
        assertThat(cohort.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
        for (Category c : Category.values()) {
            assertThat(cohort.counts().get(c)).as(c.name()).isEqualTo(c.count(n)).isPositive();
        }
        int records = cohort.members().stream().mapToInt(m -> m.appearances().size()).sum();
        assertThat(cohort.recordKeys()).hasSize(records).doesNotHaveDuplicates();
        assertThat(cohort.samePersonPairs()).hasSize(records - n);
        assertThat(cohort.expectedAfterAutomaticMatching()).isEqualTo(n + Category.DWP_TYPO_FOR_REVIEW.count(n));
        assertThat(cohort.members()).extracting(m -> m.person().personNo())
                .containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
    }

    @Test
    void refusesACohortTooSmallForEveryCategory() {
        assertThatThrownBy(() -> CrossFeedCohort.build(19, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachCategoryAppearsInItsFeedsWithItsIdentifiersAndNames() {
        for (Member m : COHORT.members()) {
            YoungPerson p = m.person();
            Map<String, YoungPerson> in = new HashMap<>();
            m.appearances().forEach(a -> in.put(a.feed(), a.asSent()));
            m.appearances().forEach(a -> assertThat(a.asSent().personNo()).isEqualTo(p.personNo()));
            switch (m.category()) {
                case CENSUS_ONLY -> assertThat(in).containsOnlyKeys(CENSUS);
                case CENSUS_AND_NCCIS, TWIN -> {
                    assertThat(in).containsOnlyKeys(CENSUS, NCCIS);
                    assertThat(in.get(NCCIS).upn()).isEqualTo(in.get(CENSUS).upn()).isNotNull();
                }
                case CENSUS_AND_ENROLMENT -> {
                    assertThat(in).containsOnlyKeys(CENSUS, ENROLMENTS);
                    assertThat(in.get(ENROLMENTS).upn()).isEqualTo(in.get(CENSUS).upn());
                    assertThat(in.get(ENROLMENTS).uln()).isEqualTo(p.uln()).isNotNull();
                    assertThat(in.get(ENROLMENTS).givenName()).isEqualTo(p.givenName().toUpperCase());
                }
                case NCCIS_AND_ENROLMENT_BY_ULN -> {
                    assertThat(in).containsOnlyKeys(NCCIS, ENROLMENTS);
                    assertThat(in.values()).allMatch(s -> s.upn() == null && s.nino() == null && p.uln().equals(s.uln()));
                }
                case DWP_EXACT_NAMES, DWP_TYPO_FOR_REVIEW, NAME_VARIANTS -> {
                    assertThat(in).containsOnlyKeys(CENSUS, DWP);
                    YoungPerson census = in.get(CENSUS);
                    YoungPerson dwp = in.get(DWP);
                    assertThat(dwp.upn()).isNull();
                    assertThat(dwp.uln()).isNull();
                    assertThat(dwp.nino()).isEqualTo(p.nino()).isNotNull();
                    assertThat(census.nino()).isNull();
                    assertThat(dwp.dob()).isEqualTo(census.dob());
                    assertThat(dwp.postcode()).isEqualTo(census.postcode());
                    if (m.category() == Category.DWP_TYPO_FOR_REVIEW) {
                        assertThat(dwp.givenName()).isNotEqualTo(census.givenName()).isEqualTo(NameVariants.typo(census.givenName()));
                        assertThat(dwp.familyName()).isEqualTo(census.familyName());
                    } else {
                        assertThat(normalised(dwp)).isEqualTo(normalised(census));
                    }
                    if (m.category() == Category.NAME_VARIANTS) {
                        assertThat(YoungPersonCohortTest.isMarked(census.givenName()) || YoungPersonCohortTest.isMarked(census.familyName()))
                                .as("%s %s", census.givenName(), census.familyName()).isTrue();
                        assertThat(dwp.givenName() + dwp.familyName()).doesNotContain("'", "-");
                    }
                }
            }
        }
    }

    @Test
    void twinsShareFamilyNameBirthAndHomeButNeverIdentifiersOrGivenName() {
        List<YoungPerson> twins = COHORT.members().stream().filter(m -> m.category() == Category.TWIN).map(Member::person).toList();
        Map<String, List<YoungPerson>> byHousehold = new HashMap<>();
        twins.forEach(t -> byHousehold.computeIfAbsent(t.familyName() + "|" + t.dob() + "|" + t.postcode(), k -> new ArrayList<>()).add(t));
        assertThat(byHousehold).hasSize(10).allSatisfy((household, pair) -> {
            assertThat(pair).hasSize(2);
            assertThat(pair.get(0).upn()).isNotEqualTo(pair.get(1).upn());
            assertThat(pair.get(0).givenName().charAt(0)).isNotEqualTo(pair.get(1).givenName().charAt(0));
        });
        Set<String> pairs = new HashSet<>();
        COHORT.samePersonPairs().forEach(p -> pairs.add(p.first() + " " + p.second()));
        for (List<YoungPerson> pair : byHousehold.values()) {
            assertThat(pairs).noneMatch(p -> p.contains(pair.get(0).upn()) && p.contains(pair.get(1).upn()));
        }
    }

    @Test
    void noTwoPeopleShareNamesBirthAndPostcodeSoOnlyTheTruthCanJoinThem() {
        Set<String> seen = new HashSet<>();
        for (Member m : COHORT.members()) {
            for (Appearance a : m.appearances()) {
                seen.add(normalised(a.asSent()) + "|" + a.asSent().dob() + "|" + a.asSent().postcode() + "|" + m.person().personNo());
            }
        }
        Map<String, Set<Integer>> people = new HashMap<>();
        for (String key : seen) {
            String demographics = key.substring(0, key.lastIndexOf('|'));
            people.computeIfAbsent(demographics, k -> new HashSet<>()).add(Integer.parseInt(key.substring(key.lastIndexOf('|') + 1)));
        }
        assertThat(people.values()).allMatch(s -> s.size() == 1);
    }

    @Test
    void scoringPairsPerfectForTheTruthAndLowerForAMatcherThatUsesOnlyUpns() {
        Map<String, Integer> truth = new HashMap<>();
        COHORT.members().forEach(m -> m.appearances().forEach(a -> truth.put(a.recordKey(), m.person().personNo())));
        CrossFeedCohort.MatchScore perfect = COHORT.score(truth);
        assertThat(perfect.precision()).isEqualTo(1.0);
        assertThat(perfect.recall()).isEqualTo(1.0);

        Map<String, String> byUpn = new HashMap<>();
        COHORT.members().forEach(m -> m.appearances().forEach(a -> {
            if (a.asSent().upn() != null) {
                byUpn.put(a.recordKey(), a.asSent().upn());
            }
        }));
        CrossFeedCohort.MatchScore upnOnly = COHORT.score(byUpn);
        assertThat(upnOnly.precision()).isEqualTo(1.0);
        assertThat(upnOnly.correctPairs()).as("census with NCCIS, enrolments and twins' NCCIS").isEqualTo(40 + 30 + 20);
        assertThat(upnOnly.recall()).isEqualTo(90.0 / 164);

        Map<String, String> everyoneOne = new HashMap<>();
        COHORT.recordKeys().forEach(k -> everyoneOne.put(k, "one"));
        assertThat(COHORT.score(everyoneOne).recall()).isEqualTo(1.0);
        assertThat(COHORT.score(everyoneOne).precision()).isLessThan(0.01);
    }

    @Test
    void theFilesCarryEveryRecordWithValidIdentifiers() throws Exception {
        Map<String, Path> files = COHORT.writeFiles(dir);
        UpnCheck upns = FeedFiles.upnCheck();

        List<Map<String, String>> census = FeedFiles.records(files.get(CENSUS));
        assertThat(census).hasSize(COHORT.sentTo(CENSUS).size()).hasSize(176);
        assertThat(census).allMatch(r -> upns.check(r.get("UPN")).isValid());
        assertThat(FeedFiles.records(files.get(ENROLMENTS))).hasSize(COHORT.sentTo(ENROLMENTS).size()).hasSize(54);
        assertThat(FeedFiles.records(files.get(DWP))).hasSize(COHORT.sentTo(DWP).size()).hasSize(50);
        assertThat(NccisXmlFileTest.parse(files.get(NCCIS)).records()).hasSize(COHORT.sentTo(NCCIS).size()).hasSize(84);

        Set<String> keys = new HashSet<>(COHORT.recordKeys());
        census.forEach(r -> assertThat(keys).contains(CENSUS + ":" + r.get("UPN")));
        FeedFiles.records(files.get(DWP)).forEach(r -> assertThat(keys).contains(DWP + ":" + r.get("NINO")));
        FeedFiles.records(files.get(ENROLMENTS)).forEach(r -> assertThat(keys).contains(ENROLMENTS + ":" + r.get("ULN")));
    }

    @Test
    void theSameSeedBuildsTheSameCohort() {
        assertThat(CrossFeedCohort.build(200, 2026).members()).isEqualTo(COHORT.members());
        assertThat(CrossFeedCohort.build(200, 2027).members()).isNotEqualTo(COHORT.members());
    }

    private static String normalised(YoungPerson p) {
        return NameVariants.asciiUpperCase(p.givenName()).replace(" ", "") + "|" + NameVariants.asciiUpperCase(p.familyName()).replace(" ", "");
    }
}
