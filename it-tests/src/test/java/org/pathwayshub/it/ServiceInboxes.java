package org.pathwayshub.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.mail.internet.MimeMessage;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * What the services of the test directory (it-tests/src/test/resources/test-services) received, read the way each
 * service would: its JMS queue over TCP, the requests its webhook endpoint was sent, the files in its outbox folder,
 * the email digests addressed to it. Every alert a service got becomes a {@link Payload} with the keys it carried.
 */
final class ServiceInboxes {

    static final Path DIRECTORY = Path.of("it-tests/src/test/resources/test-services/mappings/routing/services.yaml");
    /** What every delivery carries besides the service's own fields. */
    static final Set<String> ENVELOPE = Set.of("alertId", "type", "service", "createdAt");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceInboxes() {
    }

    /**
     * One alert as one service received it.
     *
     * @param where the message, request, file or email it came in
     * @param keys  the keys it carried (JSON keys, CSV columns, the field lines of an email entry)
     * @param body  the JSON body (queue, webhook, JSON file) or the CSV row or email entry as text
     */
    record Payload(String service, String alertId, String type, String where, Set<String> keys, String body) {
    }

    /** A service of the test directory: its channel, target and the only fields it may be sent. */
    record Service(String id, String channel, String target, String format, List<String> fields) {
        Set<String> allowedKeys() {
            Set<String> allowed = new LinkedHashSet<>(ENVELOPE);
            allowed.addAll(fields);
            return allowed;
        }
    }

    /** The test directory's services by id, read from the file the hub reads. */
    static Map<String, Service> directory() {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(DIRECTORY.toFile());
            Map<String, Service> services = new LinkedHashMap<>();
            for (JsonNode s : root.get("services")) {
                JsonNode c = s.get("channel");
                List<String> fields = new ArrayList<>();
                s.get("fields").forEach(f -> fields.add(f.asText()));
                String target = c.path("email").asText(c.path("url").asText(null));
                services.put(s.get("id").asText(), new Service(s.get("id").asText(), c.get("type").asText(), target,
                        c.path("format").asText("json"), List.copyOf(fields)));
            }
            return services;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- queue

    /** A consumer of one service's queue over TCP; keeps every message it has read. */
    static final class Queue implements AutoCloseable {
        private final String service;
        private final Connection connection;
        private final MessageConsumer consumer;
        private final List<Payload> received = new ArrayList<>();

        Queue(String brokerUrl, String service) throws Exception {
            this.service = service;
            connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            consumer = session.createConsumer(session.createQueue("hub.alerts." + service));
        }

        /** Reads until every alert named has come (or time is up) and then whatever else is waiting; all read so far. */
        List<Payload> readUntil(Set<String> alertIds, long timeoutMillis) throws Exception {
            long end = System.currentTimeMillis() + timeoutMillis;
            while (System.currentTimeMillis() < end && !received.stream().map(Payload::alertId).toList().containsAll(alertIds)) {
                take(500);
            }
            while (take(200)) {
                // what else has come
            }
            return List.copyOf(received);
        }

        private boolean take(long waitMillis) throws Exception {
            Message m = consumer.receive(waitMillis);
            if (m == null) {
                return false;
            }
            String text = ((TextMessage) m).getText();
            received.addAll(jsonAlerts(service, "message " + m.getJMSMessageID(), text));
            return true;
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    // ---- webhook

    /** A request the webhook endpoint was sent, with the status it answered. */
    record WebhookRequest(Payload payload, int status, String signature, byte[] body) {
        boolean answered2xx() {
            return status >= 200 && status < 300;
        }

        boolean signedWith(String secret) {
            return ("sha256=" + hmacSha256(secret, body)).equals(signature);
        }
    }

    static List<WebhookRequest> webhookRequests(WireMockServer server, String path, String service) {
        List<WebhookRequest> out = new ArrayList<>();
        for (ServeEvent e : server.getAllServeEvents()) {
            if (!e.getRequest().getUrl().startsWith(path)) {
                continue;
            }
            String body = e.getRequest().getBodyAsString();
            out.add(new WebhookRequest(json(service, "request " + e.getId(), body), e.getResponse().getStatus(),
                    e.getRequest().getHeader("X-Hub-Signature"), e.getRequest().getBody()));

        }
        return out;
    }

    static String hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- file drop

    /** Every file in the service's outbox folder, temporary ones included (their names start with a dot). */
    static List<Path> outboxFiles(Path hubHome, String service) {
        Path folder = hubHome.resolve("outbox").resolve(service);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The alerts of a delivered file: a JSON array of them, or CSV of a header and a row each (columns are the keys). */
    static List<Payload> readFile(String service, Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (file.getFileName().toString().endsWith(".csv")) {
                List<Payload> rows = new ArrayList<>();
                for (Map<String, String> row : PartnerFeedData.readCsv(file)) {
                    rows.add(new Payload(service, row.get("alertId"), row.get("type"), file.toString(), row.keySet(),
                            String.join(",", row.values())));
                }
                return rows;
            }
            return jsonAlerts(service, file.toString(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every alert in every file of the service's outbox folder. */
    static List<Payload> filed(Path hubHome, String service) {
        return outboxFiles(hubHome, service).stream().flatMap(f -> readFile(service, f).stream()).toList();
    }

    // ---- email digest

    private static final Pattern ENTRY = Pattern.compile("^([A-Z0-9_]+) {2}\\(alert ([0-9a-f-]{36}), .*\\)$");
    private static final Pattern FIELD = Pattern.compile("^ {2}([A-Za-z]+): .*$");

    /** Every alert listed in a digest emailed to {@code address}: one payload per entry, its field lines as keys. */
    static List<Payload> emailed(GreenMail smtp, String service, String address) {
        List<Payload> out = new ArrayList<>();
        for (MimeMessage m : messagesTo(smtp, address)) {
            String text = text(m);
            Payload entry = null;
            List<String> lines = new ArrayList<>();
            Set<String> keys = new LinkedHashSet<>();
            for (String line : text.split("\r?\n")) {
                Matcher start = ENTRY.matcher(line);
                if (start.matches()) {
                    if (entry != null) {
                        out.add(withBody(entry, keys, lines));
                    }
                    entry = new Payload(service, start.group(2), start.group(1), "email " + messageId(m), Set.of(), null);
                    keys = new LinkedHashSet<>();
                    lines = new ArrayList<>();
                    lines.add(line);
                    continue;
                }
                Matcher field = FIELD.matcher(line);
                if (entry != null && field.matches()) {
                    keys.add(field.group(1));
                    lines.add(line);
                }
            }
            if (entry != null) {
                out.add(withBody(entry, keys, lines));
            }
        }
        return out;
    }

    private static Payload withBody(Payload entry, Set<String> keys, List<String> lines) {
        return new Payload(entry.service(), entry.alertId(), entry.type(), entry.where(), Set.copyOf(keys),
                String.join("\n", lines));
    }

    static List<MimeMessage> messagesTo(GreenMail smtp, String address) {
        return Stream.of(smtp.getReceivedMessages()).filter(m -> addressedTo(m, address)).toList();
    }

    /** The Message-IDs of every message received so far (GreenMail lists them mailbox by mailbox, not by arrival). */
    static Set<String> messageIds(GreenMail smtp) {
        return Stream.of(smtp.getReceivedMessages()).map(ServiceInboxes::messageId).collect(Collectors.toSet());
    }

    /** The messages received since {@code before} were the Message-IDs received. */
    static List<MimeMessage> receivedSince(GreenMail smtp, Set<String> before) {
        return Stream.of(smtp.getReceivedMessages()).filter(m -> !before.contains(messageId(m))).toList();
    }

    static boolean addressedTo(MimeMessage m, String address) {
        try {
            return Stream.of(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text of a plain-text message, with its subject. */
    static String text(MimeMessage m) {
        try {
            return m.getSubject() + "\n" + m.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The alerts of a JSON delivery: one alert, a file's array of them, or a digest's list ({"digestId", "alerts": [...]}). */
    static List<Payload> jsonAlerts(String service, String where, String text) {
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(where + " is not complete JSON: " + text, e);
        }
        JsonNode list = body.isArray() ? body : body.has("alerts") ? body.get("alerts") : null;
        if (list == null) {
            return List.of(json(service, where, text));
        }
        List<Payload> out = new ArrayList<>();
        String in = body.has("digestId") ? where + " (digest " + body.get("digestId").asText() + ")" : where;
        list.forEach(a -> out.add(json(service, in, a.toString())));
        return out;
    }

    private static Payload json(String service, String where, String text) {
        try {
            JsonNode body = JSON.readTree(text);
            Set<String> keys = new LinkedHashSet<>();
            body.fieldNames().forEachRemaining(keys::add);
            return new Payload(service, body.path("alertId").asText(null), body.path("type").asText(null), where, keys, text);
        } catch (IOException e) {
            throw new AssertionError(where + " is not complete JSON: " + text, e);
        }
    }
}
