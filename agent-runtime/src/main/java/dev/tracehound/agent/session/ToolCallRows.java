package dev.tracehound.agent.session;

import static dev.tracehound.agent.session.Columns.column;
import static dev.tracehound.agent.session.Columns.instant;
import static dev.tracehound.agent.session.Columns.optionalInstant;
import static dev.tracehound.agent.session.Columns.requireJson;
import static dev.tracehound.agent.session.Columns.requireName;

import dev.tracehound.agent.model.ToolCall;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows of {@code agent_tool_calls}: each call the model asked for, under the id it gave it. */
final class ToolCallRows {

    private static final String COLUMNS =
            "session_id, call_id, tool_name, arguments, status, output, result, created_at, started_at, finished_at";
    private static final String SELECT_CALLS = "SELECT " + COLUMNS
            + " FROM agent_tool_calls WHERE session_id = :session ORDER BY created_at, call_id";
    private static final String APPROVE = """
            UPDATE agent_tool_calls SET status = 'running', started_at = now()
            WHERE session_id = :session AND call_id = :call AND status = 'awaiting_approval'
            RETURNING\s""" + COLUMNS;
    private static final String FINISH = """
            UPDATE agent_tool_calls
            SET status = :status, output = :output, result = CAST(:result AS jsonb), finished_at = now()
            WHERE session_id = :session AND call_id = :call AND status IN ('running', 'awaiting_approval')
            RETURNING\s""" + COLUMNS;
    /**
     * A part of {@link StepStatement}: the step's new calls. They share the statement's now(), a
     * microsecond apart each, so they keep the order {@link #SELECT_CALLS} lists them in.
     */
    static final String INSERT_CALLS_IN_STEP = """
            new_calls AS (
                INSERT INTO agent_tool_calls (session_id, call_id, tool_name, arguments, status, created_at, started_at)
                SELECT session_row.id, c.call_id, c.tool_name, c.arguments, c.status, c.at,
                       CASE WHEN c.status = 'running' THEN c.at END
                FROM session_row, (SELECT u.*, now() + (u.n - 1) * interval '1 microsecond' AS at
                                   FROM unnest(CAST(:callIds AS text[]), CAST(:callTools AS text[]),
                                               CAST(:callArguments AS text[]), CAST(:callStatuses AS text[]))
                                       WITH ORDINALITY AS u(call_id, tool_name, arguments, status, n)) AS c)""";
    /** A part of {@link StepStatement}: the calls the step finished, as {@link #FINISH} finishes one. */
    static final String FINISH_CALLS_IN_STEP = """
            finished_calls AS (
                UPDATE agent_tool_calls t
                SET status = f.status, output = f.output, result = CAST(f.result AS jsonb), finished_at = now()
                FROM session_row, unnest(CAST(:finishedIds AS text[]), CAST(:finishedStatuses AS text[]),
                                         CAST(:finishedOutputs AS text[]), CAST(:finishedResults AS text[]))
                    AS f(call_id, status, output, result)
                WHERE t.session_id = session_row.id AND t.call_id = f.call_id
                  AND t.status IN ('running', 'awaiting_approval'))""";

    private final JdbcClient jdbc;

    ToolCallRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SessionToolCall> calls(UUID sessionId) {
        return jdbc.sql(SELECT_CALLS).param("session", sessionId).query(ToolCallRows::toolCall).list();
    }

    Optional<SessionToolCall> approve(UUID sessionId, String callId) {
        return jdbc.sql(APPROVE).param("session", sessionId).param("call", callId).query(ToolCallRows::toolCall).optional();
    }

    Optional<SessionToolCall> finish(UUID sessionId, String callId, ToolCallStatus status, String output,
            Optional<String> resultJson) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        if (!status.finished()) {
            throw new IllegalArgumentException("a tool call finishes as succeeded, failed, denied or cancelled, not " + status);
        }
        resultJson.ifPresent(json -> requireJson("tool result", json));
        return jdbc.sql(FINISH)
                .param("status", column(status))
                .param("output", output)
                .param("result", resultJson.orElse(null), Types.VARCHAR)
                .param("session", sessionId)
                .param("call", callId)
                .query(ToolCallRows::toolCall)
                .optional();
    }

    /**
     * The parameters of {@link #INSERT_CALLS_IN_STEP}: one array per column, one element per
     * call; the call ids come back, for the error when one is taken.
     */
    static String[] bindNew(SessionWrites writes, MapSqlParameterSource params) {
        List<ToolCall> calls = writes.newCalls();
        String[] ids = new String[calls.size()];
        String[] tools = new String[calls.size()];
        String[] arguments = new String[calls.size()];
        String[] statuses = new String[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            ids[i] = requireName("tool call id", call.id());
            tools[i] = requireName("tool name", call.name());
            arguments[i] = call.arguments() == null ? "" : call.arguments();
            statuses[i] = column(writes.awaitsApproval(call) ? ToolCallStatus.AWAITING_APPROVAL : ToolCallStatus.RUNNING);
        }
        params.addValue("callIds", ids)
                .addValue("callTools", tools)
                .addValue("callArguments", arguments)
                .addValue("callStatuses", statuses);
        return ids;
    }

    /** The parameters of {@link #FINISH_CALLS_IN_STEP}. */
    static void bindFinished(List<SessionWrites.FinishedCall> finished, MapSqlParameterSource params) {
        finished.forEach(call -> call.resultJson().ifPresent(json -> requireJson("tool result", json)));
        params.addValue("finishedIds", finished.stream().map(SessionWrites.FinishedCall::callId).toArray(String[]::new))
                .addValue("finishedStatuses", finished.stream().map(call -> column(call.status())).toArray(String[]::new))
                .addValue("finishedOutputs", finished.stream().map(SessionWrites.FinishedCall::output)
                        .toArray(String[]::new))
                .addValue("finishedResults", finished.stream().map(call -> call.resultJson().orElse(null))
                        .toArray(String[]::new));
    }

    /** A call as the step statement records it alone: created (and, when running, started) at {@code at}. */
    static SessionToolCall newCall(UUID sessionId, ToolCall call, ToolCallStatus status, Instant at) {
        return new SessionToolCall(sessionId, call.id(), call.name(), call.arguments() == null ? "" : call.arguments(),
                status, Optional.empty(), Optional.empty(), at,
                status == ToolCallStatus.RUNNING ? Optional.of(at) : Optional.empty(), Optional.empty());
    }

    private static SessionToolCall toolCall(ResultSet rs, int row) throws SQLException {
        return new SessionToolCall(rs.getObject("session_id", UUID.class), rs.getString("call_id"),
                rs.getString("tool_name"), rs.getString("arguments"),
                Columns.enumOf(ToolCallStatus.class, rs.getString("status")),
                Optional.ofNullable(rs.getString("output")), Optional.ofNullable(rs.getString("result")),
                instant(rs, "created_at"), optionalInstant(rs, "started_at"), optionalInstant(rs, "finished_at"));
    }
}
