package org.pathwayshub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server lets in only the hub: a local user who knows the port cannot read the young people's data
 * without the generated password, whether the data directory is new or was made by a hub that trusted everyone;
 * killed while the hub runs, it is started again.
 */
class EmbeddedPostgresServerTest {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    void aNewServerAsksEveryConnectionForTheGeneratedPassword() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(root, 0, START)) {
            String url = tcpUrl(server);
            assertRefused(url, "");
            assertRefused(url, "postgres");
            Path file = root.resolve(EmbeddedPostgresServer.PASSWORD_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String password = Files.readString(file, StandardCharsets.UTF_8).trim();
            assertThat(password).hasSizeGreaterThanOrEqualTo(24).isEqualTo(server.password());
            assertThat(selectOne(url, password)).isEqualTo(1);
            assertThat(Files.readString(root.resolve("postgres/pg_hba.conf"))).doesNotContainPattern("(?m)^[^#].*\\strust\\s*$");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        }
        // the same password at the next start
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(root, 0, START)) {
            assertThat(selectOne(tcpUrl(again), Files.readString(root.resolve(EmbeddedPostgresServer.PASSWORD_FILE)).trim()))
                    .isEqualTo(1);
        }
    }

    @Test
    void aDataDirectoryThatTrustedLocalConnectionsIsClosedAtTheNextStart() throws Exception {
        Path binaries = Files.createDirectories(root.resolve("postgres-binaries"));
        try (EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(root.resolve("postgres"))
                .setCleanDataDirectory(false).setOverrideWorkingDirectory(binaries.toFile()).start()) {
            assertThat(selectOne("jdbc:postgresql://127.0.0.1:" + trusting.getPort() + "/postgres", "")).isEqualTo(1);
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(root, 0, START)) {
            assertRefused(tcpUrl(server), "");
            assertThat(selectOne(tcpUrl(server), server.password())).isEqualTo(1);
        }
    }

    @Test
    void aServerKilledWhileTheHubRunsIsStartedAgain() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(root, 0, START)) {
            String url = tcpUrl(server);
            long first = postmaster();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            long end = System.currentTimeMillis() + 90_000;
            Integer answer = null;
            while (answer == null && System.currentTimeMillis() < end) {
                Thread.sleep(500);
                try {
                    answer = selectOne(url, server.password());
                } catch (SQLException notYet) {
                    // still down, or starting
                }
            }
            Path restartLog = root.resolve("postgres-restart.log");
            assertThat(answer).as("the server answers again within 90 s of being killed; pg_ctl's log: %s",
                    Files.exists(restartLog) ? Files.readString(restartLog) : "none").isEqualTo(1);
            assertThat(postmaster()).isNotEqualTo(first);
        }
        assertThat(root.resolve("postgres/postmaster.pid")).as("closing stops the restarted server").doesNotExist();
    }

    @Test
    void onlyTrustingRulesChange() {
        assertThat(EmbeddedPostgresServer.withPassword("host    all    all    127.0.0.1/32    trust"))
                .isEqualTo("host    all    all    127.0.0.1/32    scram-sha-256");
        assertThat(EmbeddedPostgresServer.withPassword("local   all    all    trust   # the socket"))
                .isEqualTo("local   all    all    scram-sha-256   # the socket");
        assertThat(EmbeddedPostgresServer.withPassword("# \"trust\" trusts everyone")).startsWith("# \"trust\"");
        assertThat(EmbeddedPostgresServer.withPassword("host all trustees 10.0.0.0/8 md5")).endsWith("md5");
    }

    private String tcpUrl(EmbeddedPostgresServer server) {
        return server.jdbcUrl().replaceFirst("localhost", "127.0.0.1").replaceFirst("\\?.*$", "");
    }

    private long postmaster() throws Exception {
        return Long.parseLong(Files.readAllLines(root.resolve("postgres/postmaster.pid")).get(0).trim());
    }

    private static void assertRefused(String url, String password) {
        assertThatThrownBy(() -> selectOne(url, password)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("refused: %s", e.getMessage())
                        .isIn("28P01", "08004"));
    }

    private static int selectOne(String url, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
