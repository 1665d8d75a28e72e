package org.pathwayshub.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.MappingFileException;

/**
 * The not-known queue's priority, worked out by hand from the weights shipped in mappings/contact/priority.yaml:
 * each part listed with its points, the months since last contact capped, and a mistake in the file named.
 */
class ContactPriorityTest {

    private static final CodeLists CODES = new CodeLists(new HubConfigFiles(new HubProperties()));
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);

    private static ContactPriority shipped() throws IOException {
        return ContactPriority.read(Files.newInputStream(Path.of(ContactPriority.FILE)), ContactPriority.FILE, CODES);
    }

    @Test
    void aLookedAfterSeventeenYearOldWithSendOnRedNotHeardOfForFiveMonthsScoresEachPartAsTheFileSays() throws IOException {
        ContactPriority.Priority p = shipped().score(new ContactPriority.Inputs(QueueReason.NOT_KNOWN, "RED",
                TODAY.minusMonths(5).minusDays(3), 17, List.of("110", "EARLY_HELP"), true), TODAY);
        // not known 20 + RED 30 + 5 months x 2 + age 17 8 + looked after 25 + SEND 15; early help has no weight
        assertThat(p.total()).isEqualTo(108);
        assertThat(p.parts()).extracting(ContactPriority.Part::name, ContactPriority.Part::points).containsExactly(
                Tuple.tuple("reason", 20), Tuple.tuple("risk band", 30),
                Tuple.tuple("since last contact", 10), Tuple.tuple("age", 8),
                Tuple.tuple("characteristic", 25), Tuple.tuple("SEND", 15));
        assertThat(p.parts().get(4).detail()).isEqualTo("110 Looked after / in care");
    }

    @Test
    void monthsSinceLastContactAreCappedAndNeverHeardOfCountsAsTheCap() throws IOException {
        ContactPriority weights = shipped();
        int never = weights.score(new ContactPriority.Inputs(QueueReason.LAPSED, null, null, 19, Set.of(), false), TODAY).total();
        int longAgo = weights.score(new ContactPriority.Inputs(QueueReason.LAPSED, null, TODAY.minusMonths(30), 19, Set.of(),
                false), TODAY).total();
        int today = weights.score(new ContactPriority.Inputs(QueueReason.LAPSED, null, TODAY, 19, Set.of(), false), TODAY).total();
        // lapsed 15 + band NONE 0 + 12 months (the cap) x 2; an age not listed adds nothing
        assertThat(never).isEqualTo(39);
        assertThat(longAgo).isEqualTo(39);
        assertThat(today).isEqualTo(15);
    }

    @Test
    void aLeaverCarerOutranksAGreenNotKnownHeardOfThisMonth() throws IOException {
        ContactPriority weights = shipped();
        int carer = weights.score(new ContactPriority.Inputs(QueueReason.LEAVER_NO_ACTIVITY, null, TODAY.minusMonths(3), 16,
                Set.of("YOUNG_CARER"), false), TODAY).total();
        int green = weights.score(new ContactPriority.Inputs(QueueReason.NOT_KNOWN, "GREEN", TODAY.minusDays(10), 18, Set.of(),
                false), TODAY).total();
        assertThat(carer).isEqualTo(10 + 0 + 6 + 10 + 15);
        assertThat(green).isEqualTo(20 + 5 + 0 + 4);
        assertThat(carer).isGreaterThan(green);
    }

    @Test
    void aYoungPersonWhoAskedForHelpComesFirstAmongEquals() throws IOException {
        ContactPriority weights = shipped();
        int asked = weights.score(new ContactPriority.Inputs(QueueReason.SELF_REFERRED, null, TODAY, 17, Set.of(), false),
                TODAY).total();
        int notKnown = weights.score(new ContactPriority.Inputs(QueueReason.NOT_KNOWN, null, TODAY, 17, Set.of(), false),
                TODAY).total();
        assertThat(asked).isEqualTo(25 + 8);
        assertThat(asked).isGreaterThan(notKnown);
    }

    @Test
    void theReasonsAndTheirWordsComeFromTheFile() throws IOException {
        ContactPriority weights = shipped();
        assertThat(weights.notKnownCodes()).containsExactlyInAnyOrder("810", "820", "830", "150");
        assertThat(weights.leaverAcademicAges()).containsExactlyInAnyOrder(15, 17);
        assertThat(weights.words(QueueReason.LAPSED)).contains("due-to-lapse");
    }

    @Test
    void aMistakeInTheFileNamesTheFileAndTheKey() throws IOException {
        String shipped = Files.readString(Path.of(ContactPriority.FILE));
        assertThat(refusal(shipped.replace("  AMBER: 15", "  AMBER: fifteen")))
                .isEqualTo("priority.yaml: riskBand.AMBER: expected points as a whole number of 0 or more (got 'fifteen')");
        assertThat(refusal(shipped.replace("  \"110\": 25", "  \"999\": 25")))
                .isEqualTo("priority.yaml: characteristics.999: expected a code of mappings/codes/characteristic.yaml");
        assertThat(refusal(shipped.replace("\"810\", \"820\"", "\"811\", \"820\"")))
                .startsWith("priority.yaml: reasons.NOT_KNOWN.activityCodes: expected codes of mappings/codes/activity.yaml (got '811')");
        assertThat(refusal(shipped.replace("sinceLastContact:", "sinceLastTouch:")))
                .isEqualTo("priority.yaml: sinceLastContact: expected pointsPerMonth and capMonths");
        assertThat(refusal(shipped.replace("  LAPSED:", "  LAPSING:")))
                .startsWith("priority.yaml: reasons.LAPSING: expected one of");
    }

    private static String refusal(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ContactPriority.read(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "priority.yaml", CODES));
        assertThat(t).isInstanceOf(MappingFileException.class);
        return t.getMessage();
    }
}
