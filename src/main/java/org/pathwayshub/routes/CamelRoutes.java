package org.pathwayshub.routes;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.pathwayshub.access.AccessAudit;
import org.springframework.stereotype.Component;

/**
 * Every Camel route of the hub (a feed's poller, a delivery channel, a job's schedule) with its state and what
 * went through it, and starting and stopping one: operations staff stop a feed while its partner fixes a file, or
 * a delivery channel while a service's endpoint is down. Who did it is in the access audit.
 */
@Component
public class CamelRoutes {

    /** How long a route being stopped may take to finish what it has in hand. */
    private static final int STOP_TIMEOUT_SECONDS = 30;

    private final CamelContext camel;
    private final AccessAudit audit;

    public CamelRoutes(CamelContext camel, AccessAudit audit) {
        this.camel = camel;
        this.audit = audit;
    }

    /**
     * A route as operations staff see it.
     *
     * @param state        running, stopped, suspended or failing (its last exchange failed)
     * @param lastFailure  when an exchange last failed
     */
    public record RouteView(String routeId, String from, String state, long exchanges, long failed, long inflight,
                            Instant lastCompleted, Instant lastFailure) {
    }

    /** Every route, by id. */
    public List<RouteView> all() {
        return camel.getRoutes().stream().map(this::view).sorted(Comparator.comparing(RouteView::routeId)).toList();
    }

    public RouteView find(String routeId) {
        Route route = camel.getRoute(routeId);
        if (route == null) {
            throw new NoSuchElementException("no route " + routeId);
        }
        return view(route);
    }

    public RouteView stop(String routeId, String who) throws Exception {
        find(routeId);
        camel.getRouteController().stopRoute(routeId, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        audit.record(who, "route-stopped", null, routeId);
        return find(routeId);
    }

    public RouteView start(String routeId, String who) throws Exception {
        find(routeId);
        camel.getRouteController().startRoute(routeId);
        audit.record(who, "route-started", null, routeId);
        return find(routeId);
    }

    private RouteView view(Route route) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
        ManagedRouteMBean managed = managed(route.getRouteId());
        long total = managed == null ? 0 : managed.getExchangesTotal();
        long failed = managed == null ? 0 : managed.getExchangesFailed();
        long inflight = managed == null ? 0 : managed.getExchangesInflight();
        Instant completed = managed == null ? null : instant(managed.getLastExchangeCompletedTimestamp());
        Instant failure = managed == null ? null : instant(managed.getLastExchangeFailureTimestamp());
        String state;
        if (status == null || status.isStopped()) {
            state = "stopped";
        } else if (status.isSuspended()) {
            state = "suspended";
        } else if (failure != null && (completed == null || failure.isAfter(completed))) {
            state = "failing";
        } else {
            state = "running";
        }
        return new RouteView(route.getRouteId(), route.getEndpoint().getEndpointBaseUri(), state, total, failed, inflight,
                completed, failure);
    }

    private ManagedRouteMBean managed(String routeId) {
        ManagedCamelContext context = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        return context == null ? null : context.getManagedRoute(routeId);
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
