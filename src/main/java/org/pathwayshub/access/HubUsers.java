package org.pathwayshub.access;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The people and machines that sign in: the built-in admin (HUB_ADMIN_USER, HUB_ADMIN_PASSWORD, role ADMIN) and the
 * users an admin adds, kept in PostgreSQL with a bcrypt hash of their password (Spring Security's encoder). A user
 * with too many failed sign-ins is locked for a while ({@link SignInFailures}).
 */
public class HubUsers implements UserDetailsService {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{2,63}");
    static final int MIN_PASSWORD_LENGTH = 12;

    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final Roles roles;
    private final SignInFailures failures;
    private final UserDetails builtInAdmin;

    HubUsers(JdbcTemplate jdbc, PasswordEncoder encoder, Roles roles, SignInFailures failures, UserDetails builtInAdmin) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.roles = roles;
        this.failures = failures;
        this.builtInAdmin = builtInAdmin;
    }

    /** A user as an admin sees them: never the password hash. */
    public record HubUser(String username, List<String> roles, String organisation, boolean enabled, boolean locked,
                          Instant createdAt, Instant passwordChangedAt, boolean builtIn) {
    }

    /** A request to add or change a user was not valid; the message names the field and what is expected. */
    public static final class InvalidUser extends RuntimeException {
        InvalidUser(String message) {
            super(message);
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        boolean locked = failures.isLocked(username);
        if (builtInAdmin.getUsername().equals(username)) {
            return User.withUserDetails(builtInAdmin).accountLocked(locked).build();
        }
        return jdbc.query("select password_hash, roles, enabled from hub_user where username = ?", rs -> {
            if (!rs.next()) {
                throw new UsernameNotFoundException("no such user");
            }
            return User.withUsername(username).password(rs.getString(1)).roles(strings(rs.getArray(2)).toArray(String[]::new))
                    .disabled(!rs.getBoolean(3)).accountLocked(locked).build();
        }, username);
    }

    public List<HubUser> list() {
        List<HubUser> users = new ArrayList<>();
        users.add(builtIn());
        users.addAll(query(null));
        return users;
    }

    public Optional<HubUser> find(String username) {
        if (builtInAdmin.getUsername().equals(username)) {
            return Optional.of(builtIn());
        }
        return query(username).stream().findFirst();
    }

    private HubUser builtIn() {
        return new HubUser(builtInAdmin.getUsername(), List.of(Roles.ADMIN), null, true,
                failures.isLocked(builtInAdmin.getUsername()), null, null, true);
    }

    /** The users added through the API (one, or all when {@code username} is null), with their lock in the same query. */
    private List<HubUser> query(String username) {
        return jdbc.query("""
                select u.username, u.roles, u.organisation, u.enabled, u.created_at, u.password_changed_at,
                  coalesce(f.locked_until > now(), false)
                from hub_user u left join sign_in_failure f on f.username = u.username
                where (?::text is null or u.username = ?) order by u.username""",
                (rs, n) -> new HubUser(rs.getString(1), strings(rs.getArray(2)), rs.getString(3), rs.getBoolean(4),
                        rs.getBoolean(7), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), false),
                username, username);
    }

    public HubUser create(String username, String password, List<String> roleNames, String organisation) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidUser("username: expected 3 to 64 lower-case letters, digits or . _ @ - (got '" + username + "')");
        }
        if (username.equals(builtInAdmin.getUsername())) {
            throw new InvalidUser("username: '" + username + "' is the built-in admin (HUB_ADMIN_USER)");
        }
        String hash = encoder.encode(checkedPassword(password));
        String[] checkedRoles = checkedRoles(roleNames);
        try {
            jdbc.update("insert into hub_user (username, password_hash, roles, organisation) values (?, ?, ?, ?)",
                    username, hash, checkedRoles, blankToNull(organisation));
        } catch (DuplicateKeyException e) {
            throw new InvalidUser("username: '" + username + "' is already a user");
        }
        return find(username).orElseThrow();
    }

    /** Changes what is given (null: unchanged). */
    public HubUser update(String username, String password, List<String> roleNames, Boolean enabled, String organisation) {
        if (username.equals(builtInAdmin.getUsername())) {
            throw new InvalidUser("username: the built-in admin is set by HUB_ADMIN_USER and HUB_ADMIN_PASSWORD");
        }
        if (find(username).isEmpty()) {
            throw new UsernameNotFoundException("no user '" + username + "'");
        }
        if (password != null) {
            jdbc.update("update hub_user set password_hash = ?, password_changed_at = now() where username = ?",
                    encoder.encode(checkedPassword(password)), username);
        }
        if (roleNames != null) {
            jdbc.update("update hub_user set roles = ? where username = ?", checkedRoles(roleNames), username);
        }
        if (enabled != null) {
            jdbc.update("update hub_user set enabled = ? where username = ?", enabled, username);
        }
        if (organisation != null) {
            jdbc.update("update hub_user set organisation = ? where username = ?", blankToNull(organisation), username);
        }
        return find(username).orElseThrow();
    }

    private static String checkedPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidUser("password: expected at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    private String[] checkedRoles(List<String> roleNames) {
        if (roleNames == null || roleNames.isEmpty()) {
            throw new InvalidUser("roles: expected one or more of " + new TreeSet<>(roles.names()));
        }
        Set<String> checked = new TreeSet<>();
        for (String role : roleNames) {
            if (!roles.has(role)) {
                throw new InvalidUser("roles: expected one or more of " + new TreeSet<>(roles.names()) + " (got '" + role + "')");
            }
            checked.add(role);
        }
        return checked.toArray(String[]::new);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
