package org.pathwayshub.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tokens for machines calling the API ({@code Authorization: Bearer <token>}), each for one user, with that user's
 * roles. The token is shown once, when made; the hub keeps only its SHA-256 (a token is 32 random bytes, so a slow
 * hash adds nothing), and a revoked token stops working at once.
 */
@Component
public class ApiTokens {

    static final String PREFIX = "ph_";

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A token as listed: never the token itself. */
    public record ApiToken(long id, String username, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    }

    /** A token just made: the only time {@code token} is shown. */
    public record NewToken(long id, String username, String name, String token) {
    }

    public NewToken create(String username, String name) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Long id = jdbc.queryForObject("insert into api_token (username, name, token_sha256) values (?, ?, ?) returning id",
                Long.class, username, name, sha256(token));
        return new NewToken(id, username, name, token);
    }

    public List<ApiToken> list(String username) {
        return jdbc.query("""
                select id, username, name, created_at, last_used_at, revoked_at from api_token where username = ? order by id""",
                (rs, n) -> new ApiToken(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))), username);
    }

    /** True if the user had such a token and it is now revoked. */
    public boolean revoke(String username, long id) {
        return jdbc.update("update api_token set revoked_at = coalesce(revoked_at, now()) where id = ? and username = ?",
                id, username) > 0;
    }

    /** The user a live token belongs to (and it is marked used), or empty. */
    Optional<String> userOf(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        List<String> users = jdbc.queryForList("""
                update api_token set last_used_at = now() where token_sha256 = ? and revoked_at is null returning username""",
                String.class, sha256(token));
        return users.stream().findFirst();
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
