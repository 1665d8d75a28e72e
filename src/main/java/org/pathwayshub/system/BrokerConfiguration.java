package org.pathwayshub.system;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.TransportConnector;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * ActiveMQ Classic 6: an embedded persistent broker by default (KahaDB under {@code $HUB_HOME/data/broker},
 * optionally open on TCP for other nodes and tools), or an external broker from HUB_BROKER_URL.
 * The hub's own clients share a pool of connections.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);
    static final String BROKER_NAME = "pathways-hub";

    @Bean(destroyMethod = "stop")
    public EmbeddedBroker embeddedBroker(HubProperties hub) throws Exception {
        HubProperties.Broker config = hub.getBroker();
        if (!config.isEmbedded()) {
            return new EmbeddedBroker(null);
        }
        BrokerService broker = new BrokerService();
        // named after its data folder: the in-VM connection reaches this hub's broker even when another hub runs in
        // the same JVM (as integration tests do), never the other's
        broker.setBrokerName(BROKER_NAME + "-" + Integer.toHexString(hub.dataDir().toAbsolutePath().normalize().hashCode()));
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setPersistent(true);
        broker.setDataDirectoryFile(hub.dataDir().resolve("broker").toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(hub.dataDir().resolve("broker").resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kahaDb);
        // messages nobody has taken yet wait on disk, not in the heap: a service whose consumer is down for a day
        // must not take the hub's memory with it
        broker.getSystemUsage().getMemoryUsage().setLimit(config.getMemoryLimitMb() * 1024L * 1024);
        broker.getSystemUsage().getStoreUsage().setLimit(2L * 1024 * 1024 * 1024);
        broker.getSystemUsage().getTempUsage().setLimit(512L * 1024 * 1024);
        // deliveries the client gave up on go to DLQ.<queue>, one dead letter queue per service, for replay
        IndividualDeadLetterStrategy deadLetters = new IndividualDeadLetterStrategy();
        deadLetters.setQueuePrefix("DLQ.");
        deadLetters.setUseQueueForQueueMessages(true);
        PolicyEntry deliveries = new PolicyEntry();
        deliveries.setQueue("hub.deliver.>");
        deliveries.setDeadLetterStrategy(deadLetters);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(java.util.List.of(deliveries));
        broker.setDestinationPolicy(policies);
        if (config.getTcpPort() >= 0) {
            TransportConnector connector = broker.addConnector(
                    "tcp://" + config.getTcpHost() + ":" + config.getTcpPort());
            connector.setName("tcp");
        }
        broker.start();
        broker.waitUntilStarted();
        if (config.getTcpPort() >= 0) {
            log.info("Embedded ActiveMQ broker listening on {}",
                    broker.getTransportConnectorByName("tcp").getPublishableConnectString());
        } else {
            log.info("Embedded ActiveMQ broker started (in-VM only; set HUB_BROKER_TCP_PORT to open TCP)");
        }
        return new EmbeddedBroker(broker);
    }

    @Bean(destroyMethod = "stop")
    public JmsPoolConnectionFactory jmsConnectionFactory(HubProperties hub, EmbeddedBroker broker) {
        HubProperties.Broker config = hub.getBroker();
        String url = config.isEmbedded() ? "vm://" + broker.broker().getBrokerName() + "?create=false" : config.getUrl();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        if (!config.getUser().isBlank()) {
            factory.setUserName(config.getUser());
            factory.setPassword(config.getPassword());
        }
        // the hub sends text (JSON) messages only; never deserialise objects
        factory.setTrustAllPackages(false);
        HubProperties.Delivery delivery = hub.getDelivery();
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        redelivery.setInitialRedeliveryDelay(delivery.getInitialRedeliveryDelay());
        redelivery.setRedeliveryDelay(delivery.getInitialRedeliveryDelay());
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(delivery.getBackOffMultiplier());
        redelivery.setMaximumRedeliveryDelay(delivery.getMaximumRedeliveryDelay());
        redelivery.setMaximumRedeliveries(delivery.getMaximumRedeliveries());
        factory.setRedeliveryPolicy(redelivery);
        // one service's failing webhook does not hold up the messages behind it
        factory.setNonBlockingRedelivery(true);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(factory);
        pool.setMaxConnections(config.getMaxConnections());
        return pool;
    }

    /** Camel's {@code activemq6:} endpoints use the pooled factory. */
    @Bean("activemq6")
    public ActiveMQComponent activemq6(ObjectProvider<ConnectionFactory> connectionFactory) {
        ActiveMQComponent component = new ActiveMQComponent();
        component.setConnectionFactory(connectionFactory.getObject());
        return component;
    }

    /**
     * Local JMS transactions that let code follow their outcome ({@link AfterCommit#runOrUndo}): Spring's JMS transaction
     * manager leaves synchronisation off by default, so that it never competes with the database's; this one turns it
     * on for the routes that need to know whether their send committed.
     */
    public static JmsTransactionManager transactionsWithOutcome(ConnectionFactory connectionFactory) {
        JmsTransactionManager transactions = new JmsTransactionManager(connectionFactory);
        transactions.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_ON_ACTUAL_TRANSACTION);
        return transactions;
    }

    /** The embedded broker, or a marker ({@code broker} null) that an external one is in use. */
    public record EmbeddedBroker(BrokerService broker) {
        public void stop() throws Exception {
            if (broker != null) {
                broker.stop();
                broker.waitUntilStopped();
            }
        }
    }
}
