package org.pathwayshub.console;

import java.security.Principal;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;

import org.pathwayshub.routes.CamelRoutes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Stopping and starting a Camel route from the console's home page (operations staff); audited. */
@Controller
@ConditionalOnWebApplication
public class RoutePages {

    private final CamelRoutes routes;

    public RoutePages(CamelRoutes routes) {
        this.routes = routes;
    }

    @PostMapping("/routes/{routeId}/stop")
    public String stop(@PathVariable String routeId, Principal who, RedirectAttributes flash) {
        return act(routeId, "stop", () -> routes.stop(routeId, who.getName()), flash);
    }

    @PostMapping("/routes/{routeId}/start")
    public String start(@PathVariable String routeId, Principal who, RedirectAttributes flash) {
        return act(routeId, "start", () -> routes.start(routeId, who.getName()), flash);
    }

    private static String act(String routeId, String verb, Callable<CamelRoutes.RouteView> action, RedirectAttributes flash) {
        try {
            flash.addFlashAttribute("message", "Route " + routeId + " is " + action.call().state() + ".");
        } catch (NoSuchElementException e) {
            flash.addFlashAttribute("message", e.getMessage());
        } catch (Exception e) {
            flash.addFlashAttribute("message", "Route " + routeId + " did not " + verb + ": " + e.getMessage());
        }
        return "redirect:/#routes";
    }
}
