package org.pathwayshub.system;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's own settings ({@code hub.*} in application.yaml, mostly set from HUB_* environment variables). */
@ConfigurationProperties("hub")
public class HubProperties {

    /** Where inboxes, outboxes and the embedded servers' data live. */
    private Path home = Path.of("hub-home");
    /** Resolved location of routes/ and mappings/ (set by {@link HubEnvironment}). */
    private String configLocation = HubEnvironment.CLASSPATH_CONFIG;
    /** Name of this node in run records and locks; defaults to the host name. */
    private String nodeName = "";
    private final Database db = new Database();
    private final Broker broker = new Broker();
    private final Ingest ingest = new Ingest();
    private final Reassessment reassessment = new Reassessment();
    private final Admin admin = new Admin();
    private final Demo demo = new Demo();
    private final Delivery delivery = new Delivery();
    private final Smtp smtp = new Smtp();
    private final Retention retention = new Retention();
    private final Cluster cluster = new Cluster();

    public Path getHome() { return home; }
    public void setHome(Path home) { this.home = home; }
    public String getConfigLocation() { return configLocation; }
    public void setConfigLocation(String configLocation) { this.configLocation = configLocation; }
    public String getNodeName() { return nodeName; }
    public void setNodeName(String nodeName) { this.nodeName = nodeName; }
    public Database getDb() { return db; }
    public Broker getBroker() { return broker; }
    public Ingest getIngest() { return ingest; }
    public Reassessment getReassessment() { return reassessment; }
    public Admin getAdmin() { return admin; }
    public Demo getDemo() { return demo; }
    public Delivery getDelivery() { return delivery; }
    public Smtp getSmtp() { return smtp; }
    public Retention getRetention() { return retention; }
    public Cluster getCluster() { return cluster; }

    public Path inbox(String feedId) { return home.resolve("inbox").resolve(feedId); }
    public Path dataDir() { return home.resolve("data"); }

    public static class Database {
        /** JDBC URL of an external PostgreSQL server; empty starts the embedded server. */
        private String url = "";
        private String user = "hub";
        private String password = "";
        private int poolSize = 10;
        /**
         * How long a caller waits for a connection from the pool. With the server gone, this is how long the API takes
         * to answer 503 and readiness to say DOWN, so it is short; with the server up, a connection comes in milliseconds.
         */
        private Duration connectionTimeout = Duration.ofSeconds(10);
        /** Port of the embedded server; 0 picks a free port at each start. */
        private int embeddedPort = 0;
        private Duration embeddedStartTimeout = Duration.ofSeconds(60);

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public int getPoolSize() { return poolSize; }
        public void setPoolSize(int poolSize) { this.poolSize = poolSize; }
        public Duration getConnectionTimeout() { return connectionTimeout; }
        public void setConnectionTimeout(Duration connectionTimeout) { this.connectionTimeout = connectionTimeout; }
        public int getEmbeddedPort() { return embeddedPort; }
        public void setEmbeddedPort(int embeddedPort) { this.embeddedPort = embeddedPort; }
        public Duration getEmbeddedStartTimeout() { return embeddedStartTimeout; }
        public void setEmbeddedStartTimeout(Duration embeddedStartTimeout) { this.embeddedStartTimeout = embeddedStartTimeout; }
        public boolean isEmbedded() { return url == null || url.isBlank(); }
    }

    public static class Broker {
        /** URL of an external ActiveMQ broker (tcp://host:61616); empty starts the embedded broker. */
        private String url = "";
        private String user = "";
        private String password = "";
        /** TCP port for the embedded broker; -1 for none (in-VM clients only), 0 for any free port. */
        private int tcpPort = -1;
        private String tcpHost = "127.0.0.1";
        private int maxConnections = 4;
        /**
         * Heap the embedded broker may use for messages waiting on its queues; beyond it they stay in KahaDB and are
         * paged in as consumers take them. ActiveMQ's own default (1 GB) is more than the hub's whole heap.
         */
        private int memoryLimitMb = 32;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public int getTcpPort() { return tcpPort; }
        public void setTcpPort(int tcpPort) { this.tcpPort = tcpPort; }
        public String getTcpHost() { return tcpHost; }
        public void setTcpHost(String tcpHost) { this.tcpHost = tcpHost; }
        public int getMaxConnections() { return maxConnections; }
        public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
        public int getMemoryLimitMb() { return memoryLimitMb; }
        public void setMemoryLimitMb(int memoryLimitMb) { this.memoryLimitMb = memoryLimitMb; }
        public boolean isEmbedded() { return url == null || url.isBlank(); }
    }

    public static class Ingest {
        /** Records stored per database transaction. */
        private int batchSize = 1000;
        /** A field longer than this is refused (a missing closing quote, or not a CSV file at all). */
        private int maxFieldChars = 65_536;

        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public int getMaxFieldChars() { return maxFieldChars; }
        public void setMaxFieldChars(int maxFieldChars) { this.maxFieldChars = maxFieldChars; }
    }

    public static class Reassessment {
        /** Threads on this node that take young people off the change feed and assess them again. */
        private int workers = 2;
        /** Young people assessed per transaction. */
        private int batchSize = 1000;
        /** How often an idle worker looks for changes made on other nodes (changes on this node wake it at once). */
        private Duration idlePoll = Duration.ofMillis(500);
        /** Tries before a young person whose assessment keeps failing is set aside for an operator. */
        private int maxAttempts = 5;

        public int getWorkers() { return workers; }
        public void setWorkers(int workers) { this.workers = workers; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getIdlePoll() { return idlePoll; }
        public void setIdlePoll(Duration idlePoll) { this.idlePoll = idlePoll; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    }

    public static class Retention {
        /** Young people erased per transaction by the retention-erasure job. */
        private int batchSize = 500;

        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    }

    public static class Admin {
        private String user = "admin";
        /** Empty: a password is generated at first start and written to $HUB_HOME/admin-password. */
        private String password = "";

        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
    }

    /** How the broker redelivers an alert delivery that failed (a webhook down, a disk full). */
    public static class Delivery {
        private long initialRedeliveryDelay = 2_000;
        private double backOffMultiplier = 2.0;
        private long maximumRedeliveryDelay = 300_000;
        /** After this many redeliveries (about 40 minutes with the defaults) the message goes to the dead letter queue. */
        private int maximumRedeliveries = 12;
        /** The most alerts one file, email or digest carries; more go in the next one. */
        private int batchLimit = 5_000;

        public long getInitialRedeliveryDelay() { return initialRedeliveryDelay; }
        public void setInitialRedeliveryDelay(long v) { this.initialRedeliveryDelay = v; }
        public double getBackOffMultiplier() { return backOffMultiplier; }
        public void setBackOffMultiplier(double v) { this.backOffMultiplier = v; }
        public long getMaximumRedeliveryDelay() { return maximumRedeliveryDelay; }
        public void setMaximumRedeliveryDelay(long v) { this.maximumRedeliveryDelay = v; }
        public int getMaximumRedeliveries() { return maximumRedeliveries; }
        public void setMaximumRedeliveries(int v) { this.maximumRedeliveries = v; }
        public int getBatchLimit() { return batchLimit; }
        public void setBatchLimit(int v) { this.batchLimit = v; }
    }

    /** The mail server email digests are sent through; no host, no digests (they wait). */
    public static class Smtp {
        private String host = "";
        private int port = 587;
        private String user = "";
        private String password = "";
        private String from = "pathways-hub@localhost";
        private boolean startTls = true;

        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getFrom() { return from; }
        public void setFrom(String from) { this.from = from; }
        public boolean isStartTls() { return startTls; }
        public void setStartTls(boolean startTls) { this.startTls = startTls; }
    }

    public static class Demo {
        /** Pupils in the synthetic demo cohort written to the inboxes at start; 0 for none. */
        private int cohortSize = 0;
        private long seed = 2026;

        public int getCohortSize() { return cohortSize; }
        public void setCohortSize(int cohortSize) { this.cohortSize = cohortSize; }
        public long getSeed() { return seed; }
        public void setSeed(long seed) { this.seed = seed; }
    }

    /** Several nodes: which one runs the schedules, and how a file a dead node was reading is taken over. */
    public static class Cluster {
        /**
         * A folder every node shares, where the node that runs the schedules holds a lock; empty for {@code
         * inbox/.hub-nodes}, since nodes share the inbox anyway.
         */
        private String dir = "";
        /** How often a standing-by node tries to take over the schedules. */
        private Duration takeOverInterval = Duration.ofSeconds(5);
        /** A file's read lock left by a node that died is taken over once it is this old (live nodes refresh theirs). */
        private Duration fileLockMaxAge = Duration.ofMinutes(5);

        public String getDir() { return dir; }
        public void setDir(String dir) { this.dir = dir; }
        public Duration getTakeOverInterval() { return takeOverInterval; }
        public void setTakeOverInterval(Duration takeOverInterval) { this.takeOverInterval = takeOverInterval; }
        public Duration getFileLockMaxAge() { return fileLockMaxAge; }
        public void setFileLockMaxAge(Duration fileLockMaxAge) { this.fileLockMaxAge = fileLockMaxAge; }
    }
}
