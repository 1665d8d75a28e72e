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
 * Job {@code alert-digest}, once a day: for each service that takes an alert type as a daily digest ({@code digest:}
 * in the service directory), the alerts of that type since the last digest go out together on the service's own
 * channel: one message on its queue or webhook (the alerts in a list), one file, or one email.
 */
@Component
public class AlertDigest implements HubJob {

    private final ServiceDirectory directory;
    private final WaitingDeliveries waiting;
    private final DeliveryBatches batches;
    private final HubProperties hub;

    public AlertDigest(ServiceDirectory directory, WaitingDeliveries waiting, DeliveryBatches batches, HubProperties hub) {
        this.directory = directory;
        this.waiting = waiting;
        this.batches = batches;
        this.hub = hub;
    }

    @Override
    public String name() {
        return "alert-digest";
    }

    @Override
    public String run() {
        int digests = 0;
        int alerts = 0;
        int unsent = 0;
        boolean smtp = !hub.getSmtp().getHost().isBlank();
        for (Service s : directory.all()) {
            if (s.digestTypes().isEmpty()) {
                continue;
            }
            for (String type : waiting.digestTypesWaiting(s.id())) {
                // a digest of more alerts than one message should carry goes as several
                List<Waiting> batch;
                while (!(batch = waiting.oldest(Selection.digestOf(s.id(), type), smtp, hub.getDelivery().getBatchLimit())).isEmpty()) {
                    if (!send(s, type, batch)) {
                        unsent += batch.size();
                        break;
                    }
                    digests++;
                    alerts += batch.size();
                }
            }
        }
        return digests + " digests sent (" + alerts + " alerts)" + (unsent > 0 ? ", " + unsent + " could not be sent" : "");
    }

    private boolean send(Service s, String type, List<Waiting> batch) {
        return switch (s.channel().type()) {
            case "file" -> {
                batches.writeFile(s, "digest-" + type, batch);
                yield true;
            }
            case "email" -> batches.email(s, "Pathways Hub: daily digest of " + batch.size() + " " + type + " alert"
                    + (batch.size() == 1 ? "" : "s") + " for " + s.name(), batch);
            default -> {
                // PENDING until the channel's route has made them; marked queued, so not picked again meanwhile
                batches.enqueueDigest(s, type, batch);
                yield true;
            }
        };
    }
}
