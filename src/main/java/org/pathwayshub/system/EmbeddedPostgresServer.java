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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL 16 server the hub runs when no external database is configured. Its data directory is
 * kept under {@code $HUB_HOME/data/postgres}, so a restart keeps everything stored.
 *
 * <p>It listens on the loopback interface only, and every connection, over TCP or its Unix socket, must give the
 * password the hub generated at first start ({@code data/postgres-password}, mode 0600; scram-sha-256). A data
 * directory made by an earlier hub that trusted every local connection is given that password and closed at the
 * next start.
 *
 * <p>After the JVM is killed with {@code kill -9}, the server it started keeps running (pg_ctl detaches it)
 * and holds {@code postmaster.pid}: the next start stops that orphan first instead of failing. If the server
 * itself dies while the hub runs, a watch started with it notices within seconds and starts it again on the same
 * port and data, so the connection pool reconnects and the feeds resume.
 */
public final class EmbeddedPostgresServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String DATABASE = "hub";

    static final String SUPERUSER = "postgres";
    static final String PASSWORD_FILE = "postgres-password";
    private static final String AUTHENTICATION = "scram-sha-256";
    private static final Duration WATCH_EVERY = Duration.ofSeconds(5);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final Path binaries;
    private final Map<String, String> serverConfig;
    private final String password;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "embedded-postgres-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;
    private Path pgCtl;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, Path binaries, Map<String, String> serverConfig,
            String password) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.binaries = binaries;
        this.serverConfig = serverConfig;
        this.password = password;
    }

    public static EmbeddedPostgresServer start(Path dataRoot, int port, Duration startTimeout) throws IOException {
        Path dataDir = dataRoot.resolve("postgres");
        Path binaries = dataRoot.resolve("postgres-binaries");
        Files.createDirectories(binaries);
        HubHome.ownerOnly(dataRoot);
        stopOrphanedServer(dataDir);
        Path passwordFile = dataRoot.resolve(PASSWORD_FILE);
        String password = GeneratedSecret.keptIn(passwordFile);
        Map<String, String> serverConfig = new LinkedHashMap<>();
        serverConfig.put("listen_addresses", "localhost");
        serverConfig.put("max_connections", "100");
        serverConfig.put("synchronous_commit", "on");
        serverConfig.put("password_encryption", AUTHENTICATION);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                // Spring closes the server after Camel and the connection pool have stopped
                .setRegisterShutdownHook(false)
                .setPGStartupWait(startTimeout)
                // a new data directory never trusts anyone: initdb sets the password and the method
                .setLocaleConfig("auth-host", AUTHENTICATION)
                .setLocaleConfig("auth-local", AUTHENTICATION)
                .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
                .setConnectConfig("password", password);
        serverConfig.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        long started = System.nanoTime();
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL started on port {} with data in {} ({} ms)", postgres.getPort(), dataDir,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir, binaries, serverConfig, password);
        server.pgCtl = pgCtlOfRunningServer(dataDir);
        server.closeTrustedAccess();
        server.createHubDatabase();
        server.watch.scheduleWithFixedDelay(server::restartIfDead, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return server;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    /**
     * A data directory made before the hub set a password trusts local connections: give the superuser the
     * generated password, then make every rule in {@code pg_hba.conf} ask for it, and reload.
     */
    private void closeTrustedAccess() throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        List<String> rules = Files.readAllLines(hba, StandardCharsets.UTF_8);
        List<String> closed = rules.stream().map(EmbeddedPostgresServer::withPassword).toList();
        if (closed.equals(rules)) {
            return;
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("set password_encryption = '" + AUTHENTICATION + "'");
            // the password is URL-safe Base64: nothing in it needs quoting
            s.execute("alter role " + SUPERUSER + " password '" + password + "'");
            Files.write(hba, closed, StandardCharsets.UTF_8);
            s.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot set a password on the embedded PostgreSQL server in " + dataDir, e);
        }
        log.warn("The embedded PostgreSQL server in {} trusted every local connection; it now asks for the password in {}",
                dataDir, dataDir.resolveSibling(PASSWORD_FILE));
    }

    /** A pg_hba.conf rule that trusts its connections asks for the password instead; comments and others unchanged. */
    static String withPassword(String rule) {
        String trimmed = rule.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return rule;
        }
        return rule.replaceAll("(?<=\\s)trust(?=\\s*(#.*)?$)", AUTHENTICATION);
    }

    /**
     * The watch: if the postmaster has gone (killed, or crashed) while the hub runs, start it again with the same
     * data, port and settings. Connections the pool held fail once and are replaced.
     */
    private void restartIfDead() {
        if (closing || serverRunning()) {
            return;
        }
        log.warn("The embedded PostgreSQL server in {} has stopped; starting it again on port {}", dataDir, postgres.getPort());
        try {
            Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
            List<String> options = new ArrayList<>(List.of("-p", Integer.toString(postgres.getPort()), "-F"));
            serverConfig.forEach((k, v) -> options.addAll(List.of("-c", k + "=" + v)));
            List<String> command = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                // running as root: PostgreSQL refuses root, so start it as the library does, in a user namespace
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(pgCtl().toString(), "-D", dataDir.toString(), "-o", String.join(" ", options),
                    "-w", "-t", "60", "-l", dataDir.resolveSibling("postgres-restart.log").toString(), "start"));
            Process pgCtl = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!pgCtl.waitFor(90, TimeUnit.SECONDS) || pgCtl.exitValue() != 0) {
                pgCtl.destroyForcibly();
                Path restartLog = dataDir.resolveSibling("postgres-restart.log");
                List<String> said = Files.exists(restartLog) ? Files.readAllLines(restartLog, StandardCharsets.UTF_8) : List.of();
                log.error("The embedded PostgreSQL server did not start again (pg_ctl exit {}; its log {} ends: {}); trying "
                        + "again in {} s", pgCtl.isAlive() ? "timeout" : pgCtl.exitValue(), restartLog,
                        said.isEmpty() ? "nothing" : LogSafe.quoted(said.get(said.size() - 1)), WATCH_EVERY.toSeconds());
                return;
            }
            log.info("The embedded PostgreSQL server is running again on port {}", postgres.getPort());
        } catch (IOException e) {
            log.error("Cannot start the embedded PostgreSQL server again: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean serverRunning() {
        try {
            return postmasterPid(dataDir).filter(EmbeddedPostgresServer::alive).isPresent();
        } catch (IOException | NumberFormatException e) {
            // written as we read it: take it as running and look again next time
            return true;
        }
    }

    /**
     * The postmaster's pid, the first line of {@code postmaster.pid}; empty when the file is missing or blank.
     *
     * @throws NumberFormatException the first line is not a number
     */
    static Optional<Long> postmasterPid(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile, StandardCharsets.UTF_8) : List.of();
        return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    }

    /**
     * Whether the process runs: a postmaster killed while its parent (often init in a container) has not yet reaped it
     * is a zombie, which the JDK still counts as alive.
     */
    static boolean alive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            if (Files.exists(stat)) {
                String line = Files.readString(stat, StandardCharsets.UTF_8);
                int end = line.lastIndexOf(')');
                char state = end > 0 && end + 2 < line.length() ? line.charAt(end + 2) : 'R';
                return state != 'Z' && state != 'X';
            }
        } catch (IOException e) {
            // gone while read
            return false;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * The pg_ctl beside the running server's own program (the library may reuse binaries another start unpacked
     * elsewhere), else the one unpacked under {@code postgres-binaries}.
     */
    private Path pgCtl() throws IOException {
        if (pgCtl != null) {
            return pgCtl;
        }
        try (Stream<Path> installs = Files.list(binaries)) {
            return installs.map(p -> p.resolve("bin/pg_ctl")).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IOException("no pg_ctl under " + binaries));
        }
    }

    private static Path pgCtlOfRunningServer(Path dataDir) {
        try {
            long pid = postmasterPid(dataDir).orElseThrow();
            Path program = Path.of("/proc", Long.toString(pid), "exe").toRealPath();
            Path pgCtl = program.resolveSibling("pg_ctl");
            return Files.isExecutable(pgCtl) ? pgCtl : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
        long pid;
        try {
            Optional<Long> named = postmasterPid(dataDir);
            if (named.isEmpty()) {
                Files.deleteIfExists(pidFile);
                return;
            }
            pid = named.get();
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
        closing = true;
        watch.shutdownNow();
        postgres.close();
        log.info("Embedded PostgreSQL stopped");
    }
}
