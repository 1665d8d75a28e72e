package org.pathwayshub.routes;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The hub's Camel routes for operations staff: their state and counts, and stopping or starting one. */
@RestController
@RequestMapping("/api/routes")
@Tag(name = "Routes", description = "Every Camel route (feed pollers, delivery channels, job schedules): state, start, stop")
public class RouteController {

    private final CamelRoutes routes;

    public RouteController(CamelRoutes routes) {
        this.routes = routes;
    }

    @GetMapping
    @Operation(summary = "Every route with its state (running, stopped, suspended, failing) and exchange counts")
    public List<CamelRoutes.RouteView> all() {
        return routes.all();
    }

    @PostMapping("/{routeId}/stop")
    @Operation(summary = "Stops a route, letting what it has in hand finish (up to 30 s); audited")
    public CamelRoutes.RouteView stop(@PathVariable String routeId, Principal who) throws Exception {
        return routes.stop(routeId, who.getName());
    }

    @PostMapping("/{routeId}/start")
    @Operation(summary = "Starts a stopped route; audited")
    public CamelRoutes.RouteView start(@PathVariable String routeId, Principal who) throws Exception {
        return routes.start(routeId, who.getName());
    }

    @ExceptionHandler(NoSuchElementException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public Map<String, String> notFound(NoSuchElementException e) {
        return Map.of("error", e.getMessage());
    }
}
