package org.pathwayshub.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.pathwayshub.record.NinoCheck;
import org.pathwayshub.record.UlnCheck;
import org.pathwayshub.record.UpnCheck;

class YoungPersonCohortTest {

    private final List<YoungPerson> people = YoungPersonCohort.generate(2000, 42);
    private final UpnCheck upns = FeedFiles.upnCheck();

    @Test
    void everyIdentifierIsValidAndNoneIsShared() {
        Set<String> seen = new HashSet<>();
        for (YoungPerson p : people) {
            if (p.upn() != null) {
                assertThat(upns.check(p.upn()).isValid()).as(p.upn()).isTrue();
                assertThat(seen.add(p.upn())).as("UPN %s once", p.upn()).isTrue();
            }
            if (p.uln() != null) {
                assertThat(UlnCheck.check(p.uln()).isValid()).as(p.uln()).isTrue();
                assertThat(seen.add(p.uln())).as("ULN %s once", p.uln()).isTrue();
            }
            if (p.nino() != null) {
                assertThat(NinoCheck.check(p.nino()).isValid()).as(p.nino()).isTrue();
                assertThat(seen.add(p.nino())).as("NINO %s once", p.nino()).isTrue();
            }
            assertThat(p.ypid()).matches(YoungPersonCohort.DATABASE_ID + "\\d{10}");
            assertThat(seen.add(p.ypid())).isTrue();
        }
    }

    @Test
    void mostHaveEachIdentifierAndNoneHasANinoBefore16() {
        assertThat(people.stream().filter(p -> p.upn() != null).count()).isGreaterThan(1900);
        assertThat(people.stream().filter(p -> p.uln() != null).count()).isGreaterThan(1850);
        assertThat(people).filteredOn(YoungPerson::inYear11).allMatch(p -> p.nino() == null);
        assertThat(people.stream().filter(p -> p.academicAge() >= 16 && p.nino() != null).count())
                .isGreaterThan((long) (0.85 * people.stream().filter(p -> p.academicAge() >= 16).count()));
    }

    @Test
    void agesRunFromYear11To18PlusAndEveryoneOver17HasSend() {
        assertThat(people).extracting(YoungPerson::academicAge).containsOnly(15, 16, 17, 18, 19);
        assertThat(people).filteredOn(p -> p.academicAge() >= 18).allMatch(YoungPerson::send);
        assertThat(people).noneMatch(p -> p.send() && p.senSupport());
        assertThat(people).allMatch(p -> p.laEstab().matches(YoungPersonCohort.LA_CODE + "\\d{4}"));
        assertThat(people).extracting(YoungPerson::personNo).containsExactlyElementsOf(
                IntStream.range(0, 2000).boxed().toList());
    }

    @Test
    void atLeastOneInTenHasAnAccentedApostropheOrHyphenatedName() {
        long marked = people.stream().filter(p -> isMarked(p.givenName()) || isMarked(p.familyName())).count();
        assertThat(marked).isGreaterThanOrEqualTo(people.size() / 10);
        assertThat(people).anyMatch(p -> !NameVariants.stripAccents(p.givenName()).equals(p.givenName()));
        assertThat(people).anyMatch(p -> p.familyName().contains("'"));
        assertThat(people).anyMatch(p -> p.familyName().contains("-"));
    }

    @Test
    void theSameSeedGivesTheSamePeopleAndAnotherSeedOthers() {
        assertThat(YoungPersonCohort.generate(2000, 42)).isEqualTo(people);
        assertThat(YoungPersonCohort.generate(2000, 43)).isNotEqualTo(people);
    }

    static boolean isMarked(String name) {
        return name.contains("'") || name.contains("-") || !NameVariants.stripAccents(name).equals(name);
    }
}
