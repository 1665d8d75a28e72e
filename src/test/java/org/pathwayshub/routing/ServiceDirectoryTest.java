package org.pathwayshub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.pathwayshub.system.MappingFileException;

class ServiceDirectoryTest {

    private static final Set<String> TYPES = Set.of("NEET_STARTED", "RISK_RAISED", "NEET_18_PLUS", "TRANSFER_OUT",
            "REFERRAL_RECEIVED", "NOT_KNOWN", "SEPTEMBER_GUARANTEE_MISSING", "OUTCOME_FOLLOW_UP", "SCHOOL_RISK_PROFILE",
            "REFERRAL_UPDATE", "REFERRAL_OVERDUE", "OFFER_NOT_TAKEN_UP", "WITHDRAWN", "JOB_ENDED");

    private static ServiceDirectory read(String yaml) {
        return ServiceDirectory.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "services.yaml",
                s -> s.replace("{{HOOK_URL}}", "https://hook.example/alerts"), TYPES);
    }

    private static ServiceDirectory shipped() throws Exception {
        return ServiceDirectory.read(Files.newInputStream(Path.of("mappings/routing/services.yaml")), "services.yaml",
                s -> s.replaceAll("\\{\\{[^:}]+:?([^}]*)}}", "$1"), TYPES);
    }

    /** The shipped authority, for coverage by LA. */
    static final class LocalAuthorityHolder {
        static LocalAuthority la() throws Exception {
            return LocalAuthority.read(Files.newInputStream(Path.of("mappings/local-authority.yaml")));
        }
    }

    @Test
    void theShippedDirectoryReadsAndEveryServiceHasAChannelAndFields() throws Exception {
        ServiceDirectory directory = shipped();
        assertThat(directory.all()).isNotEmpty();
        directory.all().forEach(s -> {
            assertThat(ServiceDirectory.CHANNELS).contains(s.channel().type());
            assertThat(ServiceDirectory.FIELDS).containsAll(s.fields());
        });
    }

    @Test
    void recipientsAreTheServicesTakingTheAlertWhoseCoverageFits() throws Exception {
        Recipients recipients = new Recipients(shipped(), LocalAuthorityHolder.la());
        assertThat(recipients.forPerson("NEET_STARTED", new Recipients.Person("NM2 4AB", "9254003", 17)))
                .extracting(Service::id).containsExactlyInAnyOrder("la-tracking", "careers-north");
        assertThat(recipients.forPerson("NEET_STARTED", new Recipients.Person("NM7 4AB", "9254003", 17)))
                .extracting(Service::id).containsExactlyInAnyOrder("la-tracking", "careers-south");
        assertThat(recipients.forPerson("NEET_STARTED", new Recipients.Person("NM7 4AB", null, 21)))
                .as("too old for the careers provider").extracting(Service::id).containsExactly("la-tracking");
        assertThat(recipients.forPerson("RISK_RAISED", new Recipients.Person("NM1 4AB", "9254000", 14)))
                .extracting(Service::id).containsExactlyInAnyOrder("careers-north", "school-9254000-careers");
        assertThat(recipients.forPerson("TRANSFER_OUT", new Recipients.Person("WM3 1AA", null, 17)))
                .extracting(Service::id).containsExactly("westmarsh-tracking");
        assertThat(recipients.named("REFERRAL_RECEIVED", "jcp-northmoor")).extracting(Service::id).containsExactly("jcp-northmoor");
        assertThat(recipients.named("REFERRAL_RECEIVED", "westmarsh-tracking")).as("does not take referrals").isEmpty();
        assertThat(recipients.forSchool("SCHOOL_RISK_PROFILE", "9254000")).extracting(Service::id)
                .containsExactlyInAnyOrder("school-9254000-careers", "jcp-support-for-schools");
    }

    @Test
    void aServicesFieldsKeepTheFilesOrderForItsCsvColumns() {
        List<String> order = List.of("upn", "familyName", "givenName", "dob", "postcode", "school", "ncYear", "riskBand",
                "activity", "reason", "hubId");
        Service s = read("services:\n  - { id: a, alerts: [NEET_STARTED], fields: [" + String.join(", ", order)
                + "], channel: { type: file, format: csv } }\n").all().get(0);
        assertThat(s.fields()).containsExactlyElementsOf(order);
    }

    @Test
    void mistakesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("services:\n  - { id: a, alerts: [NEET_STARTED], fields: [hubId, shoeSize], channel: { type: queue } }\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("services[0].fields").hasMessageContaining("shoeSize");
        assertThatThrownBy(() -> read("services:\n  - { id: a, alerts: [NEET_BEGAN], fields: [hubId], channel: { type: queue } }\n"))
                .hasMessageContaining("services[0].alerts").hasMessageContaining("NEET_BEGAN");
        assertThatThrownBy(() -> read("services:\n  - { id: a, alerts: [], fields: [], channel: { type: pigeon } }\n"))
                .hasMessageContaining("services[0].channel.type");
        assertThatThrownBy(() -> read("services:\n  - { id: a, alerts: [], fields: [], channel: { type: webhook, url: \"{{HOOK_URL}}\" } }\n"))
                .as("a webhook without a secret").hasMessageContaining("services[0].channel.secret");
        assertThatThrownBy(() -> read("services:\n  - { id: a, alerts: [], fields: [], channel: { type: queue } }\n"
                + "  - { id: a, alerts: [], fields: [], channel: { type: queue } }\n")).hasMessageContaining("used twice");
        assertThatThrownBy(() -> read("services:\n  - { id: A b, alerts: [], fields: [], channel: { type: queue } }\n"))
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> read("services:\n  - { id: a, alerts: [NEET_STARTED], digest: [RISK_RAISED], fields: [], channel: { type: queue } }\n"))
                .as("a digest of an alert type the service does not take")
                .hasMessageContaining("services[0].digest").hasMessageContaining("RISK_RAISED");
    }

    @Test
    void aServiceTakesTheAlertTypesItNamesAsADailyDigest() {
        Service s = read("services:\n  - { id: a, alerts: [NEET_STARTED, RISK_RAISED], digest: [RISK_RAISED], fields: [hubId],"
                + " channel: { type: queue } }\n").find("a").orElseThrow();
        assertThat(s.digests("RISK_RAISED")).isTrue();
        assertThat(s.digests("NEET_STARTED")).as("one by one").isFalse();
    }

    @Test
    void channelSettingsComeFromTheEnvironment() {
        ServiceDirectory d = read("services:\n  - { id: hook, alerts: [NEET_STARTED], fields: [hubId], "
                + "channel: { type: webhook, url: \"{{HOOK_URL}}\", secret: s3cret } }\n");
        assertThat(d.find("hook").orElseThrow().channel().target()).isEqualTo("https://hook.example/alerts");
    }
}
