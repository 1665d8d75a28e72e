package org.pathwayshub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a queue delivery relies on: the ledger's mark stands only if the JMS transaction that sends it commits. Run
 * against a real broker, over TCP, that goes away before the commit, as in the broker drill.
 */
class AfterCommitTest {

    @TempDir
    Path home;

    @Test
    void aSendWhoseCommitFailsBecauseTheBrokerWentAwayIsUndone() throws Exception {
        BrokerConfiguration.EmbeddedBroker broker = broker();
        List<String> outcome = new ArrayList<>();
        try {
            TransactionTemplate jms = transactions(broker);
            assertThatThrownBy(() -> jms.executeWithoutResult(status -> {
                template(jms).convertAndSend("hub.alerts.drill", "a delivery");
                AfterCommit.runOrUndo(() -> outcome.add("committed"), () -> outcome.add("undone"));
                stop(broker);
            })).isInstanceOf(TransactionException.class);
        } finally {
            stop(broker);
        }
        assertThat(outcome).containsExactly("undone");
    }

    @Test
    void aSendThatCommitsStands() throws Exception {
        BrokerConfiguration.EmbeddedBroker broker = broker();
        List<String> outcome = new ArrayList<>();
        try {
            TransactionTemplate jms = transactions(broker);
            jms.executeWithoutResult(status -> {
                template(jms).convertAndSend("hub.alerts.drill", "a delivery");
                AfterCommit.runOrUndo(() -> outcome.add("committed"), () -> outcome.add("undone"));
            });
            assertThat(outcome).containsExactly("committed");

            jms.executeWithoutResult(status -> {
                AfterCommit.runOrUndo(() -> outcome.add("committed"), () -> outcome.add("undone"));
                status.setRollbackOnly();
            });
            assertThat(outcome).containsExactly("committed", "undone");
        } finally {
            stop(broker);
        }
    }

    @Test
    void outsideATransactionItIsDoneAtOnce() {
        List<String> outcome = new ArrayList<>();
        AfterCommit.runOrUndo(() -> outcome.add("committed"), () -> outcome.add("undone"));
        assertThat(outcome).containsExactly("committed");
    }

    private BrokerConfiguration.EmbeddedBroker broker() throws Exception {
        HubProperties hub = new HubProperties();
        hub.setHome(home);
        hub.getBroker().setTcpPort(0);
        return new BrokerConfiguration().embeddedBroker(hub);
    }

    private static TransactionTemplate transactions(BrokerConfiguration.EmbeddedBroker broker) throws Exception {
        // no failover: a broker that has gone fails the commit rather than waiting for it to come back
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(
                broker.broker().getTransportConnectorByName("tcp").getPublishableConnectString());
        return new TransactionTemplate(BrokerConfiguration.transactionsWithOutcome(factory));
    }

    private static JmsTemplate template(TransactionTemplate transactions) {
        JmsTransactionManager manager = (JmsTransactionManager) transactions.getTransactionManager();
        JmsTemplate template = new JmsTemplate(manager.getConnectionFactory());
        template.setSessionTransacted(true);
        return template;
    }

    private static void stop(BrokerConfiguration.EmbeddedBroker broker) {
        try {
            broker.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
