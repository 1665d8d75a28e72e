package org.pathwayshub.delivery;

import java.util.List;

import org.pathwayshub.delivery.WaitingDeliveries.Selection;
import org.pathwayshub.delivery.WaitingDeliveries.Waiting;
import org.pathwayshub.job.HubJob;
import org.pathwayshub.routing.Service;
import org.pathwayshub.routing.ServiceDirectory;
import org.pathwayshub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Job {@code email-digest}: for each service on the email channel, one message listing the alerts waiting for
 * it (those it takes one by one; its daily digests are {@code alert-digest}'s), each with only the fields the
 * service may see, sent over SMTP; the deliveries are then marked and audited. A digest that cannot be sent waits
 * for the next run; with no SMTP server configured at all, its deliveries are marked UNSENDABLE, saying so.
 */
@Component
public class EmailDigest implements HubJob {

    private final ServiceDirectory directory;
    private final WaitingDeliveries waiting;
    private final DeliveryBatches batches;
    private final HubProperties hub;

    public EmailDigest(ServiceDirectory directory, WaitingDeliveries waiting, DeliveryBatches batches, HubProperties hub) {
        this.directory = directory;
        this.waiting = waiting;
        this.batches = batches;
        this.hub = hub;
    }

    @Override
    public String name() {
        return "email-digest";
    }

    @Override
    public String run() {
        boolean noServer = hub.getSmtp().getHost().isBlank();
        int limit = hub.getDelivery().getBatchLimit();
        int sent = 0;
        int alerts = 0;
        int waitingCount = 0;
        for (Service s : directory.all()) {
            if (!s.channel().type().equals("email")) {
                continue;
            }
            while (true) {
                List<Waiting> batch = waiting.oldest(Selection.oneByOne(s.id()), !noServer, limit);
                if (batch.isEmpty()) {
                    break;
                }
                String subject = "Pathways Hub: " + batch.size() + " alert" + (batch.size() == 1 ? "" : "s") + " for " + s.name();
                // with no SMTP server, email() marks the batch UNSENDABLE, saying why
                if (!batches.email(s, subject, batch)) {
                    waitingCount += batch.size();
                    break;
                }
                sent++;
                alerts += batch.size();
            }
        }
        return sent + " digests sent (" + alerts + " alerts)" + (waitingCount > 0 ? ", " + waitingCount + " waiting"
                + (noServer ? " for an SMTP server (HUB_SMTP_HOST)" : "") : "");
    }
}
