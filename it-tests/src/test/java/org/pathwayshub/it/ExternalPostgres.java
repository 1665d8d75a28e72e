package org.pathwayshub.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server as an LA runs one for the hub: Debian's {@code postgresql} package, its own cluster
 * ({@code initdb}) in a folder of the test's, password-only (scram-sha-256) on 127.0.0.1 and a free port, with a
 * database and a login for the hub. It can be stopped as an operator or a crash stops it ({@code pg_ctl stop -m
 * fast} or {@code -m immediate}) and started again on the same port and data.
 *
 * <p>PostgreSQL refuses to run as root: as root, every command runs as Debian's {@code postgres} user
 * ({@code runuser}), which owns the cluster's folder.
 */
final class ExternalPostgres implements AutoCloseable {

    static final String DATABASE = "pathways";
    static final String USER = "hub";

    /** How the server is stopped: as {@code systemctl stop} does, or as a crash of the server would. */
    enum StopMode {
        /** Backends are told to end (their clients see "terminating connection due to administrator command"). */
        FAST,
        /** Every process ends at once, no checkpoint: the next start recovers from the WAL. */
        IMMEDIATE
    }

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final String superuserPassword;
    private final String password;
    private int starts;

    private ExternalPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.superuserPassword = secret();
        this.password = secret();
    }

    /** A fresh cluster under {@code dir}, started, with the hub's database and login made. */
    static ExternalPostgres start(Path dir) throws Exception {
        ExternalPostgres pg = new ExternalPostgres(debianBinaries(), dir, freePort());
        pg.initdb();
        pg.start();
        pg.createHubDatabase();
        return pg;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    String user() {
        return USER;
    }

    String password() {
        return password;
    }

    Path directory() {
        return dir;
    }

    /** A connection to the hub's database as the hub's login: to count what the hub stored, behind its back. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, password);
    }

    /** Starts the server (again) on the same port and data; its log goes to {@code dir/postgres-<n>.log}. */
    void start() throws Exception {
        Path log = dir.resolve("postgres-" + (++starts) + ".log");
        run(60, bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "60", "-D", data.toString(), "-l", log.toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir);
    }

    /** Stops the server, waiting until it has gone. */
    void stop(StopMode mode) throws Exception {
        run(60, bin.resolve("pg_ctl").toString(), "stop", "-w", "-t", "60", "-D", data.toString(), "-m",
                mode.name().toLowerCase());
    }

    boolean running() {
        return Files.exists(data.resolve("postmaster.pid"));
    }

    @Override
    public void close() throws Exception {
        if (running()) {
            stop(StopMode.IMMEDIATE);
        }
    }

    private void initdb() throws Exception {
        Files.createDirectories(dir);
        Path pwfile = dir.resolve("superuser-password");
        Files.writeString(pwfile, superuserPassword + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        if (asRoot()) {
            // the cluster's folder belongs to the user the server runs as, and to no one else
            exec(30, List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        run(120, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--pwfile=" + pwfile,
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
        Files.delete(pwfile);
    }

    private void createHubDatabase() throws SQLException {
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", superuserPassword); Statement s = c.createStatement()) {
            s.execute("create role " + USER + " login password '" + password + "'");
            s.execute("create database " + DATABASE + " owner " + USER);
        }
    }

    /** Runs a PostgreSQL program, as {@code postgres} when the test runs as root. */
    private void run(int seconds, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        if (asRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        exec(seconds, line);
    }

    /** Runs a command and waits for it; fails with its output. */
    private static void exec(int seconds, List<String> line) throws Exception {
        Path output = Files.createTempFile("pg-command-", ".out");
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + ": no answer within " + seconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " exited " + p.exitValue() + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest PostgreSQL under /usr/lib/postgresql/&lt;version&gt;/bin, where Debian's package puts it. */
    private static Path debianBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
                for (Path v : dirs) {
                    if (v.getFileName().toString().matches("\\d+") && Files.isExecutable(v.resolve("bin/pg_ctl"))
                            && Files.isExecutable(v.resolve("bin/initdb"))) {
                        versions.add(v);
                    }
                }
            }
        }
        Path newest = versions.stream()
                .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql/<version>/bin:"
                        + " this drill runs an external PostgreSQL; install Debian's server with"
                        + " 'apt-get install postgresql' (.ci/run does)"));
        return newest.resolve("bin");
    }

    private static String secret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
