package org.pathwayshub.access;

import java.util.List;
import java.util.UUID;

import org.pathwayshub.system.Paging;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The users, their roles and API tokens, and the access audit: {@code /api/users}, {@code /api/roles},
 * {@code /api/audit} (ADMIN, by roles.yaml). Every change is audited.
 */
@RestController
@ConditionalOnWebApplication
public class UserController {

    private final HubUsers users;
    private final ApiTokens tokens;
    private final SignInFailures failures;
    private final Roles roles;
    private final AccessAudit audit;

    public UserController(HubUsers users, ApiTokens tokens, SignInFailures failures, Roles roles, AccessAudit audit) {
        this.users = users;
        this.tokens = tokens;
        this.failures = failures;
        this.roles = roles;
        this.audit = audit;
    }

    /** A new user: {@code password} at least 12 characters, {@code roles} from roles.yaml. */
    public record NewUser(String username, String password, List<String> roles, String organisation) {
    }

    /** What to change (a field left out is unchanged). */
    public record UserChange(String password, List<String> roles, Boolean enabled, String organisation) {
    }

    public record NewTokenRequest(String name) {
    }

    @GetMapping("/api/roles")
    public java.util.Collection<Roles.Role> roles() {
        return roles.all();
    }

    @GetMapping("/api/users")
    public List<HubUsers.HubUser> list() {
        return users.list();
    }

    @GetMapping("/api/users/{username}")
    public HubUsers.HubUser get(@PathVariable String username) {
        return users.find(username).orElseThrow(() -> notFound(username));
    }

    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    public HubUsers.HubUser create(@RequestBody NewUser user) {
        HubUsers.HubUser created = valid(() -> users.create(user.username(), user.password(), user.roles(), user.organisation()));
        audit.record(null, "user-added", null, created.username() + " " + created.roles());
        return created;
    }

    @PutMapping("/api/users/{username}")
    public HubUsers.HubUser update(@PathVariable String username, @RequestBody UserChange change) {
        HubUsers.HubUser updated = valid(() -> users.update(username, change.password(), change.roles(), change.enabled(),
                change.organisation()));
        audit.record(null, "user-changed", null, username + (change.password() != null ? " password" : "")
                + (change.roles() != null ? " roles " + updated.roles() : "")
                + (change.enabled() != null ? (change.enabled() ? " enabled" : " disabled") : ""));
        return updated;
    }

    /** Lets a user locked by failed sign-ins try again now. */
    @PostMapping("/api/users/{username}/unlock")
    public HubUsers.HubUser unlock(@PathVariable String username) {
        HubUsers.HubUser user = get(username);
        failures.clear(username);
        audit.record(null, "user-unlocked", null, username);
        return users.find(user.username()).orElseThrow();
    }

    @GetMapping("/api/users/{username}/tokens")
    public List<ApiTokens.ApiToken> tokens(@PathVariable String username) {
        get(username);
        return tokens.list(username);
    }

    /** A new API token for the user: the answer is the only time the token is shown. */
    @PostMapping("/api/users/{username}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    public ApiTokens.NewToken newToken(@PathVariable String username, @RequestBody NewTokenRequest request) {
        HubUsers.HubUser user = get(username);
        if (user.builtIn()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "username: tokens are for users added through "
                    + "/api/users, not the built-in admin");
        }
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name: expected what the token is for, such as "
                    + "'careers-north referrals'");
        }
        ApiTokens.NewToken token = tokens.create(username, request.name().strip());
        audit.record(null, "token-added", null, username + " token " + token.id() + " (" + token.name() + ")");
        return token;
    }

    @DeleteMapping("/api/users/{username}/tokens/{id}")
    public void revoke(@PathVariable String username, @PathVariable long id) {
        if (!tokens.revoke(username, id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "user " + username + " has no token " + id);
        }
        audit.record(null, "token-revoked", null, username + " token " + id);
    }

    /** The access audit, newest first: of one user ({@code username}) or about one young person ({@code hubId}). */
    @GetMapping("/api/audit")
    public List<AccessAudit.Event> audit(@RequestParam(required = false) String username,
                                         @RequestParam(required = false) UUID hubId,
                                         @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        Paging paging = Paging.of(page, size);
        return audit.events(username, hubId, paging.offset(), paging.size());
    }

    private static <T> T valid(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (HubUsers.InvalidUser e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (UsernameNotFoundException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private static ResponseStatusException notFound(String username) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no user '" + username + "'");
    }
}
