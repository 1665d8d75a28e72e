package org.pathwayshub.access;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Users and access", description = "Users, their roles and API tokens, and the access audit (ADMIN). Every "
        + "change is audited (docs/access.md).")
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
    @Operation(summary = "The roles and the paths each may use",
            description = "Each role in mappings/access/roles.yaml with its description and the request paths it allows.")
    public java.util.Collection<Roles.Role> roles() {
        return roles.all();
    }

    @GetMapping("/api/users")
    @Operation(summary = "Every user",
            description = "Each user with their roles and organisation, whether they are enabled or locked, when they "
                    + "were added and last changed their password, and whether they are the built-in admin.")
    public List<HubUsers.HubUser> list() {
        return users.list();
    }

    @GetMapping("/api/users/{username}")
    @Operation(summary = "One user", description = "The user as the list shows them. An unknown name is a 404.")
    public HubUsers.HubUser get(@PathVariable String username) {
        return users.find(username).orElseThrow(() -> notFound(username));
    }

    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a user",
            description = "Body {\"username\", \"password\", \"roles\", \"organisation\"}: the password at least 12 "
                    + "characters, the roles from roles.yaml. A bad field is a 400 saying which and why. Audited.")
    public HubUsers.HubUser create(@RequestBody NewUser user) {
        HubUsers.HubUser created = valid(() -> users.create(user.username(), user.password(), user.roles(), user.organisation()));
        audit.record(null, "user-added", null, created.username() + " " + created.roles());
        return created;
    }

    @PutMapping("/api/users/{username}")
    @Operation(summary = "Change a user",
            description = "Body {\"password\", \"roles\", \"enabled\", \"organisation\"}: a field left out is "
                    + "unchanged. A bad field is a 400 saying which and why; an unknown name is a 404. Audited.")
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
    @Operation(summary = "Unlock a user", description = "Lets a user locked by failed sign-ins try again now. Audited.")
    public HubUsers.HubUser unlock(@PathVariable String username) {
        HubUsers.HubUser user = get(username);
        failures.clear(username);
        audit.record(null, "user-unlocked", null, username);
        return users.find(user.username()).orElseThrow();
    }

    @GetMapping("/api/users/{username}/tokens")
    @Operation(summary = "A user's API tokens",
            description = "Each token's id, name, when it was made, last used and revoked. The token itself is never "
                    + "shown again.")
    public List<ApiTokens.ApiToken> tokens(@PathVariable String username) {
        get(username);
        return tokens.list(username);
    }

    /** A new API token for the user: the answer is the only time the token is shown. */
    @PostMapping("/api/users/{username}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Make an API token for a user",
            description = "Body {\"name\"}: what the token is for. The token is used as Bearer with the user's roles. "
                    + "The answer is the only time it is shown; the hub keeps only a hash. Not for the built-in admin. "
                    + "Audited.")
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
    @Operation(summary = "Revoke an API token",
            description = "The token stops working at once. An unknown token is a 404. Audited.")
    public void revoke(@PathVariable String username, @PathVariable long id) {
        if (!tokens.revoke(username, id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "user " + username + " has no token " + id);
        }
        audit.record(null, "token-revoked", null, username + " token " + id);
    }

    /** The access audit, newest first: of one user ({@code username}) or about one young person ({@code hubId}). */
    @GetMapping("/api/audit")
    @Operation(summary = "The access audit, newest first",
            description = "Sign-ins and sign-outs, failed sign-ins and locks, changes to users and tokens, routes stopped "
                    + "and started, dead letters replayed, and every read of a named young person: when, who, what, about "
                    + "whom, and from where; and each retention erasure run (retention-erasure: the policy, counts only). Of "
                    + "one user or about one young person, a page at a time.")
    public List<AccessAudit.Event> audit(@Parameter(description = "Only events of this user")
                                         @RequestParam(required = false) String username,
                                         @Parameter(description = "Only events about this young person")
                                         @RequestParam(required = false) UUID hubId,
                                         @Parameter(description = "The page, from 0") @RequestParam(defaultValue = "0") int page,
                                         @Parameter(description = "Events a page, 1 to 1000 (100 by default)")
                                         @RequestParam(defaultValue = "100") int size) {
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
