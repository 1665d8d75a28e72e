package org.pathwayshub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.testdata.CurrentActivity;
import org.pathwayshub.testdata.NameVariants;
import org.pathwayshub.testdata.NccisXmlFile;
import org.pathwayshub.testdata.YoungPerson;
import org.pathwayshub.testdata.YoungPersonCohort;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The headline measures (docs/nccis.md#headline-measures) of a generated cohort led by LA 885, against answers worked
 * out here from what the generator sent: NEET and not-known rates at a month end, their December to February average,
 * participation at the end of March and the Year 11 September Guarantee offer rate (of this year's Year 11).
 */
@SuppressWarnings("unchecked")
class HeadlineMeasuresIT extends HubIntegrationTest {

    private static final LocalDate PERIOD_END = YoungPersonCohort.AS_AT;
    private static final long SEED = 7008;
    private static final String LA = "885";

    @Autowired
    CodeLists codeLists;

    @Test
    void theMeasuresMatchTheAnswersWorkedOutFromTheCohort() throws Exception {
        List<YoungPerson> people = SeparateCohort.of(200, SEED, LA);
        SeparateCohort.assertUnknownToTheHub(api(), people);
        Path file = tempFile("nccis-885.xml");
        new NccisXmlFile(PERIOD_END, LA, LA, SEED).write(people, NameVariants.unchanged(), file,
                NccisXmlFile.Options.asSpecified(), List.of());
        assertThat(dropAndWait("nccis-xml", "nccis-885.xml", file).stored()).isEqualTo(people.size());

        int year = PERIOD_END.getYear();
        Map<String, Object> answer = api().getForObject("/api/measures?academicYear=" + year + "&la=" + LA + "&by=la", Map.class);
        assertThat(answer.get("academicYear")).isEqualTo(year + "/" + String.valueOf(year + 1).substring(2));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) answer.get("groups");
        assertThat(groups).extracting(g -> g.get("key")).containsExactly(LA);
        Map<String, Object> la = groups.get(0);
        List<Map<String, Object>> months = (List<Map<String, Object>>) la.get("months");
        assertThat(months).extracting(m -> m.get("month")).hasSize(12).startsWith(year + "-09").endsWith((year + 1) + "-08");

        List<YoungPerson> cohort = people.stream().filter(p -> p.academicAge() == 16 || p.academicAge() == 17).toList();
        for (String month : List.of(year + "-10", year + "-12", (year + 1) + "-01", (year + 1) + "-02")) {
            LocalDate day = java.time.YearMonth.parse(month).atEndOfMonth();
            Map<String, Object> m = months.stream().filter(x -> month.equals(x.get("month"))).findFirst().orElseThrow();
            assertThat(m.get("cohort")).as(month).isEqualTo(cohort.size());
            assertThat(m.get("neet")).as("%s NEET", month).isEqualTo((int) cohort.stream().filter(p -> state(p, day).equals("neet")).count());
            assertThat(m.get("notKnown")).as("%s not known", month)
                    .isEqualTo((int) cohort.stream().filter(p -> state(p, day).equals("not-known")).count());
        }
        BigDecimal neetAverage = List.of(year + "-12", (year + 1) + "-01", (year + 1) + "-02").stream()
                .map(month -> months.stream().filter(x -> month.equals(x.get("month"))).findFirst().orElseThrow())
                .map(m -> new BigDecimal(String.valueOf(m.get("neetRate")))).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(3), 1, RoundingMode.HALF_UP);
        assertThat(new BigDecimal(String.valueOf(la.get("neetRateDecToFeb")))).isEqualByComparingTo(neetAverage);

        LocalDate endOfMarch = LocalDate.of(year + 1, 3, 31);
        Map<String, Object> march = (Map<String, Object>) la.get("participationEndOfMarch");
        assertThat(march.get("cohort")).isEqualTo(cohort.size());
        assertThat(march.get("count")).isEqualTo((int) cohort.stream().filter(p -> state(p, endOfMarch).equals("eet")).count());

        CodeList guarantee = codeLists.get("guarantee-status");
        List<YoungPerson> leavers = people.stream().filter(p -> p.academicAge() == 15).toList();
        Map<String, Object> offer = (Map<String, Object>) la.get("guaranteeOfferYear11");
        assertThat(offer.get("cohort")).isEqualTo(leavers.size());
        assertThat(offer.get("count")).isEqualTo((int) leavers.stream().map(p -> CurrentActivity.of(p, PERIOD_END, SEED).year11())
                .filter(y -> y != null && Boolean.TRUE.equals(guarantee.attribute(y.guaranteeStatus(), "offer"))).count());
        assertThat((Integer) offer.get("count")).as("the cohort has offers to count").isPositive();

        // by characteristic: each young person counts under every NCCIS characteristic they hold, or under "none"
        Map<String, Object> byCharacteristic = api().getForObject("/api/measures?academicYear=" + year + "&la=" + LA
                + "&by=characteristic", Map.class);
        Map<String, Integer> expected = new java.util.TreeMap<>();
        for (YoungPerson p : cohort) {
            List<String> held = CurrentActivity.of(p, PERIOD_END, SEED).characteristics();
            for (String c : held.isEmpty() ? List.of("none") : held) {
                expected.merge(c, 1, Integer::sum);
            }
        }
        Map<String, Integer> octoberCohorts = new java.util.TreeMap<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) byCharacteristic.get("groups")) {
            ((List<Map<String, Object>>) g.get("months")).stream().filter(m -> (year + "-10").equals(m.get("month")))
                    .forEach(m -> octoberCohorts.put((String) g.get("key"), (Integer) m.get("cohort")));
        }
        assertThat(octoberCohorts).isEqualTo(expected);
        assertThat(expected.keySet()).as("the cohort holds characteristics").hasSizeGreaterThan(1);

        // by school: this NCCIS-only cohort has no census school
        Map<String, Object> bySchool = api().getForObject("/api/measures?academicYear=" + year + "&la=" + LA + "&by=school",
                Map.class);
        assertThat((List<Map<String, Object>>) bySchool.get("groups")).extracting(g -> g.get("key"))
                .containsExactly("no census school");
        assertThat(api().getForEntity("/api/measures?by=postcode", String.class).getStatusCode().value()).isEqualTo(400);
    }

    /** What the young person counts as on the day: neet, not-known (none, 8xx or lapsed), eet or other. */
    private String state(YoungPerson p, LocalDate day) {
        CurrentActivity a = CurrentActivity.of(p, PERIOD_END, SEED);
        CodeList activity = codeLists.get("activity");
        if (a.activityCode() == null || a.startDate() == null || a.startDate().isAfter(day)) {
            return "not-known";
        }
        boolean lapsed = a.currencyLapsed() || (a.dueToLapseDate() != null && a.dueToLapseDate().isBefore(day));
        Object group = activity.attribute(a.activityCode(), "group");
        if (lapsed || "not-known".equals(group)) {
            return "not-known";
        }
        if ("neet".equals(group)) {
            return "neet";
        }
        return Boolean.TRUE.equals(activity.attribute(a.activityCode(), "eet")) ? "eet" : "other";
    }
}
