package dev.tracehound.agent.session;

import static dev.tracehound.agent.session.Columns.instant;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of {@code agent_events}: a session's event log, numbered from 1 without gaps by the
 * session row's {@code last_event_seq}; {@code data} is stored and replayed byte for byte.
 */
final class EventRows {

    static final int MAX_EVENTS_PER_READ = 10_000;
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private static final String SELECT_LAST_SEQUENCE = """
            SELECT last_event_seq FROM agent_sessions WHERE id = :session AND deleted_at IS NULL""";
    private static final String SELECT_AFTER = """
            SELECT seq, type, data, created_at FROM agent_events
            WHERE session_id = :session AND seq > :after
            ORDER BY seq
            LIMIT :limit""";
    /** A part of {@link StepStatement}: the step's events, numbered after {@code session_row.events_before}. */
    static final String INSERT_EVENTS_IN_STEP = """
            events AS (
                INSERT INTO agent_events (session_id, seq, type, data)
                SELECT session_row.id, session_row.events_before + e.n, e.type, CAST(e.data AS json)
                FROM session_row, unnest(CAST(:types AS text[]), CAST(:data AS text[])) WITH ORDINALITY AS e(type, data, n))""";

    private final JdbcClient jdbc;

    EventRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long lastSequence(UUID sessionId) {
        return jdbc.sql(SELECT_LAST_SEQUENCE)
                .param("session", sessionId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new SessionNotFoundException(sessionId));
    }

    List<SessionEvent> after(UUID sessionId, long afterSequence, int limit) {
        if (afterSequence < 0) {
            throw new IllegalArgumentException("an event sequence number is 0 or more, was " + afterSequence);
        }
        if (limit < 1 || limit > MAX_EVENTS_PER_READ) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_EVENTS_PER_READ + ", was " + limit);
        }
        return jdbc.sql(SELECT_AFTER)
                .param("session", sessionId)
                .param("after", afterSequence)
                .param("limit", limit)
                .query((rs, n) -> new SessionEvent(sessionId, rs.getLong("seq"), rs.getString("type"),
                        rs.getString("data"), instant(rs, "created_at")))
                .list();
    }

    /** The parameters of {@link #INSERT_EVENTS_IN_STEP}, once each event is checked. */
    static void bind(List<NewEvent> events, MapSqlParameterSource params) {
        events.forEach(event -> requireEvent(event.type(), event.data()));
        params.addValue("types", events.stream().map(NewEvent::type).toArray(String[]::new))
                .addValue("data", events.stream().map(NewEvent::data).toArray(String[]::new));
    }

    private static void requireEvent(String type, String data) {
        if (type == null || type.length() > 64 || !EVENT_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("an event type is a dotted lowercase name like tool.started, was " + type);
        }
        Columns.requireJson("event data", data);
    }
}
