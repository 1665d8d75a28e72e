package org.pathwayshub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.MappingFileException;

/** mappings/access/roles.yaml: each role reaches its paths and no others; a mistake names its key. */
class RolesTest {

    private static Roles shipped() {
        HubProperties hub = new HubProperties();
        hub.setConfigLocation("file:" + java.nio.file.Path.of("").toAbsolutePath() + "/");
        return new Roles(new HubConfigFiles(hub));
    }

    private static JsonNode yaml(String text) throws Exception {
        return HubConfigFiles.YAML.readTree(text);
    }

    @Test
    void eachShippedRoleReachesItsPartOfTheApiOnly() {
        Roles roles = shipped();
        assertThat(roles.names()).containsExactlyInAnyOrder("ADMIN", "OPS", "DATA_TEAM", "TRACKING", "PARTNER");
        assertThat(roles.allows(List.of("ADMIN"), "/api/users")).isTrue();
        assertThat(roles.allows(List.of("OPS"), "/api/feeds/school-census/runs")).isTrue();
        assertThat(roles.allows(List.of("OPS"), "/api/young-people")).isFalse();
        assertThat(roles.allows(List.of("OPS"), "/api/users")).isFalse();
        assertThat(roles.allows(List.of("DATA_TEAM"), "/api/young-people/0190-abc/risk")).isTrue();
        assertThat(roles.allows(List.of("DATA_TEAM"), "/api/jobs/risk-rescore/run")).isFalse();
        assertThat(roles.allows(List.of("TRACKING"), "/api/contact-queue/0190-abc/attempts")).isTrue();
        assertThat(roles.allows(List.of("TRACKING"), "/contact-queue")).isTrue();
        assertThat(roles.allows(List.of("TRACKING"), "/api/young-people/0190-abc")).isTrue();
        assertThat(roles.allows(List.of("TRACKING"), "/api/young-people/0190-abc/risk/review")).as("reads, not reviews").isFalse();
        assertThat(roles.allows(List.of("TRACKING"), "/api/feeds")).isFalse();
        assertThat(roles.allows(List.of("PARTNER"), "/api/referrals")).isTrue();
        assertThat(roles.allows(List.of("PARTNER"), "/api/feeds")).isFalse();
        assertThat(roles.allows(List.of("OPS", "PARTNER"), "/api/referrals")).as("any of the user's roles").isTrue();
        assertThat(roles.allows(List.of("SOMEONE"), "/api/feeds")).as("a role the file does not have").isFalse();
    }

    @Test
    void aFileWithoutAdminIsRefused() throws Exception {
        assertThatThrownBy(() -> Roles.parse(yaml("roles:\n  OPS: { allow: [\"/api/feeds/**\"] }\n")))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("a role ADMIN");
    }

    @Test
    void aPatternThatIsNotAPathIsRefusedNamingItsKey() throws Exception {
        assertThatThrownBy(() -> Roles.parse(yaml("roles:\n  ADMIN: { allow: [\"/**\"] }\n  OPS: { allow: [\"api/feeds\"] }\n")))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith("mappings/access/roles.yaml: roles.OPS.allow[0]: expected a path pattern starting with /");
    }

    @Test
    void aRoleNameThatIsNotInCapitalsOrHasNoPathsIsRefused() throws Exception {
        assertThatThrownBy(() -> Roles.parse(yaml("roles:\n  ADMIN: { allow: [\"/**\"] }\n  ops: { allow: [\"/api/**\"] }\n")))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("roles.ops: expected a role name in capitals");
        assertThatThrownBy(() -> Roles.parse(yaml("roles:\n  ADMIN: { allow: [\"/**\"] }\n  OPS: { description: x }\n")))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("roles.OPS.allow: expected a list");
    }
}
