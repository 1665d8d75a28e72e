package org.pathwayshub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's NCCIS file holds young people the not-known queue should show, in realistic shares: most in education,
 * employment or training, some NEET, a few not known, some lapsed, some of last year's leavers with no activity.
 */
class TrackedCohortTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);

    @Test
    void aDemoSizedCohortIsMostlyInEetWithAFewOfEachKindTheQueueShows() {
        Map<String, Integer> kinds = new HashMap<>();
        Set<String> ids = new HashSet<>();
        Set<String> upns = new HashSet<>();
        int n = 0;
        for (TrackedCohort.Tracked t : TrackedCohort.demo(12_000, 2028, TODAY)) {
            n++;
            kinds.merge(kind(t), 1, Integer::sum);
            assertThat(t.youngPersonsId()).matches("925\\d{10}");
            assertThat(ids.add(t.youngPersonsId())).isTrue();
            assertThat(upns.add(t.pupil().upn())).as("UPN %s once", t.pupil().upn()).isTrue();
            assertThat(t.academicAge()).isBetween(16, 18);
            assertThat(academicAge(t.pupil().dob())).isEqualTo(t.academicAge());
            if (t.academicAge() == 18) {
                assertThat(t.send()).as("18 and tracked: with SEND").isTrue();
            }
            TrackedCohort.Activity a = t.activity();
            if (a != null) {
                assertThat(a.start()).isBeforeOrEqualTo(a.ascertained());
                assertThat(a.ascertained()).isBeforeOrEqualTo(a.verified());
                assertThat(a.verified()).isBeforeOrEqualTo(LocalDate.of(2026, 11, 30));
                assertThat(a.currencyLapsed()).isEqualTo(a.dueToLapse().isBefore(LocalDate.of(2026, 11, 30)));
            }
        }
        assertThat(n).isBetween(4_800, 5_000);
        assertThat(share(kinds, "EET", n)).isBetween(0.80, 0.92);
        assertThat(share(kinds, "NEET", n)).isBetween(0.03, 0.07);
        assertThat(share(kinds, "NOT_KNOWN", n)).isBetween(0.02, 0.04);
        assertThat(share(kinds, "LAPSED", n)).isBetween(0.02, 0.05);
        assertThat(share(kinds, "LEAVER", n)).isBetween(0.01, 0.03);
    }

    @Test
    void theItsSmallDemoHasSomeOfEachReason() {
        Map<String, Integer> kinds = new HashMap<>();
        TrackedCohort.demo(1000, 2028, TODAY).forEach(t -> kinds.merge(kind(t), 1, Integer::sum));
        assertThat(kinds).containsKeys("NOT_KNOWN", "LAPSED", "LEAVER", "NEET", "EET");
    }

    @Test
    void theFileIsAsAtTheEndOfLastMonthAndHasOneRecordEach(@TempDir Path dir) throws Exception {
        TrackedCohort cohort = TrackedCohort.demo(100, 2028, TODAY);
        Path file = dir.resolve("demo.xml");
        long records = TrackingFile.write(cohort, file, 1);
        String xml = Files.readString(file);
        assertThat(xml).contains("<PeriodEnd>2026-11-30</PeriodEnd>").contains("<DatabaseID>925</DatabaseID>");
        assertThat(xml.split("<YoungPersonsRecord>", -1)).hasSize((int) records + 1);
        assertThat(TrackedCohort.periodEnd(LocalDate.of(2026, 9, 10))).isEqualTo(LocalDate.of(2026, 9, 1));
    }

    private static String kind(TrackedCohort.Tracked t) {
        TrackedCohort.Activity a = t.activity();
        if (a == null) {
            return "LEAVER";
        }
        if (Set.of("810", "820", "830").contains(a.code())) {
            return "NOT_KNOWN";
        }
        if (a.dueToLapse().isBefore(TODAY)) {
            return "LAPSED";
        }
        return a.neetStart() != null ? "NEET" : "EET";
    }

    private static double share(Map<String, Integer> kinds, String kind, int n) {
        return kinds.getOrDefault(kind, 0) / (double) n;
    }

    private static int academicAge(LocalDate dob) {
        return Period.between(dob, LocalDate.of(2026, 8, 31)).getYears();
    }
}
