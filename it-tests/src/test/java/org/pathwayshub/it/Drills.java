package org.pathwayshub.it;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;

/** What the process drills (*DrillIT) share: waiting for a hub to get somewhere, and reading what it and a service hold. */
final class Drills {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Drills() {
    }

    interface Check {
        boolean holds() throws Exception;
    }

    interface Read<T> {
        T get() throws Exception;
    }

    /** Waits until {@code check} holds; fails, saying {@code what}, after {@code atMost}. */
    static void await(String what, Duration atMost, Check check) throws Exception {
        await(what, atMost, (Read<Boolean>) check::holds, Boolean::booleanValue);
    }

    /** Reads until what is read is {@code done}, and returns it; fails with the last read after {@code atMost}. */
    static <T> T await(String what, Duration atMost, Read<T> read, Predicate<T> done) throws Exception {
        long end = System.nanoTime() + atMost.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + atMost.toSeconds() + " s: " + what + " (last seen: " + last + ")");
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Every alert (a row per delivery), or those whose delivery is in {@code state} (null for all), oldest first. */
    static List<JsonNode> allAlerts(HubProcess hub, String state) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode rows = HubProcess.json(hub.get("/api/alerts?sort=oldest&size=1000&page=" + page
                    + (state == null ? "" : "&state=" + state)));
            rows.forEach(out::add);
            if (rows.size() < 1000) {
                return out;
            }
        }
    }

    /** The ids of the alerts among {@code rows} that went to {@code service}. */
    static Set<String> alertIdsOf(List<JsonNode> rows, String service) {
        Set<String> ids = new HashSet<>();
        rows.stream().filter(r -> r.path("service").asText().equals(service)).forEach(r -> ids.add(r.path("alertId").asText()));
        return ids;
    }

    /**
     * Pupils in Years 9 to 11 at the census whose RONI band is AMBER or RED (the hub's cohort evaluation, which scores
     * them afresh): each should have had one RISK_RAISED alert.
     */
    static int pupilsToAlert(HubProcess hub, LocalDate censusDate) throws Exception {
        int n = 0;
        for (int year = 9; year <= 11; year++) {
            n += HubProcess.json(hub.get("/api/risk/evaluation?asAt=" + censusDate + "&ncYear=" + year)).path("flagged").asInt();
        }
        return n;
    }

    /** Every message waiting on the queue, read over TCP as the service would; the alert id of each. */
    static List<String> readQueue(String brokerUrl, String queue) throws Exception {
        List<String> alertIds = new ArrayList<>();
        Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            for (Message m = consumer.receive(5_000); m != null; m = consumer.receive(2_000)) {
                alertIds.add(JSON.readTree(((TextMessage) m).getText()).path("alertId").asText());
            }
        } finally {
            connection.close();
        }
        return alertIds;
    }
}
