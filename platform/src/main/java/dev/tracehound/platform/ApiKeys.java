package dev.tracehound.platform;

import static dev.tracehound.platform.SecretDigest.sha256;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Project API keys. A key is {@code thk_} followed by 40 random hex characters; only its
 * SHA-256 is stored (random keys of this length need no slow hash), with the first few
 * characters kept to tell keys apart in a list. A key has one scope: ingest keys only send
 * telemetry, read keys only read it, so a key copied out of a collector's config cannot be
 * used to read the project's data.
 */
public final class ApiKeys {

    /** What a key may do. */
    public enum Scope {
        INGEST, READ;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String PREFIX = "thk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    public ApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new key for the project; the returned text is the only copy of it. */
    public String create(UUID projectId, String name, Scope scope) {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        String key = PREFIX + HexFormat.of().formatHex(secret);
        register(projectId, name, key, scope);
        return key;
    }

    /**
     * Stores a key chosen by the caller, e.g. the well-known key of the local demo project;
     * does nothing if that key is already registered.
     */
    public void register(UUID projectId, String name, String key, Scope scope) {
        if (key == null || key.length() < 20) {
            throw new IllegalArgumentException("an API key must be at least 20 characters long");
        }
        jdbc.sql("""
                        INSERT INTO api_keys (id, project_id, name, key_hash, key_prefix, scope)
                        VALUES (:id, :project, :name, :hash, :prefix, :scope)
                        ON CONFLICT (key_hash) DO NOTHING""")
                .param("id", UUID.randomUUID())
                .param("project", projectId)
                .param("name", name)
                .param("hash", sha256(key))
                .param("prefix", key.substring(0, Math.min(8, key.length())))
                .param("scope", scope.column())
                .update();
    }

    /**
     * The project a presented key belongs to, unless the key is unknown, revoked, or of
     * another scope.
     */
    public Optional<UUID> projectOf(String presentedKey, Scope scope) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT project_id FROM api_keys
                        WHERE key_hash = :hash AND revoked_at IS NULL AND scope = :scope""")
                .param("hash", sha256(presentedKey))
                .param("scope", scope.column())
                .query(UUID.class)
                .optional();
    }

    /** Revokes a key; it stops working at once here, and within the callers' cache time elsewhere. */
    public boolean revoke(String key) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE key_hash = :hash AND revoked_at IS NULL")
                .param("hash", sha256(key))
                .update() == 1;
    }
}
