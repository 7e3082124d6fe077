package dev.tracehound.agent.session;

import static dev.tracehound.agent.session.Columns.instant;

import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one statement every write of turns, tool calls and events goes through: what a step of a
 * run writes ({@link SessionWrites}) in one round trip and one wait for the disk.
 *
 * <p>One UPDATE of the session row hands out the turns' ordinals and the events' numbers (its
 * lock orders concurrent writers); every other part reads it, so nothing but the usage is stored
 * for a deleted session. Each kind of row the step has adds its part, named by the class that
 * owns those rows; kinds it does not have are left out.
 */
final class StepStatement {

    private static final String UPDATE_SESSION_ROW = """
            session_row AS (
                UPDATE agent_sessions
                SET message_count = message_count + :messageCount,
                    last_event_seq = last_event_seq + :eventCount,
                    status = coalesce(:status, status),
                    updated_at = CASE WHEN :messageCount > 0 OR :status IS NOT NULL THEN now() ELSE updated_at END
                WHERE id = :session AND deleted_at IS NULL
                RETURNING id, message_count - :messageCount AS messages_before, last_event_seq - :eventCount AS events_before)""";
    private static final String SELECT_WRITTEN = """
            SELECT messages_before, events_before, now() AS at FROM session_row""";

    /** Where the statement put its rows: the counts before them, and the statement's time. */
    record Written(long messagesBefore, long eventsBefore, Instant at) {}

    private final JdbcClient jdbc;

    StepStatement(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the writes; all or none, except the usage, which is stored even when the session was
     * deleted (it was spent), before this throws {@link SessionNotFoundException}.
     */
    Written write(UUID sessionId, SessionWrites writes) {
        Objects.requireNonNull(sessionId, "sessionId");
        var params = new MapSqlParameterSource("session", sessionId)
                .addValue("messageCount", writes.messages().size())
                .addValue("eventCount", writes.events().size())
                .addValue("status", writes.status().map(Columns::column).orElse(null), Types.VARCHAR);
        var parts = new ArrayList<String>();
        parts.add(UPDATE_SESSION_ROW);
        Optional<ModelUsage> usage = writes.usage();
        if (usage.isPresent()) {
            if (!usage.get().sessionId().equals(sessionId)) {
                throw new IllegalArgumentException("usage of session " + usage.get().sessionId() + " written to session "
                        + sessionId);
            }
            parts.add(UsageRows.INSERT_USAGE_IN_STEP);
            UsageRows.bind(usage.get(), params);
        }
        if (!writes.messages().isEmpty()) {
            parts.add(MessageRows.INSERT_MESSAGES_IN_STEP);
            MessageRows.bind(writes.messages(), params);
        }
        List<String> callIds = List.of();
        if (!writes.newCalls().isEmpty()) {
            parts.add(ToolCallRows.INSERT_CALLS_IN_STEP);
            callIds = List.of(ToolCallRows.bindNew(writes, params));
        }
        if (!writes.finishedCalls().isEmpty()) {
            parts.add(ToolCallRows.FINISH_CALLS_IN_STEP);
            ToolCallRows.bindFinished(writes.finishedCalls(), params);
        }
        if (!writes.events().isEmpty()) {
            parts.add(EventRows.INSERT_EVENTS_IN_STEP);
            EventRows.bind(writes.events(), params);
        }
        try {
            return jdbc.sql("WITH " + String.join(",\n", parts) + "\n" + SELECT_WRITTEN)
                    .paramSource(params)
                    .query((rs, n) -> new Written(rs.getLong("messages_before"), rs.getLong("events_before"),
                            instant(rs, "at")))
                    .optional()
                    .orElseThrow(() -> new SessionNotFoundException(sessionId));
        } catch (DuplicateKeyException e) {
            String which = callIds.size() == 1 ? "tool call id '" + callIds.getFirst() + "' is"
                    : "one of the tool call ids " + callIds + " is";
            throw new IllegalArgumentException(which + " already used in session " + sessionId
                    + "; every tool call of a session needs its own id", e);
        }
    }
}
