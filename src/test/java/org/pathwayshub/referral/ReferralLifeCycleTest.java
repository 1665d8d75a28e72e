package org.pathwayshub.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pathwayshub.system.MappingFileException;

class ReferralLifeCycleTest {

    private static ReferralLifeCycle shipped() throws Exception {
        return ReferralLifeCycle.read(Files.newInputStream(Path.of(ReferralLifeCycle.FILE)), ReferralLifeCycle.FILE);
    }

    private static ReferralLifeCycle read(String yaml) {
        return ReferralLifeCycle.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "life-cycle.yaml");
    }

    @Test
    void aReferralCanBeFollowedFromReceivedThroughEachFollowUpCheckpoint() throws Exception {
        ReferralLifeCycle cycle = shipped();
        cycle.check("RECEIVED", "ACCEPTED", Map.of());
        cycle.check("ACCEPTED", "CONTACT_MADE", Map.of("when", "2026-12-07T10:30", "who", "A. Adviser"));
        cycle.check("CONTACT_MADE", "APPOINTMENT_BOOKED", Map.of("when", "2026-12-09T14:00", "where", "Library", "who", "A. Adviser"));
        cycle.check("APPOINTMENT_BOOKED", "ATTENDED", Map.of());
        assertThat(cycle.check("ATTENDED", "EET_STARTED", Map.of("activityCode", "310", "startDate", "2027-01-04")).outcome())
                .isTrue();
        assertThat(cycle.check("EET_STARTED", "FOLLOWED_UP", Map.of("stillInActivity", "true")).closed())
                .as("followed up again at the next checkpoint").isFalse();
        cycle.check("FOLLOWED_UP", "FOLLOWED_UP", Map.of("stillInActivity", "true"));
        assertThat(cycle.check("FOLLOWED_UP", "NOT_SUSTAINED", Map.of("reason", "NEET again")).outcome()).isTrue();
        cycle.check("NOT_SUSTAINED", "CONTACT_MADE", Map.of("when", "2027-09-01T10:00", "who", "A. Adviser"));
        assertThatThrownBy(() -> cycle.check("EET_STARTED", "NOT_SUSTAINED", Map.of()))
                .hasMessageContaining("reason");
    }

    @Test
    void aMoveTheLifeCycleDoesNotAllowIsAConflictSayingWhereItCanGo() throws Exception {
        ReferralLifeCycle cycle = shipped();
        assertThatThrownBy(() -> cycle.check("RECEIVED", "ATTENDED", Map.of()))
                .isInstanceOfSatisfying(ReferralLifeCycle.Refused.class, e -> assertThat(e.conflict()).isTrue())
                .hasMessageContaining("cannot become ATTENDED").hasMessageContaining("ACCEPTED, DECLINED");
        assertThatThrownBy(() -> cycle.check("DECLINED", "ACCEPTED", Map.of()))
                .isInstanceOfSatisfying(ReferralLifeCycle.Refused.class, e -> assertThat(e.conflict()).isTrue())
                .hasMessageContaining("closes it");
        assertThatThrownBy(() -> cycle.check("RECEIVED", "ON_HOLD", Map.of()))
                .isInstanceOfSatisfying(ReferralLifeCycle.Refused.class, e -> assertThat(e.conflict()).isFalse())
                .hasMessageContaining("state: expected one of");
    }

    @Test
    void anEventWithoutWhatItsStateNeedsIsRefusedNamingIt() throws Exception {
        ReferralLifeCycle cycle = shipped();
        assertThatThrownBy(() -> cycle.check("RECEIVED", "DECLINED", Map.of()))
                .isInstanceOfSatisfying(ReferralLifeCycle.Refused.class, e -> assertThat(e.conflict()).isFalse())
                .hasMessageStartingWith("reason: DECLINED needs the reason");
        assertThatThrownBy(() -> cycle.check("ACCEPTED", "APPOINTMENT_BOOKED", Map.of("when", "2026-12-09T14:00", "who", "A")))
                .hasMessageStartingWith("where:");
    }

    @Test
    void mistakesInTheFileAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("states:\n  RECEIVED: { to: [ACCEPTED] }\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("states.RECEIVED.to").hasMessageContaining("ACCEPTED");
        assertThatThrownBy(() -> read("states:\n  RECEIVED: { to: [DONE] }\n  DONE: { requires: [shoeSize] }\n"))
                .hasMessageContaining("states.DONE.requires").hasMessageContaining("shoeSize");
        assertThatThrownBy(() -> read("states:\n  ACCEPTED: {}\n")).hasMessageContaining("RECEIVED");
    }
}
