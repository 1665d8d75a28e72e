package org.pathwayshub.referral;

import java.util.List;
import java.util.Set;

import org.pathwayshub.access.HubUsers;
import org.pathwayshub.routing.Service;
import org.pathwayshub.routing.ServiceDirectory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * What a partner may see of referrals: a user whose only role is PARTNER acts for the organisation set on their
 * user, and sees the referrals that organisation sent ({@code fromOrg}) or that were made to one of its services
 * (those naming it as their {@code organisation} in the service directory, or the service whose id it is). Staff
 * roles (ADMIN, DATA_TEAM, OPS) see every referral.
 */
@Component
@ConditionalOnWebApplication
public class PartnerScope {

    private static final Set<String> STAFF = Set.of("ROLE_ADMIN", "ROLE_DATA_TEAM", "ROLE_OPS");

    private final HubUsers users;
    private final ServiceDirectory directory;

    public PartnerScope(HubUsers users, ServiceDirectory directory) {
        this.users = users;
        this.directory = directory;
    }

    /** A partner's organisation and the services it runs. */
    public record Partner(String organisation, List<String> services) {

        public boolean sent(String fromOrg) {
            return organisation.equals(fromOrg);
        }

        public boolean receives(String toService) {
            return services.contains(toService);
        }
    }

    /** The partner the caller acts for; null for staff, who see everything. */
    public Partner of(Authentication who) {
        if (who == null || who.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(STAFF::contains)) {
            return null;
        }
        String organisation = users.find(who.getName()).map(HubUsers.HubUser::organisation).orElse(null);
        if (organisation == null || organisation.isBlank()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "user " + who.getName() + " has no organisation:"
                    + " an admin sets it (PUT /api/users/" + who.getName() + " {\"organisation\": ...})");
        }
        List<String> services = new java.util.ArrayList<>(directory.ofOrganisation(organisation).stream().map(Service::id).toList());
        if (directory.find(organisation).isPresent() && !services.contains(organisation)) {
            services.add(organisation);
        }
        return new Partner(organisation, List.copyOf(services));
    }
}
