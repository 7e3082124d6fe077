package dev.tracehound.platform.identity;

import static dev.tracehound.platform.SecretDigest.sha256;
import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.platform.ApiKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A project's API keys, as people manage them: list, create, rotate, revoke. The secret is
 * returned once, by {@link #create} and {@link #rotate}; only its SHA-256 is stored. Presented
 * keys are checked by {@link ApiKeys#holderOf}, which refuses revoked and expired keys and keys
 * of a project being deleted.
 *
 * <p>Every method takes the workspace and the project: a project of another workspace, or one
 * being deleted, is {@link NotFoundException}, as is a key of another project. Who may do what
 * is the caller's policy to decide before the call (the one role table; {@link #find} gives a
 * key's creator, for "members manage their own keys"); each change writes one audit row in
 * its transaction.
 */
public final class ApiKeyAdmin {

    private static final String COLUMNS = """
            k.id, k.project_id, k.name, k.scope, k.key_prefix, k.created_by, k.created_at, k.last_used_at, k.expires_at,
            k.revoked_at""";
    private static final String SELECT_LIVE_PROJECT = """
            SELECT id FROM projects WHERE id = :project AND workspace_id = :workspace AND deletion_requested_at IS NULL""";
    /** Held while a key is added, so that a deletion starting at the same time waits for it, or it for the deletion. */
    private static final String LOCK_LIVE_PROJECT = SELECT_LIVE_PROJECT + " FOR SHARE";
    private static final String FROM_LIVE_PROJECT = """
            FROM api_keys k JOIN projects p ON p.id = k.project_id
            WHERE p.id = :project AND p.workspace_id = :workspace AND p.deletion_requested_at IS NULL""";
    private static final String SELECT_OF_PROJECT =
            "SELECT " + COLUMNS + " " + FROM_LIVE_PROJECT + " ORDER BY k.created_at DESC, k.id";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + " " + FROM_LIVE_PROJECT + " AND k.id = :key";
    private static final String SELECT_ONE_FOR_UPDATE = SELECT_ONE + " FOR UPDATE OF k";
    private static final String INSERT_KEY = """
            INSERT INTO api_keys AS k (id, project_id, name, key_hash, key_prefix, scope, created_by, expires_at)
            VALUES (:id, :project, :name, :hash, :prefix, :scope, :createdBy, :expiresAt)
            RETURNING\s""" + COLUMNS;
    private static final String REVOKE = "UPDATE api_keys SET revoked_at = now() WHERE id = :id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeyAdmin(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.audit = new AuditLog(dataSource);
        this.clock = clock;
    }

    /**
     * The project's keys, newest first, revoked and expired ones included.
     *
     * @throws NotFoundException the workspace has no such project, or it is being deleted
     */
    public List<ApiKeyView> list(UUID workspace, UUID project) {
        List<ApiKeyView> keys = jdbc.sql(SELECT_OF_PROJECT).param("workspace", workspace).param("project", project)
                .query(ApiKeyAdmin::key).list();
        if (keys.isEmpty()) {
            liveProject(workspace, project, SELECT_LIVE_PROJECT);
        }
        return keys;
    }

    /** One key of the project; empty when the key, or the project in this workspace, is not there. */
    public Optional<ApiKeyView> find(UUID workspace, UUID project, UUID key) {
        return jdbc.sql(SELECT_ONE).param("workspace", workspace).param("project", project).param("key", key)
                .query(ApiKeyAdmin::key).optional();
    }

    /**
     * A new key for the project. Its creator is the actor when a person acts, else none.
     *
     * @param expiresAt when the key stops working; null for never
     * @throws IllegalArgumentException the name is empty or longer than 200 characters, the
     *     scope is missing, or the expiry is not in the future
     * @throws NotFoundException the workspace has no such project, or it is being deleted
     */
    public IssuedKey create(Actor actor, UUID workspace, UUID project, String name, ApiKeys.Scope scope,
            Instant expiresAt) {
        String checkedName = Names.requireName("key", name);
        if (scope == null) {
            throw new IllegalArgumentException("a key needs a scope: INGEST to send telemetry or READ to read it");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a key's expiry must be in the future; was " + expiresAt
                    + " (now is " + now + "); leave it out for a key that does not expire");
        }
        UUID creator = actor.kind() == Actor.Kind.USER ? actor.id() : null;
        return transactions.execute(status -> {
            liveProject(workspace, project, LOCK_LIVE_PROJECT);
            IssuedKey issued = insert(project, checkedName, scope, creator, expiresAt);
            audit.append(workspace, actor, AuditAction.API_KEY_CREATED, "api_key", issued.key().id(),
                    summary("project", project.toString(), "name", checkedName, "scope", scope,
                            "prefix", issued.key().prefix(), "expiresAt", text(expiresAt)));
            return issued;
        });
    }

    /**
     * Replaces a key with a new secret of the same name, scope, expiry and creator, revoking
     * the old one, in one transaction; the old secret stops working with it (and within the
     * callers' key cache time where they cache).
     *
     * @throws NotFoundException no such key of this project, or the project is being deleted
     * @throws ConflictException the key was revoked or has expired: create a new one instead
     */
    public IssuedKey rotate(Actor actor, UUID workspace, UUID project, UUID key) {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            ApiKeyView old = lockKey(workspace, project, key);
            if (old.revokedAt() != null) {
                throw new ConflictException("key '" + old.name() + "' was revoked at " + old.revokedAt()
                        + " and cannot be rotated; create a new key instead");
            }
            if (old.expiresAt() != null && !old.expiresAt().isAfter(now)) {
                throw new ConflictException("key '" + old.name() + "' expired at " + old.expiresAt()
                        + " and a rotated key would expire with it; create a new key instead");
            }
            IssuedKey issued = insert(project, old.name(), old.scope(), old.createdBy(), old.expiresAt());
            jdbc.sql(REVOKE).param("id", key).update();
            audit.append(workspace, actor, AuditAction.API_KEY_ROTATED, "api_key", key,
                    summary("project", project.toString(), "name", old.name(), "scope", old.scope(),
                            "replacedBy", issued.key().id().toString(), "prefix", issued.key().prefix()));
            return issued;
        });
    }

    /**
     * Revokes a key; it stops working at once here, and within the callers' key cache time
     * where they cache. Returns false, and writes nothing, when it was revoked already.
     *
     * @throws NotFoundException no such key of this project, or the project is being deleted
     */
    public boolean revoke(Actor actor, UUID workspace, UUID project, UUID key) {
        return transactions.execute(status -> {
            ApiKeyView current = lockKey(workspace, project, key);
            if (current.revokedAt() != null) {
                return false;
            }
            jdbc.sql(REVOKE).param("id", key).update();
            audit.append(workspace, actor, AuditAction.API_KEY_REVOKED, "api_key", key,
                    summary("project", project.toString(), "name", current.name(), "scope", current.scope(),
                            "prefix", current.prefix()));
            return true;
        });
    }

    private void liveProject(UUID workspace, UUID project, String statement) {
        jdbc.sql(statement).param("workspace", workspace).param("project", project).query(UUID.class).optional()
                .orElseThrow(() -> new NotFoundException("workspace " + workspace + " has no project " + project));
    }

    private ApiKeyView lockKey(UUID workspace, UUID project, UUID key) {
        return jdbc.sql(SELECT_ONE_FOR_UPDATE).param("workspace", workspace).param("project", project).param("key", key)
                .query(ApiKeyAdmin::key).optional()
                .orElseThrow(() -> new NotFoundException("project " + project + " of workspace " + workspace
                        + " has no key " + key));
    }

    private IssuedKey insert(UUID project, String name, ApiKeys.Scope scope, UUID creator, Instant expiresAt) {
        String secret = ApiKeys.newKey();
        ApiKeyView created = jdbc.sql(INSERT_KEY)
                .param("id", UUID.randomUUID())
                .param("project", project)
                .param("name", name)
                .param("hash", sha256(secret))
                .param("prefix", ApiKeys.shownPrefix(secret))
                .param("scope", scope.column())
                .param("createdBy", creator)
                .param("expiresAt", Times.at(expiresAt))
                .query(ApiKeyAdmin::key).single();
        return new IssuedKey(created, secret);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static ApiKeyView key(ResultSet rs, int row) throws SQLException {
        return new ApiKeyView(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                rs.getString("name"), ApiKeys.Scope.fromColumn(rs.getString("scope")), rs.getString("key_prefix"),
                rs.getObject("created_by", UUID.class), Times.read(rs, "created_at"), Times.read(rs, "last_used_at"),
                Times.read(rs, "expires_at"), Times.read(rs, "revoked_at"));
    }
}
