package dev.tracehound.platform.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log of a workspace: who did what to whom, with a summary of the
 * change, from which address and user agent, and when. Rows are written by the identity
 * doors in the same transaction as the change they record (exactly one per change), and the
 * database refuses to update, delete or truncate them.
 */
public final class AuditLog {

    private static final String INSERT_ENTRY = """
            INSERT INTO audit_log (workspace_id, actor_kind, actor_id, action, target_kind, target_id, summary, ip, user_agent)
            VALUES (:workspace, :actorKind, :actorId, :action, :targetKind, :targetId, CAST(:summary AS jsonb), :ip, :userAgent)""";
    private static final String SELECT_WORKSPACE_ENTRIES = """
            SELECT id, workspace_id, occurred_at, actor_kind, actor_id, action, target_kind, target_id,
                   summary::text AS summary, ip, user_agent
            FROM audit_log WHERE workspace_id = :workspace ORDER BY id DESC LIMIT :limit""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public AuditLog(DataSource dataSource) {
        this(JdbcClient.create(dataSource));
    }

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The workspace's newest entries first, at most {@code limit}. */
    public List<AuditEntry> entries(UUID workspace, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000; was " + limit);
        }
        return jdbc.sql(SELECT_WORKSPACE_ENTRIES).param("workspace", workspace).param("limit", limit)
                .query(AuditLog::entry).list();
    }

    /** Appends one entry; the caller's transaction makes it part of the change it records. */
    void append(UUID workspace, Actor actor, AuditAction action, String targetKind, Object targetId,
            Map<String, ?> summary) {
        jdbc.sql(INSERT_ENTRY)
                .param("workspace", workspace)
                .param("actorKind", actor.kind().name().toLowerCase(Locale.ROOT))
                .param("actorId", actor.id())
                .param("action", action.name())
                .param("targetKind", targetKind)
                .param("targetId", String.valueOf(targetId))
                .param("summary", JSON.writeValueAsString(summary))
                .param("ip", actor.ip())
                .param("userAgent", actor.userAgent())
                .update();
    }

    /** A summary in the order given: key, value, key, value… (values may be null). */
    static Map<String, Object> summary(Object... keysAndValues) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            summary.put((String) keysAndValues[i], value instanceof Enum<?> e ? e.name() : value);
        }
        return summary;
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        Actor actor = new Actor(Actor.Kind.valueOf(rs.getString("actor_kind").toUpperCase(Locale.ROOT)),
                rs.getObject("actor_id", UUID.class), rs.getString("ip"), rs.getString("user_agent"));
        return new AuditEntry(rs.getLong("id"), rs.getObject("workspace_id", UUID.class), Times.read(rs, "occurred_at"),
                actor, AuditAction.valueOf(rs.getString("action")), rs.getString("target_kind"), rs.getString("target_id"),
                rs.getString("summary"));
    }
}
