package org.pathwayshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.region.Destination;
import org.apache.activemq.command.ActiveMQQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigurationTest {

    @TempDir
    Path home;

    /**
     * A service whose consumer is away lets its queue grow for as long as it is away; the embedded broker must keep
     * those messages in its store, not in the hub's heap.
     */
    @Test
    void messagesNobodyTakesWaitOnDiskBeyondTheMemoryLimit() throws Exception {
        HubProperties hub = new HubProperties();
        hub.setHome(home);
        hub.getBroker().setMemoryLimitMb(1);
        // over TCP: another test's hub in this JVM may hold the in-VM name
        hub.getBroker().setTcpPort(0);
        BrokerConfiguration.EmbeddedBroker embedded = new BrokerConfiguration().embeddedBroker(hub);
        try {
            int messages = 2_000;
            String body = "x".repeat(4_096);
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(
                    embedded.broker().getTransportConnectorByName("tcp").getPublishableConnectString());
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("hub.deliver.queue.away"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                for (int i = 0; i < messages; i++) {
                    producer.send(session.createTextMessage(body));
                }
            }

            // 2,000 messages of 4 KB are about 8 MB: eight times what the broker may keep in memory
            Destination queue = embedded.broker().getDestination(new ActiveMQQueue("hub.deliver.queue.away"));
            assertThat(queue.getDestinationStatistics().getMessages().getCount()).isEqualTo(messages);
            assertThat(embedded.broker().getSystemUsage().getMemoryUsage().getUsage()).isLessThanOrEqualTo(1024L * 1024);
        } finally {
            embedded.stop();
        }
    }
}
