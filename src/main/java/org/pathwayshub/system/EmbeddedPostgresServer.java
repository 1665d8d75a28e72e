package org.pathwayshub.system;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL 16 server the hub runs when no external database is configured. Its data directory is
 * kept under {@code $HUB_HOME/data/postgres}, so a restart keeps everything stored.
 *
 * <p>After the JVM is killed with {@code kill -9}, the server it started keeps running (pg_ctl detaches it)
 * and holds {@code postmaster.pid}: the next start stops that orphan first instead of failing.
 */
public final class EmbeddedPostgresServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String DATABASE = "hub";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataRoot, int port, Duration startTimeout) throws IOException {
        Path dataDir = dataRoot.resolve("postgres");
        Path binaries = dataRoot.resolve("postgres-binaries");
        Files.createDirectories(binaries);
        stopOrphanedServer(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                // Spring closes the server after Camel and the connection pool have stopped
                .setRegisterShutdownHook(false)
                .setPGStartupWait(startTimeout)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100")
                .setServerConfig("synchronous_commit", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        long started = System.nanoTime();
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL started on port {} with data in {} ({} ms)", postgres.getPort(), dataDir,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        server.createHubDatabase();
        return server;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    public String user() {
        return "postgres";
    }

    private void createHubDatabase() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database " + DATABASE + " encoding 'UTF8' template template0");
        } catch (SQLException e) {
            throw new IOException("cannot create the hub database in the embedded PostgreSQL server", e);
        }
    }

    /**
     * If {@code postmaster.pid} names a live postgres process for this data directory, it is a server left
     * behind by a killed hub: ask it to stop (SIGTERM, a fast shutdown for the postmaster) and wait for it.
     */
    static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            Files.deleteIfExists(pidFile);
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isPostgres(pid)) {
            // the process is gone (or the pid was reused): the lock file is stale
            Files.deleteIfExists(pidFile);
            return;
        }
        log.warn("A PostgreSQL server (pid {}) left running by an earlier hub holds {}; stopping it", pid, dataDir);
        ProcessHandle handle = process.get();
        handle.destroy();
        try {
            handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("PostgreSQL server (pid {}) did not stop within 30 s; killing it", pid);
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                throw new IOException("cannot stop the PostgreSQL server (pid " + pid + ") that holds " + dataDir);
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static boolean isPostgres(long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        try {
            if (Files.exists(cmdline)) {
                return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains("postgres");
            }
        } catch (IOException e) {
            return false;
        }
        return ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.contains("postgres")).orElse(false);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        log.info("Embedded PostgreSQL stopped");
    }
}
