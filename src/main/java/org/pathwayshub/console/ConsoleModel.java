package org.pathwayshub.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pathwayshub.access.Roles;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page shows in its header: who is signed in, with which roles, and the pages those roles may
 * open (mappings/access/roles.yaml), so that nobody is offered a link or a button only to be refused.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@ConditionalOnWebApplication
public class ConsoleModel {

    /** The console's sections, as the header links them. */
    private static final List<String> SECTIONS = List.of("/feeds", "/young-people", "/identity", "/alerts", "/dead-letters",
            "/charts", "/referrals", "/contact-queue", "/schools", "/interventions", "/users", "/routes");

    private final Roles roles;

    public ConsoleModel(Roles roles) {
        this.roles = roles;
    }

    @ModelAttribute
    public void signedIn(Model model, Authentication who) {
        if (who == null) {
            return;
        }
        List<String> names = who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(a -> a.replace("ROLE_", "")).sorted().toList();
        model.addAttribute("user", who.getName());
        model.addAttribute("roles", String.join(", ", names));
        Map<String, Boolean> may = new LinkedHashMap<>();
        SECTIONS.forEach(s -> may.put(s.substring(1), roles.allows(names, s)));
        model.addAttribute("may", may);
    }
}
