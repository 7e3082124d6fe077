package dev.tracehound.platform;

import static dev.tracehound.platform.SecretDigest.sha256;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Project API keys. A key is {@code thk_} followed by 40 random hex characters; only its
 * SHA-256 is stored (random keys of this length need no slow hash), with the first few
 * characters kept to tell keys apart in a list. A key has one scope: ingest keys only send
 * telemetry, read keys only read it, so a key copied out of a collector's config cannot be
 * used to read the project's data.
 *
 * <p>A key works while it is not revoked, not past its expiry, and its project is not being
 * deleted ({@link #holderOf}). Keys made here have no creator (the service made them, e.g. the
 * demo key); people's keys are made, listed, rotated and revoked through the identity
 * package's {@code ApiKeyAdmin}, which writes the audit log.
 */
public final class ApiKeys {

    /** What a key may do. */
    public enum Scope {
        INGEST, READ;

        /** The scope as stored in the {@code scope} column. */
        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope fromColumn(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    /** {@link #touch} writes a key's last use at most this often, per key and per instance. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final String PREFIX = "thk_";
    private static final int SHOWN_PREFIX_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Past this many remembered keys the throttle starts over: at worst one extra write per key. */
    private static final int MAX_REMEMBERED_TOUCHES = 100_000;

    private static final String INSERT_KEY = """
            INSERT INTO api_keys (id, project_id, name, key_hash, key_prefix, scope)
            VALUES (:id, :project, :name, :hash, :prefix, :scope)
            ON CONFLICT (key_hash) DO NOTHING""";
    private static final String SELECT_HOLDER = """
            SELECT k.id, k.project_id, k.scope FROM api_keys k JOIN projects p ON p.id = k.project_id
            WHERE k.key_hash = :hash AND k.scope = :scope AND k.revoked_at IS NULL
              AND (k.expires_at IS NULL OR k.expires_at > now()) AND p.deletion_requested_at IS NULL""";
    private static final String REVOKE_BY_HASH = """
            UPDATE api_keys SET revoked_at = now() WHERE key_hash = :hash AND revoked_at IS NULL""";
    private static final String UPDATE_LAST_USED = "UPDATE api_keys SET last_used_at = now() WHERE id = :id";

    private final JdbcClient jdbc;
    private final InstantSource clock;
    /** When each key's last use may next be written, in {@link InstantSource#millis()}. */
    private final Map<UUID, Long> nextTouch = new ConcurrentHashMap<>();

    public ApiKeys(JdbcClient jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    ApiKeys(JdbcClient jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new random key: {@code thk_} and 40 hex characters. Nothing is stored. */
    public static String newKey() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return PREFIX + HexFormat.of().formatHex(secret);
    }

    /** The start of a key that is kept in the clear, to tell keys apart in a list. */
    public static String shownPrefix(String key) {
        return key.substring(0, Math.min(SHOWN_PREFIX_LENGTH, key.length()));
    }

    /** A new key for the project, made by the service (no creator); the returned text is the only copy of it. */
    public String create(UUID projectId, String name, Scope scope) {
        String key = newKey();
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
        jdbc.sql(INSERT_KEY)
                .param("id", UUID.randomUUID())
                .param("project", projectId)
                .param("name", name)
                .param("hash", sha256(key))
                .param("prefix", shownPrefix(key))
                .param("scope", scope.column())
                .update();
    }

    /**
     * The key and project a presented key stands for, unless the key is unknown, revoked,
     * expired, of another scope, or its project is being deleted. Callers that cache the answer
     * keep a stopped key working for as long as they cache it.
     */
    public Optional<KeyHolder> holderOf(String presentedKey, Scope scope) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT_HOLDER)
                .param("hash", sha256(presentedKey))
                .param("scope", scope.column())
                .query((rs, row) -> new KeyHolder(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                        Scope.fromColumn(rs.getString("scope"))))
                .optional();
    }

    /** The project of a presented key, on the terms of {@link #holderOf}. */
    public Optional<UUID> projectOf(String presentedKey, Scope scope) {
        return holderOf(presentedKey, scope).map(KeyHolder::projectId);
    }

    /**
     * Whether {@link #touch} would write now; no I/O, for the event loop to decide whether to
     * hand the touch to a thread at all.
     */
    public boolean touchDue(UUID keyId) {
        Long due = nextTouch.get(keyId);
        return due == null || clock.millis() >= due;
    }

    /**
     * Notes that a key was used now. Cheap enough for every request: it writes PostgreSQL at
     * most once per {@link #LAST_USED_RESOLUTION} per key (an in-memory throttle, so with several
     * instances each writes at most that often), and otherwise returns without any I/O; so a
     * key's last use is accurate to about a minute. The one write in a minute is a blocking JDBC
     * call: call this off the event loop. Returns whether it wrote.
     *
     * @throws org.springframework.dao.DataAccessException PostgreSQL failed the write (the
     *     throttle still waits a minute before the next try for this key)
     */
    public boolean touch(UUID keyId) {
        long now = clock.millis();
        Long due = nextTouch.get(keyId);
        if (due != null && now < due) {
            return false;
        }
        if (nextTouch.size() >= MAX_REMEMBERED_TOUCHES) {
            nextTouch.clear();
        }
        long next = now + LAST_USED_RESOLUTION.toMillis();
        boolean mine = due == null ? nextTouch.putIfAbsent(keyId, next) == null : nextTouch.replace(keyId, due, next);
        if (!mine) {
            return false;
        }
        jdbc.sql(UPDATE_LAST_USED).param("id", keyId).update();
        return true;
    }

    /** Revokes a key; it stops working at once here, and within the callers' cache time elsewhere. */
    public boolean revoke(String key) {
        return jdbc.sql(REVOKE_BY_HASH).param("hash", sha256(key)).update() == 1;
    }
}
