package dev.tracehound.agent.session;

import static dev.tracehound.agent.session.Columns.column;
import static dev.tracehound.agent.session.Columns.instant;
import static dev.tracehound.agent.session.Columns.requireName;
import static dev.tracehound.agent.session.Columns.timestamp;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows of {@code agent_sessions}: a session itself, its title and status. */
final class SessionRows {

    static final int MAX_PAGE_SIZE = 200;
    private static final int MAX_TITLE = 200;

    static final String COLUMNS = "id, workspace_id, project_id, user_id, title, model, status, created_at, updated_at";
    private static final String INSERT_SESSION = """
            INSERT INTO agent_sessions (id, workspace_id, project_id, user_id, title, model)
            VALUES (:id, :workspace, :project, :user, :title, :model)
            RETURNING\s""" + COLUMNS;
    private static final String SELECT_SESSION =
            "SELECT " + COLUMNS + " FROM agent_sessions WHERE id = :id AND deleted_at IS NULL";
    private static final String SELECT_SESSION_AND_LAST_EVENT =
            "SELECT " + COLUMNS + ", last_event_seq FROM agent_sessions WHERE id = :id AND deleted_at IS NULL";
    private static final String SELECT_PAGE = "SELECT " + COLUMNS + """

            FROM agent_sessions
            WHERE project_id = :project AND deleted_at IS NULL <afterCursor>
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""";
    private static final String AFTER_CURSOR = "AND (created_at, id) < (:afterTime, :afterId)";
    private static final String RENAME = """
            UPDATE agent_sessions SET title = :title, updated_at = now() WHERE id = :id AND deleted_at IS NULL""";
    private static final String DELETE = """
            UPDATE agent_sessions SET deleted_at = now(), updated_at = now() WHERE id = :id AND deleted_at IS NULL""";
    private static final String ERASE_PROJECT = "DELETE FROM agent_sessions WHERE project_id = :project";
    private static final String SET_STATUS = """
            UPDATE agent_sessions SET status = :status, updated_at = now() WHERE id = :id AND deleted_at IS NULL""";

    private final JdbcClient jdbc;

    SessionRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    AgentSession create(UUID workspaceId, UUID projectId, String userId, String title, String model) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(projectId, "projectId");
        return jdbc.sql(INSERT_SESSION)
                .param("id", UUID.randomUUID())
                .param("workspace", workspaceId)
                .param("project", projectId)
                .param("user", requireName("user id", userId))
                .param("title", requireTitle(title))
                .param("model", requireName("model", model))
                .query(SessionRows::session)
                .single();
    }

    Optional<AgentSession> get(UUID sessionId) {
        return jdbc.sql(SELECT_SESSION)
                .param("id", sessionId)
                .query(SessionRows::session)
                .optional();
    }

    Optional<SessionStore.Current> current(UUID sessionId) {
        return jdbc.sql(SELECT_SESSION_AND_LAST_EVENT)
                .param("id", sessionId)
                .query((rs, n) -> new SessionStore.Current(session(rs, n), rs.getLong("last_event_seq")))
                .optional();
    }

    SessionPage listByProject(UUID projectId, int pageSize, Optional<String> cursor) {
        Objects.requireNonNull(projectId, "projectId");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidSessionInputException("page size must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        Optional<Cursor> after = cursor.map(Cursor::decode);
        var query = jdbc.sql(SELECT_PAGE.replace("<afterCursor>", after.isPresent() ? AFTER_CURSOR : ""))
                .param("project", projectId)
                .param("limit", pageSize + 1);
        if (after.isPresent()) {
            query = query.param("afterTime", timestamp(after.get().createdAt())).param("afterId", after.get().id());
        }
        List<AgentSession> rows = query.query(SessionRows::session).list();
        if (rows.size() <= pageSize) {
            return new SessionPage(rows, Optional.empty());
        }
        List<AgentSession> page = rows.subList(0, pageSize);
        AgentSession last = page.getLast();
        return new SessionPage(page, Optional.of(new Cursor(last.createdAt(), last.id()).encode()));
    }

    boolean rename(UUID sessionId, String title) {
        return jdbc.sql(RENAME).param("title", requireTitle(title)).param("id", sessionId).update() == 1;
    }

    boolean delete(UUID sessionId) {
        return jdbc.sql(DELETE).param("id", sessionId).update() == 1;
    }

    int eraseProject(UUID projectId) {
        return jdbc.sql(ERASE_PROJECT).param("project", projectId).update();
    }

    void setStatus(UUID sessionId, SessionStatus status) {
        Objects.requireNonNull(status, "status");
        if (jdbc.sql(SET_STATUS).param("status", column(status)).param("id", sessionId).update() == 0) {
            throw new SessionNotFoundException(sessionId);
        }
    }

    static AgentSession session(ResultSet rs, int row) throws SQLException {
        return new AgentSession(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getString("user_id"), rs.getString("title"),
                rs.getString("model"), Columns.enumOf(SessionStatus.class, rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static String requireTitle(String title) {
        String trimmed = title == null ? "" : title.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidSessionInputException("a session title cannot be empty");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_TITLE) {
            throw new InvalidSessionInputException("a session title is at most " + MAX_TITLE + " characters");
        }
        return trimmed;
    }

    /** Where a page of sessions ended: opaque to clients, who only hand it back. */
    private record Cursor(Instant createdAt, UUID id) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + "_" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int separator = text.indexOf('_');
                long micros = Long.parseLong(text.substring(0, separator));
                return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(text.substring(separator + 1)));
            } catch (RuntimeException e) {
                throw new InvalidSessionInputException("not a session list cursor: " + cursor, e);
            }
        }
    }
}
