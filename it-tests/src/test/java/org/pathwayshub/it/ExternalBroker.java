package org.pathwayshub.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.slf4j.LoggerFactory;

/**
 * An ActiveMQ Classic broker as an LA runs one beside the hub: in its own JVM process, persistent (KahaDB under
 * {@code dataDir}), on a fixed TCP port, with the hub's dead letter policy for its delivery queues. It can be
 * stopped as a service manager stops it (SIGTERM), killed (SIGKILL), and started again on the same port and store.
 */
final class ExternalBroker implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private Process process;
    private int starts;

    /** Starts the broker process and waits until it accepts connections. */
    static ExternalBroker start(Path dataDir) throws Exception {
        ExternalBroker broker = new ExternalBroker(dataDir, freePort());
        broker.start();
        return broker;
    }

    private ExternalBroker(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts it (again) on the same port and store; its output goes to {@code dataDir/broker-<n>.log}. */
    void start() throws Exception {
        if (running()) {
            throw new IllegalStateException("the broker is running already");
        }
        Files.createDirectories(dataDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ExternalBroker.class.getName(), Integer.toString(port), dataDir.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dataDir.resolve("broker-" + (++starts) + ".log").toFile());
        process = pb.start();
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker process exited (" + process.exitValue() + "); see " + dataDir);
            }
            if (accepting()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the broker did not open " + url() + " within 60 s");
    }

    /** Stops it as a service manager would (SIGTERM: the broker's shutdown hook closes it cleanly). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the broker did not stop within 60 s of SIGTERM");
        }
    }

    /** Kills it at once (SIGKILL), as a crash would: KahaDB recovers from its journal at the next start. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (running()) {
            kill();
        }
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The broker process: {@code ExternalBroker <port> <dataDir>}; runs until it is stopped. */
    public static void main(String[] args) throws Exception {
        // no logback configuration on the test class path: its default would log every frame at DEBUG
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        Path dataDir = Path.of(args[1]);
        BrokerService broker = new BrokerService();
        broker.setBrokerName("external-peer");
        broker.setUseJmx(false);
        broker.setUseShutdownHook(true);
        broker.setPersistent(true);
        broker.setDataDirectoryFile(dataDir.toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(dataDir.resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kahaDb);
        broker.setDestinationPolicy(deliveryDeadLetters());
        broker.addConnector("tcp://127.0.0.1:" + args[0]);
        broker.start();
        broker.waitUntilStarted();
        broker.waitUntilStopped();
    }

    /** As the hub's embedded broker has it (BrokerConfiguration): a delivery given up on goes to DLQ.&lt;its queue&gt;. */
    private static PolicyMap deliveryDeadLetters() {
        IndividualDeadLetterStrategy deadLetters = new IndividualDeadLetterStrategy();
        deadLetters.setQueuePrefix("DLQ.");
        deadLetters.setUseQueueForQueueMessages(true);
        PolicyEntry deliveries = new PolicyEntry();
        deliveries.setQueue("hub.deliver.>");
        deliveries.setDeadLetterStrategy(deadLetters);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(deliveries));
        return policies;
    }
}
