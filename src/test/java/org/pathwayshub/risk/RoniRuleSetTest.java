package org.pathwayshub.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.pathwayshub.risk.Condition.ActivitySpell;
import org.pathwayshub.risk.Condition.AnyOf;
import org.pathwayshub.risk.Condition.AttendanceBelow;
import org.pathwayshub.risk.Condition.CharacteristicHeld;
import org.pathwayshub.risk.Condition.Eal;
import org.pathwayshub.risk.Condition.FreeSchoolMeals;
import org.pathwayshub.risk.Condition.LevelOfNeed;
import org.pathwayshub.risk.Condition.PermanentExclusion;
import org.pathwayshub.risk.Condition.SchoolFlagHeld;
import org.pathwayshub.risk.Condition.SenProvision;
import org.pathwayshub.risk.Condition.Suspension;
import org.pathwayshub.risk.RoniRuleSet.Bands;
import org.pathwayshub.risk.RoniRuleSet.Indicator;
import org.pathwayshub.system.MappingFileException;

/**
 * RONI rule sets are the LA's data: the shipped default is exactly the table in docs/roni.md, the extended
 * set is that table plus six more indicators, every code they name is in mappings/codes/, and a file the hub
 * cannot use exactly as written is refused with the file and the key that is wrong.
 */
class RoniRuleSetTest {

    private static final String DEFAULT = RoniRuleSet.DEFAULT_FILE;
    private static final String EXTENDED = "mappings/risk/roni-extended.yaml";

    private static RoniRuleSet readFile(String file) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return RoniRuleSet.read(in, file);
        }
    }

    private static RoniRuleSet read(String yaml) {
        return RoniRuleSet.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), DEFAULT);
    }

    private static String shipped() throws Exception {
        return Files.readString(Path.of(DEFAULT));
    }

    /** The shipped default with one piece of text changed (which must be there). */
    private static String shippedWith(String text, String replacement) throws Exception {
        String yaml = shipped();
        assertThat(yaml).as("the shipped file has " + text).contains(text);
        return yaml.replaceFirst(java.util.regex.Pattern.quote(text), java.util.regex.Matcher.quoteReplacement(replacement));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String yaml, String key) {
        return assertThatThrownBy(() -> read(yaml))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(DEFAULT + ": " + key + ": expected ");
    }

    private static Indicator indicator(String id, String label, int points, Condition condition) {
        return new Indicator(id, label, points, condition, null);
    }

    private static final List<Indicator> RONI_MD_TABLE = List.of(
            indicator("eal", "English as an additional language", 1, new Eal()),
            indicator("ehc-plan", "EHC plan (current)", 2, new SenProvision(Set.of("E"))),
            indicator("sen-support", "SEN support (current)", 1, new SenProvision(Set.of("K"))),
            indicator("attendance-below-90", "Attendance below 90% over the last 6 months", 1,
                    new AttendanceBelow(new BigDecimal("90"), 6)),
            new Indicator("attendance-below-85", "Attendance below 85% over the last 6 months", 2,
                    new AttendanceBelow(new BigDecimal("85"), 6), "attendance-below-90"),
            indicator("suspension-last-year", "Any suspension (fixed-term exclusion) last academic year", 1,
                    new Suspension(Window.LAST_ACADEMIC_YEAR)),
            new Indicator("permanent-exclusion-last-year", "Permanent exclusion last academic year", 2,
                    new PermanentExclusion(Window.LAST_ACADEMIC_YEAR), "suspension-last-year"),
            indicator("educated-away-from-school", "Educated away from school premises (alternative provision, hospital school, home)", 1,
                    new AnyOf(List.of(new CharacteristicHeld(Set.of("200"), Window.CURRENT), new ActivitySpell(Set.of("120"), Window.CURRENT)))),
            indicator("looked-after", "Looked after in the last 12 months", 2, new CharacteristicHeld(Set.of("110"), Window.months(12))),
            indicator("early-help", "Early help assessment at any time", 2, new CharacteristicHeld(Set.of("EARLY_HELP"), Window.EVER)),
            indicator("pregnant-or-young-parent", "Pregnant or young parent", 2,
                    new CharacteristicHeld(Set.of("180", "120", "190"), Window.CURRENT)),
            indicator("free-school-meals", "Free school meals in the last 12 months", 2, new FreeSchoolMeals(12)),
            indicator("young-carer", "Young carer", 2, new CharacteristicHeld(Set.of("YOUNG_CARER", "140"), Window.CURRENT)),
            indicator("custody", "In custody in the last 12 months", 2, new AnyOf(List.of(
                    new CharacteristicHeld(Set.of("CUSTODY"), Window.months(12)),
                    new ActivitySpell(Set.of("130", "710"), Window.months(12))))),
            indicator("youth-justice", "Youth justice involvement in the last 12 months", 2,
                    new CharacteristicHeld(Set.of("170"), Window.months(12))));

    @Test
    void theDefaultSetIsTheTableInRoniMd() throws Exception {
        RoniRuleSet rules = readFile(DEFAULT);
        assertThat(rules.id()).isEqualTo("roni-default");
        assertThat(rules.version()).isEqualTo("2025.1");
        assertThat(rules.description()).contains("Years 8 to 11");
        assertThat(rules.ncYears()).containsExactly(8, 9, 10, 11);
        assertThat(rules.bands()).isEqualTo(new Bands(4, 2, 1));
        assertThat(rules.indicators()).containsExactlyElementsOf(RONI_MD_TABLE);
        assertThat(RoniRuleSet.defaults()).as("the copy in the jar").isEqualTo(rules);
    }

    @Test
    void theExtendedSetIsTheDefaultPlusFiveIndicatorsUnderItsOwnVersion() throws Exception {
        RoniRuleSet rules = readFile(EXTENDED);
        assertThat(rules.id()).isEqualTo("roni-extended");
        assertThat(rules.version()).isEqualTo("2025.3");
        assertThat(rules.ncYears()).containsExactly(8, 9, 10, 11);
        assertThat(rules.bands()).isEqualTo(new Bands(4, 2, 1));
        assertThat(rules.indicators().subList(0, RONI_MD_TABLE.size())).containsExactlyElementsOf(RONI_MD_TABLE);
        assertThat(rules.indicators().subList(RONI_MD_TABLE.size(), rules.indicators().size())).containsExactly(
                indicator("care-leaver", "Care leaver", 2, new CharacteristicHeld(Set.of("160"), Window.EVER)),
                indicator("child-in-need", "Child in need or child protection plan in the last 12 months", 2,
                        new CharacteristicHeld(Set.of("CHILD_IN_NEED"), Window.months(12))),
                indicator("substance-misuse", "Disclosed substance misuse in the last 12 months", 2,
                        new CharacteristicHeld(Set.of("150"), Window.months(12))),
                new Indicator("home-education", "Educated at home", 2, new ActivitySpell(Set.of("120"), Window.CURRENT),
                        "educated-away-from-school"),
                indicator("level-of-need-1", "NCCIS level of need 1 (intensive support)", 2, new LevelOfNeed(Set.of("1"))),
                indicator("school-flag-disengaging", "School flag - disengaging from learning", 2,
                        new SchoolFlagHeld(Set.of("DISENGAGING"), Window.CURRENT)));
    }

    @Test
    void everyCodeTheShippedSetsNameIsInTheHubsCodeLists() throws Exception {
        Set<String> characteristics = codes("characteristic");
        Set<String> activities = codes("activity");
        Set<String> senProvision = codes("sen-provision");
        Set<String> levelsOfNeed = codes("level-of-need");
        Set<String> schoolFlags = codes("school-flag");
        for (String file : List.of(DEFAULT, EXTENDED)) {
            for (Condition condition : conditions(readFile(file).indicators())) {
                if (condition instanceof CharacteristicHeld c) {
                    assertThat(characteristics).as(file).containsAll(c.codes());
                } else if (condition instanceof ActivitySpell a) {
                    assertThat(activities).as(file).containsAll(a.codes());
                } else if (condition instanceof SenProvision s) {
                    assertThat(senProvision).as(file).containsAll(s.codes());
                } else if (condition instanceof LevelOfNeed l) {
                    assertThat(levelsOfNeed).as(file).containsAll(l.values());
                } else if (condition instanceof SchoolFlagHeld f) {
                    assertThat(schoolFlags).as(file).containsAll(f.codes());
                }
            }
        }
    }

    private static Set<String> codes(String list) throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Path.of("mappings/codes/" + list + ".yaml").toFile());
        Set<String> codes = new TreeSet<>();
        root.path("codes").fieldNames().forEachRemaining(codes::add);
        assertThat(codes).as(list).isNotEmpty();
        return codes;
    }

    private static List<Condition> conditions(List<Indicator> indicators) {
        List<Condition> all = new ArrayList<>();
        for (Indicator i : indicators) {
            all.add(i.condition());
            if (i.condition() instanceof AnyOf any) {
                all.addAll(any.conditions());
            }
        }
        return all;
    }

    @Test
    void aScoreAtOrAboveABandsNumberIsInThatBand() {
        Bands bands = new Bands(4, 2, 1);
        assertThat(List.of(0, 1, 2, 3, 4, 5, 22).stream().map(bands::bandFor).toList())
                .containsExactly(Band.NONE, Band.GREEN, Band.AMBER, Band.AMBER, Band.RED, Band.RED, Band.RED);
    }

    @Test
    void refusesAKeyItDoesNotKnowSuchAsATypo() throws Exception {
        assertRefused(shipped() + "\nowner: data team\n", "owner").hasMessageContaining("ruleSet, version, description");
        assertRefused(shippedWith("percent: 85", "percnt: 85"), "indicators[attendance-below-85].percnt")
                .hasMessageContaining("percent").hasMessageContaining("percnt is not one");
        assertRefused(shippedWith("kind: eal", "kind: eal\n    codes: [E]"), "indicators[eal].codes")
                .hasMessageContaining("codes is not one");
        assertRefused(shippedWith("codes: [\"130\", \"710\"], window: {months: 12}", "codes: [\"130\", \"710\"], window: {weeks: 12}"),
                "indicators[custody].anyOf[item 2].window.weeks");
        assertRefused(shippedWith("appliesTo:\n  ncYears:", "appliesTo:\n  years:"), "appliesTo.years");
    }

    @Test
    void refusesAKindItDoesNotKnow() throws Exception {
        assertRefused(shippedWith("kind: fsm", "kind: freeSchoolMeals"), "indicators[free-school-meals].kind")
                .hasMessageContaining("got 'freeSchoolMeals'")
                .hasMessageContaining("eal, senProvision, attendanceBelow, suspension, permanentExclusion, fsm, characteristic, activity, levelOfNeed");
        assertRefused(shippedWith("{kind: activity, codes: [\"120\"]", "{kind: activities, codes: [\"120\"]"),
                "indicators[educated-away-from-school].anyOf[item 2].kind");
        assertRefused(shippedWith("    kind: eal\n", ""), "indicators[eal].kind").hasMessageContaining("both are missing");
        assertRefused(shippedWith("    kind: eal\n", "    kind: eal\n    anyOf: [{kind: eal}]\n"), "indicators[eal].kind")
                .hasMessageContaining("not both");
    }

    @Test
    void refusesAnIndicatorWithoutAParameterItsKindNeeds() throws Exception {
        assertRefused(shippedWith("    months: 12\n", ""), "indicators[free-school-meals].months").hasMessageContaining("missing");
        assertRefused(shippedWith("    codes: [E]\n", ""), "indicators[ehc-plan].codes").hasMessageContaining("missing");
        assertRefused(shippedWith("    percent: 90\n", ""), "indicators[attendance-below-90].percent");
        assertRefused(shippedWith("    window: lastAcademicYear\n", ""), "indicators[suspension-last-year].window");
        assertRefused(shippedWith("    label: Young carer\n", ""), "indicators[young-carer].label");
        assertRefused(shippedWith("    points: 1\n    kind: eal\n", "    kind: eal\n"), "indicators[eal].points");
    }

    @Test
    void refusesAParameterThatIsNotWhatItsKindTakes() throws Exception {
        assertRefused(shippedWith("window: lastAcademicYear", "window: current"), "indicators[suspension-last-year].window")
                .hasMessageContaining("one of lastAcademicYear or {months: N} for this kind (got 'current')");
        assertRefused(shippedWith("window: ever", "window: always"), "indicators[early-help].window")
                .hasMessageContaining("got 'always'");
        assertRefused(shippedWith("percent: 90", "percent: 190"), "indicators[attendance-below-90].percent");
        assertRefused(shippedWith("percent: 90", "percent: 90%"), "indicators[attendance-below-90].percent")
                .hasMessageContaining("without the % sign");
        assertRefused(shippedWith("months: 6", "months: 0"), "indicators[attendance-below-90].months");
        assertRefused(shippedWith("points: 1\n    kind: eal", "points: 1.5\n    kind: eal"), "indicators[eal].points")
                .hasMessageContaining("a whole number");
        assertRefused(shippedWith("codes: [E]", "codes: E"), "indicators[ehc-plan].codes");
        assertRefused(shippedWith("codes: [\"180\", \"120\", \"190\"]", "codes: [\"180\", \"120\", \"180\"]"),
                "indicators[pregnant-or-young-parent].codes").hasMessageContaining("180 is listed twice");
    }

    @Test
    void refusesAReplacesThatNamesNoOtherIndicator() throws Exception {
        assertRefused(shippedWith("replaces: attendance-below-90", "replaces: attendance-below-95"), "indicators[attendance-below-85].replaces")
                .hasMessageContaining("got 'attendance-below-95'")
                .hasMessageContaining("attendance-below-90");
        assertRefused(shippedWith("replaces: attendance-below-90", "replaces: attendance-below-85"), "indicators[attendance-below-85].replaces");
    }

    @Test
    void refusesIndicatorsThatReplaceEachOtherInACircle() throws Exception {
        assertRefused(shippedWith("    percent: 90\n", "    percent: 90\n    replaces: attendance-below-85\n"),
                "indicators[attendance-below-90].replaces")
                .hasMessageContaining("attendance-below-90 replaces attendance-below-85 replaces attendance-below-90");
    }

    @Test
    void refusesTwoIndicatorsWithOneId() throws Exception {
        assertRefused(shippedWith("id: sen-support", "id: ehc-plan"), "indicators[ehc-plan].id").hasMessageContaining("ehc-plan is used twice");
        assertRefused(shippedWith("id: eal", "id: EAL"), "indicators[item 1].id").hasMessageContaining("lower-case letters");
    }

    @Test
    void refusesBandsOutOfOrder() throws Exception {
        assertRefused(shippedWith("{RED: 4, AMBER: 2, GREEN: 1}", "{RED: 2, AMBER: 2, GREEN: 1}"), "bands.AMBER")
                .hasMessageContaining("fewer points than RED (2)");
        assertRefused(shippedWith("{RED: 4, AMBER: 2, GREEN: 1}", "{RED: 4, AMBER: 2, GREEN: 3}"), "bands.GREEN")
                .hasMessageContaining("fewer points than AMBER (2)");
        assertRefused(shippedWith("{RED: 4, AMBER: 2, GREEN: 1}", "{RED: 4, AMBER: 2, GREEN: 0}"), "bands.GREEN")
                .hasMessageContaining("at least 1");
        assertRefused(shippedWith("{RED: 4, AMBER: 2, GREEN: 1}", "{RED: 4, AMBER: 2}"), "bands.GREEN").hasMessageContaining("missing");
        assertRefused(shippedWith("{RED: 4, AMBER: 2, GREEN: 1}", "{RED: 4, AMBER: 2, GREEN: 1, PURPLE: 9}"), "bands.PURPLE");
    }

    @Test
    void refusesAVersionWrittenAsANumber() throws Exception {
        assertRefused(shippedWith("version: \"2025.1\"", "version: 2025.10"), "version").hasMessageContaining("in quotes");
    }

    @Test
    void refusesAMissingOrEmptySection() throws Exception {
        assertRefused(shippedWith("ruleSet: roni-default\n", ""), "ruleSet").hasMessageContaining("missing");
        assertRefused(shippedWith("appliesTo:\n  ncYears: [8, 9, 10, 11]\n", ""), "appliesTo").hasMessageContaining("missing");
        assertRefused(shippedWith("ncYears: [8, 9, 10, 11]", "ncYears: [8, 9, 10, 11, 11]"), "appliesTo.ncYears");
        assertRefused(shipped().substring(0, shipped().indexOf("indicators:")) + "indicators: []\n", "indicators")
                .hasMessageContaining("at least one");
    }

    @Test
    void refusesAKeyWrittenTwiceNamingTheLine() throws Exception {
        String twice = shippedWith("    points: 2\n    kind: senProvision\n", "    points: 2\n    points: 3\n    kind: senProvision\n");
        int line = twice.substring(0, twice.indexOf("    points: 3")).split("\n").length + 1;
        assertRefused(twice, "line " + line + ", points").hasMessageContaining("points is written twice");
    }

    @Test
    void refusesAFileThatIsNotAMap() {
        assertThatThrownBy(() -> read("- eal\n- fsm\n"))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(DEFAULT + ": expected a map with ruleSet, version");
    }
}
