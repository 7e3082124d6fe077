package dev.tracehound.agent.session;

import static dev.tracehound.agent.session.Columns.JSON;
import static dev.tracehound.agent.session.Columns.instant;
import static dev.tracehound.agent.session.Columns.requireName;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ToolCall;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;

/** The rows of {@code agent_messages}: a session's conversation, one turn a row, in order. */
final class MessageRows {

    private static final TypeReference<List<ToolCall>> TOOL_CALLS = new TypeReference<>() {};
    // No row: no such session; one row without an ordinal: a session with no messages yet.
    private static final String SELECT_MESSAGES = """
            SELECT s.id AS session_id, m.ordinal, m.role, m.text, m.tool_calls, m.tool_call_id, m.tool_name, m.created_at
            FROM agent_sessions s LEFT JOIN agent_messages m ON m.session_id = s.id
            WHERE s.id = :session AND s.deleted_at IS NULL
            ORDER BY m.ordinal""";
    /** {@link #SELECT_MESSAGES}, each row with the session's usage totals. */
    private static final String SELECT_MESSAGES_AND_USAGE = """
            SELECT s.id AS session_id, m.ordinal, m.role, m.text, m.tool_calls, m.tool_call_id, m.tool_name, m.created_at,
                   u.*
            FROM agent_sessions s
                 CROSS JOIN (<usageTotals> WHERE session_id = :session) u
                 LEFT JOIN agent_messages m ON m.session_id = s.id
            WHERE s.id = :session AND s.deleted_at IS NULL
            ORDER BY m.ordinal""".replace("<usageTotals>", UsageRows.TOTALS);
    /**
     * A part of {@link StepStatement}: the step's turns after the session's last one, numbered
     * from {@code session_row.messages_before}, in the order of the arrays.
     */
    static final String INSERT_MESSAGES_IN_STEP = """
            messages AS (
                INSERT INTO agent_messages (session_id, ordinal, role, text, tool_calls, tool_call_id, tool_name)
                SELECT session_row.id, session_row.messages_before + m.n, m.role, m.text, CAST(m.tool_calls AS jsonb),
                       m.tool_call_id, m.tool_name
                FROM session_row, unnest(CAST(:roles AS text[]), CAST(:texts AS text[]), CAST(:toolCalls AS text[]),
                                         CAST(:toolCallIds AS text[]), CAST(:toolNames AS text[]))
                    WITH ORDINALITY AS m(role, text, tool_calls, tool_call_id, tool_name, n))""";

    private final JdbcClient jdbc;

    MessageRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SessionMessage> messages(UUID sessionId) {
        List<Optional<SessionMessage>> rows = jdbc.sql(SELECT_MESSAGES)
                .param("session", sessionId)
                .query((rs, n) -> rs.getObject("ordinal") == null ? Optional.<SessionMessage>empty()
                        : Optional.of(message(rs, n)))
                .list();
        if (rows.isEmpty()) {
            throw new SessionNotFoundException(sessionId);
        }
        return rows.stream().flatMap(Optional::stream).toList();
    }

    SessionStore.RunStart runStart(UUID sessionId) {
        record Row(Optional<SessionMessage> message, UsageTotals usage) {}
        List<Row> rows = jdbc.sql(SELECT_MESSAGES_AND_USAGE)
                .param("session", sessionId)
                .query((rs, n) -> new Row(rs.getObject("ordinal") == null ? Optional.empty() : Optional.of(message(rs, n)),
                        UsageRows.totals(rs, n)))
                .list();
        if (rows.isEmpty()) {
            throw new SessionNotFoundException(sessionId);
        }
        return new SessionStore.RunStart(rows.stream().flatMap(row -> row.message().stream()).map(SessionMessage::turn)
                .toList(), rows.getFirst().usage());
    }

    /** The parameters of {@link #INSERT_MESSAGES_IN_STEP}: one array per column, one element per turn. */
    static void bind(List<ChatTurn> turns, MapSqlParameterSource params) {
        List<Row> rows = turns.stream().map(Row::of).toList();
        params.addValue("roles", rows.stream().map(Row::role).toArray(String[]::new))
                .addValue("texts", rows.stream().map(Row::text).toArray(String[]::new))
                .addValue("toolCalls", rows.stream().map(Row::toolCalls).toArray(String[]::new))
                .addValue("toolCallIds", rows.stream().map(Row::toolCallId).toArray(String[]::new))
                .addValue("toolNames", rows.stream().map(Row::toolName).toArray(String[]::new));
    }

    private static SessionMessage message(ResultSet rs, int row) throws SQLException {
        String text = rs.getString("text");
        ChatTurn turn = switch (rs.getString("role")) {
            case "system" -> new ChatTurn.System(text);
            case "user" -> new ChatTurn.User(text);
            case "assistant" -> new ChatTurn.Assistant(text, JSON.readValue(rs.getString("tool_calls"), TOOL_CALLS));
            case "tool" -> new ChatTurn.ToolResult(rs.getString("tool_call_id"), rs.getString("tool_name"), text);
            default -> throw new IllegalStateException("unknown message role " + rs.getString("role"));
        };
        return new SessionMessage(rs.getObject("session_id", UUID.class), rs.getInt("ordinal"), turn,
                instant(rs, "created_at"));
    }

    /** A turn as the columns of its row; {@code toolCalls} is JSON. */
    private record Row(String role, String text, String toolCalls, String toolCallId, String toolName) {

        static Row of(ChatTurn turn) {
            return switch (Objects.requireNonNull(turn, "turn")) {
                case ChatTurn.System s -> new Row("system", textOf(s.text()), "[]", null, null);
                case ChatTurn.User u -> new Row("user", textOf(u.text()), "[]", null, null);
                case ChatTurn.Assistant a -> new Row("assistant", textOf(a.text()),
                        JSON.writeValueAsString(a.toolCalls()), null, null);
                case ChatTurn.ToolResult r -> new Row("tool", textOf(r.content()), "[]",
                        requireName("tool call id", r.callId()), requireName("tool name", r.toolName()));
            };
        }

        private static String textOf(String text) {
            return text == null ? "" : text;
        }
    }
}
