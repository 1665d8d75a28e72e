package org.pathwayshub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.pathwayshub.system.MappingFileException;

/** The follow-up checkpoints as alert-rules.yaml gives them, and what a mistake there says. */
class AlertSettingsTest {

    private static AlertSettings read(String yaml) {
        return AlertSettings.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void checkpointsAreTheMonthsListedInOrderOnceEach() {
        assertThat(read("alerts:\n  OUTCOME_FOLLOW_UP:\n    checkpoints: [12, 3, 6, 3]\n").checkpoints()).containsExactly(3, 6, 12);
    }

    @Test
    void monthsAloneIsOneCheckpointAndNothingGivenIsSix() {
        assertThat(read("alerts:\n  OUTCOME_FOLLOW_UP:\n    months: 9\n").checkpoints()).containsExactly(9);
        assertThat(read("alerts:\n  NEET_STARTED: {}\n").checkpoints()).containsExactly(6);
    }

    @Test
    void aCheckpointThatIsNotAWholeNumberOfMonthsIsRefusedAtStartNamingIt() {
        assertThatThrownBy(() -> read("alerts:\n  OUTCOME_FOLLOW_UP:\n    checkpoints: [3, six]\n"))
                .isInstanceOf(MappingFileException.class)
                .hasMessageContaining("alerts.OUTCOME_FOLLOW_UP.checkpoints").hasMessageContaining("not six");
        assertThatThrownBy(() -> read("alerts:\n  OUTCOME_FOLLOW_UP:\n    checkpoints: []\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("at least one");
    }
}
