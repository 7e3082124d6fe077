package dev.tracehound.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a secret (an API key, an invitation token, a service key): what is stored or
 * compared instead of the secret itself. Random secrets of these lengths need no slow hash.
 */
public final class SecretDigest {

    private SecretDigest() {}

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
