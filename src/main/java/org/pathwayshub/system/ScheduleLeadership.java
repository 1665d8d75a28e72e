package org.pathwayshub.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * Which node runs the schedules. Several hub nodes share one database, one broker and one inbox; every scheduled route
 * (file, SFTP and SQL feeds, and the jobs: sweeps, digests, re-scoring) runs on one node only, the one holding a lock
 * in a folder they all share (Camel's file lock cluster service). The others stand by: they answer the API, deliver
 * alerts and work through reassessments, and one of them takes the schedules over within about five
 * {@code hub.cluster.take-over-interval}s when the node holding them stops or dies (the holder writes a heartbeat
 * beside the lock, and a lock whose heartbeat has stopped is taken). A single node takes the lock at start.
 */
@Component
public class ScheduleLeadership implements InfoContributor {

    private static final Logger log = LoggerFactory.getLogger(ScheduleLeadership.class);

    /** The lock's name in the shared folder. */
    static final String NAMESPACE = "schedules";

    private final CamelContext camel;
    private final FileLockClusterService cluster;
    private final Path folder;
    private final String node;
    private CamelClusterView view;

    public ScheduleLeadership(CamelContext camel, HubProperties hub, HubHome.NodeName node, MeterRegistry meters) throws Exception {
        this.camel = camel;
        this.node = node.value();
        String dir = hub.getCluster().getDir();
        this.folder = dir == null || dir.isBlank() ? hub.getHome().resolve("inbox").resolve(".hub-nodes") : Path.of(dir);
        Files.createDirectories(folder);
        HubHome.ownerOnly(folder);
        cluster = new FileLockClusterService();
        cluster.setId(node.value());
        cluster.setRoot(folder.toString());
        cluster.setAcquireLockDelay(500, TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(hub.getCluster().getTakeOverInterval().toMillis(), TimeUnit.MILLISECONDS);
        // before any route is made: each scheduled route's policy looks the service up in the context
        camel.addService(cluster, true, true);
        log.info("Node {}: the schedules run on the node that holds the lock in {}", node.value(), folder);
        Gauge.builder("hub.schedules.leader", this, l -> l.leads() ? 1 : 0)
                .description("1 on the node that runs the schedules, 0 on a node standing by").register(meters);
    }

    /**
     * The policy of one scheduled route: started on the node that holds the schedules, stopped on the others. A route
     * its routes file leaves disabled gets none, so that taking the lead never starts it.
     */
    public RoutePolicy policyFor(boolean enabled) {
        if (!enabled) {
            return new RoutePolicySupport() {
            };
        }
        try {
            return ClusteredRoutePolicy.forNamespace(camel, NAMESPACE);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the schedules' cluster policy", e);
        }
    }

    /** Whether this node runs the schedules now. */
    public synchronized boolean leads() {
        try {
            if (view == null) {
                view = cluster.getView(NAMESPACE);
            }
            return view.getLocalMember().isLeader();
        } catch (Exception e) {
            return false;
        }
    }

    /** The node's name, and whether it runs the schedules or stands by: {@code /actuator/info}. */
    @Override
    public void contribute(Info.Builder info) {
        info.withDetail("node", Map.of("name", node, "schedules", leads() ? "runs them" : "stands by"));
    }

    /** This node's name (HUB_NODE_NAME, or the host's). */
    public String node() {
        return node;
    }
}
