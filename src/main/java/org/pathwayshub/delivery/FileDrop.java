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
 * Job {@code file-drop}, the file channel's delivery cycle: for each service on the file channel, the alerts that
 * came since the last cycle go in one file in {@code $HUB_HOME/outbox/<service>/} (a JSON array, or CSV with a row
 * an alert), written aside and renamed into place whole. A first census that raises thousands of alerts gives each
 * service one file, not thousands.
 */
@Component
public class FileDrop implements HubJob {

    private final ServiceDirectory directory;
    private final WaitingDeliveries waiting;
    private final DeliveryBatches batches;
    private final HubProperties hub;

    public FileDrop(ServiceDirectory directory, WaitingDeliveries waiting, DeliveryBatches batches, HubProperties hub) {
        this.directory = directory;
        this.waiting = waiting;
        this.batches = batches;
        this.hub = hub;
    }

    @Override
    public String name() {
        return "file-drop";
    }

    @Override
    public boolean frequent() {
        return true;
    }

    @Override
    public String run() {
        int files = 0;
        int alerts = 0;
        for (Service s : directory.all()) {
            if (!s.channel().type().equals("file")) {
                continue;
            }
            List<Waiting> batch;
            while (!(batch = waiting.oldest(Selection.oneByOne(s.id()), false, hub.getDelivery().getBatchLimit())).isEmpty()) {
                batches.writeFile(s, "alerts", batch);
                files++;
                alerts += batch.size();
            }
        }
        return files + " files written (" + alerts + " alerts)";
    }
}
