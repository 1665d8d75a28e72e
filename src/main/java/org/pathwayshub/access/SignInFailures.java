package org.pathwayshub.access;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Repeated failed sign-ins slow down, then lock the user name for a while: after the {@code slowAfter}th failure in a
 * row each further answer waits longer (up to a few seconds), and the {@code lockAfter}th locks the name for
 * {@code lockFor}, whatever password comes next. A sign-in that succeeds clears the count. Sign-ins with a form and
 * every failure are audited; a successful API call (HTTP Basic or a token, one per request) is not a sign-in.
 */
@Component
public class SignInFailures {

    private static final Logger log = LoggerFactory.getLogger(SignInFailures.class);
    private static final long MAX_DELAY_MS = 3_000;

    private final JdbcTemplate jdbc;
    private final AccessAudit audit;
    private final int slowAfter;
    private final int lockAfter;
    private final Duration lockFor;

    public SignInFailures(JdbcTemplate jdbc, AccessAudit audit, AccessProperties properties) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.slowAfter = properties.getSlowAfter();
        this.lockAfter = properties.getLockAfter();
        this.lockFor = properties.getLockFor();
    }

    public boolean isLocked(String username) {
        Instant until = jdbc.query("select locked_until from sign_in_failure where username = ?",
                rs -> rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null, username);
        return until != null && until.isAfter(Instant.now());
    }

    /** An admin lets a locked user try again. */
    public void clear(String username) {
        jdbc.update("delete from sign_in_failure where username = ?", username);
    }

    @EventListener
    public void failed(AuthenticationFailureBadCredentialsEvent event) throws InterruptedException {
        String username = event.getAuthentication().getName();
        Integer failures = jdbc.queryForObject("""
                insert into sign_in_failure (username, failures, last_failure_at) values (?, 1, now())
                on conflict (username) do update set failures = sign_in_failure.failures + 1, last_failure_at = now()
                returning failures""", Integer.class, username);
        int count = failures == null ? 1 : failures;
        if (count >= lockAfter) {
            jdbc.update("update sign_in_failure set locked_until = now() + make_interval(secs => ?) where username = ?",
                    (double) lockFor.toSeconds(), username);
            audit.record(username, "locked", null, count + " failed sign-ins in a row; locked for " + lockFor.toMinutes()
                    + " minutes");
            log.warn("A user name was locked for {} minutes after {} failed sign-ins in a row", lockFor.toMinutes(), count);
        }
        if (count > slowAfter) {
            Thread.sleep(Math.min(MAX_DELAY_MS, 250L << Math.min(count - slowAfter - 1, 4)));
        }
    }

    @EventListener
    public void anyFailure(AbstractAuthenticationFailureEvent event) {
        audit.record(event.getAuthentication().getName(), "sign-in-failed", null, event.getException().getClass().getSimpleName()
                .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A good password clears the user's count of failures. If the database goes away between checking the password
     * and clearing the count, the count stays (the safe way round) and the request goes on, to be answered 503 by
     * whatever it asked for, not 500 from inside the sign-in.
     */
    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        try {
            jdbc.update("delete from sign_in_failure where username = ? and (locked_until is null or locked_until < now())",
                    event.getAuthentication().getName());
        } catch (DataAccessException databaseAway) {
            log.debug("Could not clear a user's failed sign-ins ({})", databaseAway.getClass().getSimpleName());
        }
    }

    @EventListener
    public void signedIn(InteractiveAuthenticationSuccessEvent event) {
        audit.record(event.getAuthentication().getName(), "sign-in", null, "form");
    }

    @EventListener
    public void signedOut(LogoutSuccessEvent event) {
        audit.record(event.getAuthentication().getName(), "sign-out", null, null);
    }
}
