package org.pathwayshub.it;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * A consumer of the hub's person-changed events over TCP, as another service would be: its own durable
 * queue on the virtual topic, created before the events it expects are published.
 */
final class PersonChangedListener implements AutoCloseable {

    private final Connection connection;
    private final MessageConsumer consumer;
    private final ObjectMapper json = new ObjectMapper();

    PersonChangedListener(String brokerUrl, String consumerName) throws Exception {
        connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consumer = session.createConsumer(session.createQueue("Consumer." + consumerName + ".VirtualTopic.hub.person-changed"));
    }

    /** The young people named by events of one run, collected until {@code expected} are seen or time runs out. */
    Set<UUID> hubIdsOfRun(long runId, int expected, long timeoutMillis) throws Exception {
        Set<UUID> ids = new HashSet<>();
        long end = System.currentTimeMillis() + timeoutMillis;
        while (ids.size() < expected && System.currentTimeMillis() < end) {
            TextMessage m = (TextMessage) consumer.receive(500);
            if (m == null) {
                continue;
            }
            JsonNode event = json.readTree(m.getText());
            if (event.path("runId").asLong() == runId) {
                event.path("hubIds").forEach(id -> ids.add(UUID.fromString(id.asText())));
            }
        }
        return ids;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
