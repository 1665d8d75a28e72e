package org.pathwayshub.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * For credentials the hub is given in plain text at start (environment variables): a random salt and SHA-256,
 * checked in constant time. Not for passwords users choose and the hub stores, which need a slow hash.
 */
final class SaltedSha256PasswordEncoder implements PasswordEncoder {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String encode(CharSequence raw) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(hash(salt, raw));
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        int dollar = encoded == null ? -1 : encoded.indexOf('$');
        if (raw == null || dollar < 0) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(encoded.substring(0, dollar));
        byte[] expected = Base64.getDecoder().decode(encoded.substring(dollar + 1));
        return MessageDigest.isEqual(expected, hash(salt, raw));
    }

    private static byte[] hash(byte[] salt, CharSequence raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(raw.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
