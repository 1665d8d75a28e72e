package org.pathwayshub.delivery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.pathwayshub.job.HubJob;
import org.pathwayshub.routing.Service;
import org.pathwayshub.routing.ServiceDirectory;
import org.pathwayshub.system.HubProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Job {@code email-digest}: for each service on the email channel, one message listing the alerts waiting for
 * it, each with only the fields the service may see, sent over SMTP; the deliveries are then marked and
 * audited. A digest that cannot be sent stays waiting for the next run.
 */
@Component
public class EmailDigest implements HubJob {

    private final JdbcTemplate jdbc;
    private final ServiceDirectory directory;
    private final DeliveryLedger ledger;
    private final HubProperties hub;
    private final CamelContext camel;
    private final ObjectMapper json;

    public EmailDigest(JdbcTemplate jdbc, ServiceDirectory directory, DeliveryLedger ledger, HubProperties hub,
                       CamelContext camel, ObjectMapper json) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.ledger = ledger;
        this.hub = hub;
        this.camel = camel;
        this.json = json;
    }

    @Override
    public String name() {
        return "email-digest";
    }

    private record Pending(long deliveryId, String alertId, String type, String createdAt, String[] fields, String facts) {
    }

    @Override
    public String run() {
        HubProperties.Smtp smtp = hub.getSmtp();
        boolean noServer = smtp.getHost() == null || smtp.getHost().isBlank();
        int sent = 0;
        int alerts = 0;
        int waiting = 0;
        for (Service s : directory.all()) {
            if (!s.channel().type().equals("email")) {
                continue;
            }
            List<Pending> pending = jdbc.query("""
                    select d.id, a.id::text, a.alert_type, a.created_at::text, d.fields, a.facts::text from alert_delivery d
                    join alert a on a.id = d.alert_id where d.service_id = ? and d.state = 'PENDING' order by a.created_at""",
                    (rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            (String[]) rs.getArray(5).getArray(), rs.getString(6)), s.id());
            if (pending.isEmpty()) {
                continue;
            }
            if (noServer) {
                waiting += pending.size();
                continue;
            }
            String body = digest(s, pending);
            try (ProducerTemplate producer = camel.createProducerTemplate()) {
                Map<String, Object> headers = new LinkedHashMap<>();
                headers.put("Subject", "Pathways Hub: " + pending.size() + " alert" + (pending.size() == 1 ? "" : "s") + " for " + s.name());
                headers.put("To", s.channel().target());
                headers.put("From", smtp.getFrom());
                headers.put("Content-Type", "text/plain; charset=UTF-8");
                producer.sendBodyAndHeaders(smtpUri(smtp), body, headers);
            } catch (Exception e) {
                pending.forEach(p -> ledger.attemptFailed(p.deliveryId(), "email digest not sent: " + e.getMessage()));
                waiting += pending.size();
                continue;
            }
            pending.forEach(p -> ledger.delivered(p.deliveryId()));
            sent++;
            alerts += pending.size();
        }
        return sent + " digests sent (" + alerts + " alerts)" + (waiting > 0 ? ", " + waiting + " waiting"
                + (noServer ? " for an SMTP server (HUB_SMTP_HOST)" : "") : "");
    }

    private String smtpUri(HubProperties.Smtp smtp) {
        StringBuilder uri = new StringBuilder("smtp://" + smtp.getHost() + ":" + smtp.getPort() + "?");
        if (!smtp.getUser().isBlank()) {
            uri.append("username=RAW(").append(smtp.getUser()).append(")&password=RAW(").append(smtp.getPassword()).append(")&");
        }
        uri.append("mail.smtp.starttls.enable=").append(smtp.isStartTls());
        return uri.toString();
    }

    /** A plain-text list, one alert after another, each with only the fields the service may see. */
    private String digest(Service s, List<Pending> pending) {
        StringBuilder text = new StringBuilder();
        text.append("Pathways Hub alerts for ").append(s.name()).append(": ").append(pending.size()).append("\n\n");
        for (Pending p : pending) {
            text.append(p.type()).append("  (alert ").append(p.alertId()).append(", ").append(p.createdAt()).append(")\n");
            Set<String> allowed = Set.of(p.fields());
            try {
                JsonNode facts = json.readTree(p.facts());
                Iterator<Map.Entry<String, JsonNode>> fields = facts.fields();
                List<String> lines = new ArrayList<>();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (allowed.contains(f.getKey()) && !f.getValue().isNull()) {
                        lines.add("  " + f.getKey() + ": " + (f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
                    }
                }
                lines.forEach(l -> text.append(l).append('\n'));
            } catch (Exception e) {
                text.append("  (details could not be read)\n");
            }
            text.append('\n');
        }
        return text.toString();
    }
}
