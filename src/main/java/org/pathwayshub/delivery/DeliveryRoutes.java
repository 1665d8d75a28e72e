package org.pathwayshub.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.jms.ConnectionFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.pathwayshub.system.AfterCommit;
import org.pathwayshub.system.BrokerConfiguration;
import org.pathwayshub.system.DrillCrashPoints;
import org.pathwayshub.system.LogSafe;
import org.pathwayshub.alert.Alerts;
import org.pathwayshub.routing.Service;
import org.pathwayshub.routing.ServiceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One delivery route per broker channel (queue and webhook), each consuming the per-service queues of its channel
 * ({@code hub.deliver.<channel>.<service-id>}) in a JMS transaction. A message carries one delivery, or a service's
 * daily digest of one alert type (several deliveries, marked together). Files and emails go out in batches
 * ({@link FileDrop}, {@link EmailDigest}, {@link AlertDigest}). a delivery that fails rolls back and
 * the broker redelivers it with back-off; when the broker gives up, the message goes to the dead letter queue
 * ({@code DLQ.hub.deliver.*}) and the delivery is marked DEAD. A delivery already made is not made again
 * (a redelivered message is recognised by its delivery id), except a queue delivery whose own message comes back: its
 * send commits with that message, so the message back means the send was undone. Every delivery made is audited.
 */
@Component
public class DeliveryRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRoutes.class);
    /** The deliveries the message carries. */
    static final String DELIVERY_IDS = "HubDeliveryIds";
    static final String SERVICE_ID = "HubServiceId";
    static final String SKIP = "HubAlreadyDelivered";
    /** The broker message a queue delivery is made by (an exchange property: not sent on to the service). */
    static final String MADE_BY = "HubMadeByMessage";
    /** The queue channel's JMS transactions, in Camel's registry: their outcome is followed to undo a failed send's mark. */
    private static final String QUEUE_TRANSACTIONS = "queueDeliveryTransactions";

    private final DeliveryLedger ledger;
    private final ServiceDirectory directory;
    private final ObjectMapper json;
    private final DeliveryMetrics metrics;
    private final ConnectionFactory connectionFactory;

    public DeliveryRoutes(DeliveryLedger ledger, ServiceDirectory directory, ObjectMapper json, DeliveryMetrics metrics,
                          ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
        this.ledger = ledger;
        this.directory = directory;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        // The broker's redelivery is the one retry policy: HttpClient's own retry of a 503, or of a 429 with a
        // Retry-After of an hour, would hold the webhook consumer and every service's deliveries behind it.
        for (String scheme : new String[] {"http", "https"}) {
            getContext().getComponent(scheme, HttpComponent.class).setAutomaticRetriesDisabled(true);
        }
        getContext().getRegistry().bind(QUEUE_TRANSACTIONS, BrokerConfiguration.transactionsWithOutcome(connectionFactory));
        onException(Exception.class)
                .handled(false)
                .logStackTrace(false)
                .logExhausted(false)
                .process(this::recordFailure);

        from(channel("queue") + "&transactionManager=#" + QUEUE_TRANSACTIONS).routeId("deliver-queue")
                .process(this::prepare)
                .filter(header(SKIP).isNotEqualTo(true))
                    .setHeader("HubTargetQueue", method(this, "queueOf(${header.HubServiceId})"))
                    .toD("activemq6:queue:${header.HubTargetQueue}")
                    .process(this::delivered)
                .end();

        from(channel("webhook")).routeId("deliver-webhook")
                .process(this::prepare)
                .filter(header(SKIP).isNotEqualTo(true))
                    .process(this::sign)
                    .toD("${header.HubWebhookUrl}?httpMethod=POST&throwExceptionOnFailure=true"
                            + "&connectTimeout={{hub.delivery.webhook-timeout:10000}}&responseTimeout={{hub.delivery.webhook-timeout:10000}}")
                    .process(this::delivered)
                .end();

        // one line a minute of what was delivered, rather than a line an alert (those are at DEBUG)
        from("timer:delivery-summary?period={{hub.delivery.summary-period:60000}}&delay={{hub.delivery.summary-period:60000}}")
                .routeId("delivery-summary")
                .process(e -> metrics.logSummary());

        from("activemq6:queue:DLQ." + Alerts.DELIVERY_QUEUE_PREFIX + ">").routeId("deliver-dead-letters")
                .process(e -> {
                    List<Long> ids = deliveryIds(json.readTree(e.getIn().getBody(String.class)));
                    ledger.dead(ids, "the broker gave up redelivering; the message is in the dead letter queue "
                            + e.getIn().getHeader("JMSDestination"));
                    log.warn("Delivery {} ({}) gave up after the broker's redeliveries", ids, e.getIn().getHeader("JMSDestination"));
                })
                // kept for replay: back to the dead letter queue the operations console reads
                .to("activemq6:queue:hub.deliver.dead");
    }

    private static String channel(String type) {
        return "activemq6:queue:" + Alerts.DELIVERY_QUEUE_PREFIX + type + ".>?transacted=true&cacheLevelName=CACHE_CONSUMER";
    }

    /** Reads the delivery; marks it to skip when it was already made (a redelivered message). */
    private void prepare(Exchange e) throws Exception {
        JsonNode message = json.readTree(e.getIn().getBody(String.class));
        List<Long> deliveryIds = deliveryIds(message);
        String serviceId = message.path("serviceId").asText();
        e.getIn().setHeader(DELIVERY_IDS, deliveryIds);
        e.getIn().setHeader(SERVICE_ID, serviceId);
        e.getIn().setHeader("HubAlertId", message.path("alertId").asText());
        e.getIn().setHeader("HubAlertType", message.path("alertType").asText());
        e.getIn().setBody(json.writeValueAsString(message.path("body")));
        if ("deliver-queue".equals(e.getFromRouteId())) {
            // the send to the service's queue commits with this message, after the ledger has recorded the delivery: if
            // this message comes again, the commit failed and the send was undone with it, so it is made again
            e.setProperty(MADE_BY, e.getIn().getHeader("JMSMessageID", String.class));
        }
        if (ledger.noneWaiting(deliveryIds, e.getProperty(MADE_BY, String.class))) {
            log.info("Delivery {} to {} was already made or was withheld; not sent", deliveryIds, serviceId);
            e.getIn().setHeader(SKIP, true);
        }
    }

    private void delivered(Exchange e) {
        DrillCrashPoints.reach(DrillCrashPoints.DELIVERY);
        List<Long> ids = ids(e);
        String message = e.getProperty(MADE_BY, String.class);
        DeliveryLedger.Marked marked = ledger.delivered(ids, message);
        if (marked.nothing()) {
            return;
        }
        List<String> types = marked.newTypes();
        String channel = e.getFromRouteId().substring("deliver-".length());
        Object serviceId = e.getIn().getHeader(SERVICE_ID);
        log.debug("Delivered alert {} ({}) to {} by {}", e.getIn().getHeader("HubAlertId"), e.getIn().getHeader("HubAlertType"),
                serviceId, channel);
        if (message == null) {
            metrics.delivered(channel, types);
            return;
        }
        // A queue delivery is made when this message's JMS transaction commits, the send with it. The ledger records it
        // first (a crash before the commit brings the message back, and MADE_BY sends it again). If the commit fails,
        // the broker went away during it and whether it completed is unknown: the delivery is marked in doubt, so that
        // the next message about it, this one redelivered or the event published again by the relay, sends it again.
        AfterCommit.runOrUndo(() -> metrics.delivered(channel, types), () -> {
            try {
                if (ledger.inDoubt(ids, message) > 0) {
                    log.warn("Delivery {} to {}: its message's commit failed; if the message or its event comes again, it is"
                            + " sent again", ids, serviceId);
                }
            } catch (RuntimeException unrecorded) {
                log.error("Delivery {} to {}: its message's commit failed, and this could not be recorded ({})", ids, serviceId,
                        LogSafe.describe(unrecorded));
            }
        });
    }

    private void recordFailure(Exchange e) {
        Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e.getIn().getHeader(DELIVERY_IDS) != null) {
            String error = cause == null ? "failed" : cause.getClass().getSimpleName() + ": " + abbreviate(cause.getMessage());
            ledger.attemptFailed(ids(e), error);
            log.warn("Delivery {} to {} failed ({}); the broker will try again", ids(e), e.getIn().getHeader(SERVICE_ID), error);
        }
    }

    public String queueOf(String serviceId) {
        Service s = service(serviceId);
        return s.channel().target() != null ? s.channel().target() : "hub.alerts." + s.id();
    }

    /** The body signed with the service's secret, so it can tell the hub sent it, and headers to de-duplicate. */
    private void sign(Exchange e) throws Exception {
        Service s = service(e.getIn().getHeader(SERVICE_ID, String.class));
        String body = e.getIn().getBody(String.class);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(s.channel().secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> headers = e.getIn().getHeaders();
        headers.keySet().removeIf(k -> k.startsWith("JMS") || k.startsWith("Camel"));
        e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getIn().setHeader("X-Hub-Signature", "sha256=" + signature);
        e.getIn().setHeader("X-Hub-Alert-Id", e.getIn().getHeader("HubAlertId"));
        e.getIn().setHeader("Idempotency-Key", e.getIn().getHeader("HubAlertId"));
        e.getIn().setHeader("HubWebhookUrl", s.channel().target());
    }

    private Service service(String id) {
        return directory.find(id).orElseThrow(() -> new IllegalStateException("no service " + id + " in " + ServiceDirectory.FILE));
    }

    @SuppressWarnings("unchecked")
    private static List<Long> ids(Exchange e) {
        return (List<Long>) e.getIn().getHeader(DELIVERY_IDS, List.class);
    }

    /** The deliveries of a message: its deliveryIds (a digest), or its one deliveryId. */
    private static List<Long> deliveryIds(JsonNode message) {
        List<Long> ids = new ArrayList<>();
        message.path("deliveryIds").forEach(id -> ids.add(id.asLong()));
        if (ids.isEmpty()) {
            ids.add(message.path("deliveryId").asLong());
        }
        return ids;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }


}
