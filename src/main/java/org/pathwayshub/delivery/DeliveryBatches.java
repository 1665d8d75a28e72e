package org.pathwayshub.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.pathwayshub.system.DrillCrashPoints;
import org.pathwayshub.alert.Alerts;
import org.pathwayshub.delivery.WaitingDeliveries.Waiting;
import org.pathwayshub.outbox.Outbox;
import org.pathwayshub.routing.Service;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.SpreadsheetSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends several alert deliveries of one service as one: a file in {@code $HUB_HOME/outbox/<service>/} (a JSON
 * array, or CSV with a row an alert), one email, or one message on the service's queue or webhook (a digest: the
 * alerts in a list). A file or email is marked delivered once written or handed to the mail server; a queue or
 * webhook digest once its delivery route has made it, like any other message there.
 *
 * <p>A file's name comes from its first delivery ({@code alerts-20261205-0724-d1234.json}), so that a cycle
 * interrupted after the file was written but before the deliveries were marked writes the same file again rather
 * than a second one.
 */
@Component
public class DeliveryBatches {

    private static final Logger log = LoggerFactory.getLogger(DeliveryBatches.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
    private static final Set<String> ENVELOPE = Set.of("alertId", "type", "service", "createdAt");

    private final DeliveryLedger ledger;
    private final DeliveryMetrics metrics;
    private final Outbox outbox;
    private final HubProperties hub;
    private final CamelContext camel;
    private final ObjectMapper json;

    public DeliveryBatches(DeliveryLedger ledger, DeliveryMetrics metrics, Outbox outbox, HubProperties hub,
                           CamelContext camel, ObjectMapper json) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.outbox = outbox;
        this.hub = hub;
        this.camel = camel;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** A digest message on a queue or webhook: the deliveries it carries and the list the service reads. */
    public record DigestMessage(long deliveryId, List<Long> deliveryIds, String alertId, String serviceId, String channel,
                                String alertType, Map<String, Object> body) {
    }

    /** Writes the deliveries as one file and marks them delivered; returns the file's name. */
    public String writeFile(Service s, String prefix, List<Waiting> batch) {
        Waiting first = batch.get(0);
        String name = prefix + "-" + STAMP.format(first.createdAt()) + "-d" + first.deliveryId() + "." + s.channel().format();
        Path folder = hub.getHome().resolve("outbox").resolve(s.id());
        try {
            Files.createDirectories(folder);
            Path writing = folder.resolve(".writing-" + name);
            String content = s.channel().format().equals("csv") ? csv(s, batch)
                    : json.writeValueAsString(batch.stream().map(Waiting::body).toList());
            Files.writeString(writing, content, StandardCharsets.UTF_8);
            Files.move(writing, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " to " + folder, e);
        }
        DrillCrashPoints.reach(DrillCrashPoints.DELIVERY);
        markDelivered("file", batch);
        log.debug("Wrote {} alerts for {} to {}", batch.size(), s.id(), name);
        return name;
    }

    /** Emails the deliveries as one plain-text message and marks them delivered; false when it could not be sent. */
    public boolean email(Service s, String subject, List<Waiting> batch) {
        HubProperties.Smtp smtp = hub.getSmtp();
        List<Long> ids = ids(batch);
        if (smtp.getHost().isBlank()) {
            ledger.unsendable(ids, Alerts.NO_SMTP_SERVER);
            return false;
        }
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("Subject", subject);
            headers.put("To", s.channel().target());
            headers.put("From", smtp.getFrom());
            headers.put("Content-Type", "text/plain; charset=UTF-8");
            producer.sendBodyAndHeaders(smtpUri(smtp), emailText(s, batch), headers);
        } catch (Exception e) {
            ledger.attemptFailed(ids, "email not sent: " + e.getMessage());
            log.warn("An email of {} alerts to {} was not sent ({}); they wait for the next digest", batch.size(), s.id(),
                    e.getClass().getSimpleName());
            return false;
        }
        markDelivered("email", batch);
        return true;
    }

    /** Queues one digest message of the deliveries for the service's queue or webhook route. */
    @Transactional
    public void enqueueDigest(Service s, String alertType, List<Waiting> batch) {
        Waiting first = batch.get(0);
        String digestId = "digest-" + alertType + "-d" + first.deliveryId();
        Map<String, Object> body = digestBody(s, alertType, digestId, batch);
        DigestMessage message = new DigestMessage(first.deliveryId(), ids(batch), digestId, s.id(), s.channel().type(),
                alertType, body);
        outbox.add(UUID.randomUUID(), "queue:" + Alerts.DELIVERY_QUEUE_PREFIX + s.channel().type() + "." + s.id(), message);
        ledger.queued(ids(batch));
    }

    /** What a digest file or message holds: which digest, of how many alerts, and the alerts. */
    static Map<String, Object> digestBody(Service s, String alertType, String digestId, List<Waiting> batch) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("digestId", digestId);
        body.put("type", alertType);
        body.put("service", s.id());
        body.put("count", batch.size());
        body.put("alerts", batch.stream().map(Waiting::body).toList());
        return body;
    }

    private void markDelivered(String channel, List<Waiting> batch) {
        List<String> types = ledger.delivered(ids(batch));
        metrics.delivered(channel, types);
    }

    private static List<Long> ids(List<Waiting> batch) {
        return batch.stream().map(Waiting::deliveryId).toList();
    }

    /** A header of the envelope and the service's fields, then a row an alert. */
    static String csv(Service s, List<Waiting> batch) {
        List<String> columns = new ArrayList<>(List.of("alertId", "type", "service", "createdAt"));
        columns.addAll(s.fields());
        StringBuilder out = new StringBuilder(String.join(",", columns)).append("\r\n");
        ObjectMapper plain = new ObjectMapper();
        for (Waiting w : batch) {
            out.append(columns.stream().map(c -> csvValue(plain, w.body().get(c))).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }

    private static String csvValue(ObjectMapper plain, Object v) {
        return v == null ? "" : SpreadsheetSafe.csv(asText(plain, v));
    }

    /** A plain-text list, one alert after another, each with only the fields the service may see. */
    static String emailText(Service s, List<Waiting> batch) {
        StringBuilder text = new StringBuilder();
        text.append("Pathways Hub alerts for ").append(s.name()).append(": ").append(batch.size()).append("\n\n");
        ObjectMapper plain = new ObjectMapper();
        for (Waiting w : batch) {
            text.append(w.type()).append("  (alert ").append(w.alertId()).append(", ").append(w.createdAt()).append(")\n");
            Set<String> shown = new LinkedHashSet<>(w.body().keySet());
            shown.removeAll(ENVELOPE);
            for (String f : shown) {
                Object v = w.body().get(f);
                if (v != null) {
                    text.append("  ").append(f).append(": ").append(asText(plain, v)).append('\n');
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** A value as one line: text as it is, a list or map (risk factors, counts) as JSON. */
    private static String asText(ObjectMapper plain, Object v) {
        try {
            return v instanceof Map || v instanceof List ? plain.writeValueAsString(v) : String.valueOf(v);
        } catch (Exception e) {
            return String.valueOf(v);
        }
    }

    private static String smtpUri(HubProperties.Smtp smtp) {
        StringBuilder uri = new StringBuilder("smtp://" + smtp.getHost() + ":" + smtp.getPort() + "?");
        if (!smtp.getUser().isBlank()) {
            uri.append("username=RAW(").append(smtp.getUser()).append(")&password=RAW(").append(smtp.getPassword()).append(")&");
        }
        uri.append("mail.smtp.starttls.enable=").append(smtp.isStartTls());
        return uri.toString();
    }
}
