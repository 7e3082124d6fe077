package dev.tracehound.agent;

import dev.tracehound.agent.session.InvalidSessionInputException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions in PostgreSQL: the session itself, its conversation, its tool calls, the event log
 * its stream replays from, and the usage of its model calls. Everything a run needs survives
 * an application restart: a new instance on the same database continues where the last one
 * stopped. Safe for concurrent use.
 */
public final class SessionStore {

    public static final int MAX_PAGE_SIZE = 200;
    public static final int MAX_EVENTS_PER_READ = 10_000;

    private static final int MAX_TITLE = 200;
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<ToolCall>> TOOL_CALLS = new TypeReference<>() {};
    private static final String SESSION_COLUMNS =
            "id, workspace_id, project_id, user_id, title, model, status, created_at, updated_at";
    private static final String TOOL_CALL_COLUMNS =
            "session_id, call_id, tool_name, arguments, status, output, result, created_at, started_at, finished_at";
    private static final String USAGE_TOTALS = """
            SELECT count(*) AS calls, coalesce(sum(input_tokens), 0) AS input, coalesce(sum(output_tokens), 0) AS output,
                   coalesce(sum(cost_micros), 0) AS cost, coalesce(bool_or(estimated), false) AS estimated,
                   coalesce(bool_or(NOT priced), false) AS unpriced
            FROM agent_usage
            """;

    private final JdbcClient jdbc;

    public SessionStore(JdbcClient jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    // ---- sessions

    public AgentSession create(UUID workspaceId, UUID projectId, String userId, String title, String model) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(projectId, "projectId");
        return jdbc.sql("""
                        INSERT INTO agent_sessions (id, workspace_id, project_id, user_id, title, model)
                        VALUES (:id, :workspace, :project, :user, :title, :model)
                        RETURNING\s""" + SESSION_COLUMNS)
                .param("id", UUID.randomUUID())
                .param("workspace", workspaceId)
                .param("project", projectId)
                .param("user", requireName("user id", userId))
                .param("title", requireTitle(title))
                .param("model", requireName("model", model))
                .query(SessionStore::session)
                .single();
    }

    /** The session, unless it does not exist or was deleted. */
    public Optional<AgentSession> get(UUID sessionId) {
        return jdbc.sql("SELECT " + SESSION_COLUMNS + " FROM agent_sessions WHERE id = :id AND deleted_at IS NULL")
                .param("id", sessionId)
                .query(SessionStore::session)
                .optional();
    }

    /** A session and the number of its last event, read together. */
    record Current(AgentSession session, long lastEventSequence) {}

    /** The session and the number of its last event, in one read; empty as {@link #get}. */
    Optional<Current> current(UUID sessionId) {
        return jdbc.sql("SELECT " + SESSION_COLUMNS + ", last_event_seq FROM agent_sessions WHERE id = :id AND deleted_at IS NULL")
                .param("id", sessionId)
                .query((rs, n) -> new Current(session(rs, n), rs.getLong("last_event_seq")))
                .optional();
    }

    /**
     * A project's sessions, newest first, {@code pageSize} at a time. Pass the previous page's
     * {@code nextCursor} to get the next page; sessions created meanwhile do not shift pages.
     */
    public SessionPage listByProject(UUID projectId, int pageSize, Optional<String> cursor) {
        Objects.requireNonNull(projectId, "projectId");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidSessionInputException("page size must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        Optional<Cursor> after = cursor.map(Cursor::decode);
        var query = jdbc.sql("SELECT " + SESSION_COLUMNS + """
                         FROM agent_sessions
                        WHERE project_id = :project AND deleted_at IS NULL
                        """ + (after.isPresent() ? "AND (created_at, id) < (:afterTime, :afterId)\n" : "") + """
                        ORDER BY created_at DESC, id DESC
                        LIMIT :limit""")
                .param("project", projectId)
                .param("limit", pageSize + 1);
        if (after.isPresent()) {
            query = query.param("afterTime", timestamp(after.get().createdAt())).param("afterId", after.get().id());
        }
        List<AgentSession> rows = query.query(SessionStore::session).list();
        if (rows.size() <= pageSize) {
            return new SessionPage(rows, Optional.empty());
        }
        List<AgentSession> page = rows.subList(0, pageSize);
        AgentSession last = page.getLast();
        return new SessionPage(page, Optional.of(new Cursor(last.createdAt(), last.id()).encode()));
    }

    /** Gives the session a new title; false if it does not exist or was deleted. */
    public boolean rename(UUID sessionId, String title) {
        return jdbc.sql("UPDATE agent_sessions SET title = :title, updated_at = now() WHERE id = :id AND deleted_at IS NULL")
                .param("title", requireTitle(title))
                .param("id", sessionId)
                .update() == 1;
    }

    /**
     * Deletes the session: it disappears from get, lists and appends. Its usage stays, as it
     * was spent. False if it did not exist or was already deleted.
     */
    public boolean delete(UUID sessionId) {
        return jdbc.sql("UPDATE agent_sessions SET deleted_at = now(), updated_at = now() WHERE id = :id AND deleted_at IS NULL")
                .param("id", sessionId)
                .update() == 1;
    }

    public void setStatus(UUID sessionId, SessionStatus status) {
        Objects.requireNonNull(status, "status");
        int updated = jdbc.sql("UPDATE agent_sessions SET status = :status, updated_at = now() WHERE id = :id AND deleted_at IS NULL")
                .param("status", column(status))
                .param("id", sessionId)
                .update();
        if (updated == 0) {
            throw new SessionNotFoundException(sessionId);
        }
    }

    // ---- conversation

    /** Adds a turn at the end of the session's conversation. */
    public SessionMessage appendMessage(UUID sessionId, ChatTurn turn) {
        Written written = store(sessionId, new SessionWrites().message(turn));
        return new SessionMessage(sessionId, Math.toIntExact(written.messagesBefore() + 1), turn, written.at());
    }

    /** A turn as the columns of its row; {@code toolCalls} is JSON. */
    private record MessageRow(String role, String text, String toolCalls, String toolCallId, String toolName) {

        static MessageRow of(ChatTurn turn) {
            return switch (Objects.requireNonNull(turn, "turn")) {
                case ChatTurn.System s -> new MessageRow("system", textOf(s.text()), "[]", null, null);
                case ChatTurn.User u -> new MessageRow("user", textOf(u.text()), "[]", null, null);
                case ChatTurn.Assistant a -> new MessageRow("assistant", textOf(a.text()),
                        JSON.writeValueAsString(a.toolCalls()), null, null);
                case ChatTurn.ToolResult r -> new MessageRow("tool", textOf(r.content()), "[]",
                        requireName("tool call id", r.callId()), requireName("tool name", r.toolName()));
            };
        }

        private static String textOf(String text) {
            return text == null ? "" : text;
        }
    }

    /** The session's conversation in order, with when each turn was stored. */
    public List<SessionMessage> messages(UUID sessionId) {
        // No row: no such session; one row without an ordinal: a session with no messages yet.
        List<Optional<SessionMessage>> rows = jdbc.sql("""
                        SELECT s.id AS session_id, m.ordinal, m.role, m.text, m.tool_calls, m.tool_call_id, m.tool_name,
                               m.created_at
                        FROM agent_sessions s LEFT JOIN agent_messages m ON m.session_id = s.id
                        WHERE s.id = :session AND s.deleted_at IS NULL
                        ORDER BY m.ordinal""")
                .param("session", sessionId)
                .query((rs, n) -> rs.getObject("ordinal") == null ? Optional.<SessionMessage>empty()
                        : Optional.of(message(rs, n)))
                .list();
        if (rows.isEmpty()) {
            throw new SessionNotFoundException(sessionId);
        }
        return rows.stream().flatMap(Optional::stream).toList();
    }

    /** The session's conversation in order, as the turns a model request is built from. */
    public List<ChatTurn> conversation(UUID sessionId) {
        return messages(sessionId).stream().map(SessionMessage::turn).toList();
    }

    /** What a run starts from: the session's conversation, and what its model calls used so far. */
    record RunStart(List<ChatTurn> conversation, UsageTotals usage) {}

    /** {@link #conversation} and {@link #sessionUsage} in one read. */
    RunStart runStart(UUID sessionId) {
        record Row(Optional<SessionMessage> message, UsageTotals usage) {}
        List<Row> rows = jdbc.sql("""
                        SELECT s.id AS session_id, m.ordinal, m.role, m.text, m.tool_calls, m.tool_call_id, m.tool_name,
                               m.created_at, u.*
                        FROM agent_sessions s
                             CROSS JOIN (""" + USAGE_TOTALS + """
                                         WHERE session_id = :session) u
                             LEFT JOIN agent_messages m ON m.session_id = s.id
                        WHERE s.id = :session AND s.deleted_at IS NULL
                        ORDER BY m.ordinal""")
                .param("session", sessionId)
                .query((rs, n) -> new Row(rs.getObject("ordinal") == null ? Optional.empty() : Optional.of(message(rs, n)),
                        totals(rs, n)))
                .list();
        if (rows.isEmpty()) {
            throw new SessionNotFoundException(sessionId);
        }
        return new RunStart(rows.stream().flatMap(row -> row.message().stream()).map(SessionMessage::turn).toList(),
                rows.getFirst().usage());
    }

    // ---- tool calls

    /** Records a tool call that runs now. */
    public SessionToolCall startToolCall(UUID sessionId, ToolCall call) {
        Instant at = store(sessionId, new SessionWrites().startCall(call)).at();
        return newToolCall(sessionId, call, ToolCallStatus.RUNNING, at);
    }

    /** Records a tool call that waits for a person to approve or deny it. */
    public SessionToolCall awaitApproval(UUID sessionId, ToolCall call) {
        Instant at = store(sessionId, new SessionWrites().awaitApproval(call)).at();
        return newToolCall(sessionId, call, ToolCallStatus.AWAITING_APPROVAL, at);
    }

    /** A call as {@link #store} records it alone: created (and, when running, started) at the statement's time. */
    private static SessionToolCall newToolCall(UUID sessionId, ToolCall call, ToolCallStatus status, Instant at) {
        return new SessionToolCall(sessionId, call.id(), call.name(), call.arguments() == null ? "" : call.arguments(),
                status, Optional.empty(), Optional.empty(), at,
                status == ToolCallStatus.RUNNING ? Optional.of(at) : Optional.empty(), Optional.empty());
    }

    /**
     * Marks a waiting tool call approved and running. Empty if the call is not waiting (already
     * approved, denied or cancelled, or unknown): of two concurrent decisions, one wins.
     */
    public Optional<SessionToolCall> approve(UUID sessionId, String callId) {
        return jdbc.sql("""
                        UPDATE agent_tool_calls SET status = 'running', started_at = now()
                        WHERE session_id = :session AND call_id = :call AND status = 'awaiting_approval'
                        RETURNING\s""" + TOOL_CALL_COLUMNS)
                .param("session", sessionId)
                .param("call", callId)
                .query(SessionStore::toolCall)
                .optional();
    }

    /**
     * Finishes a running or waiting tool call with a final status, the tool's output as text,
     * and optionally its structured result as JSON. Empty if the call is unknown or already
     * finished (e.g. a cancel that lost the race with the tool's end).
     */
    public Optional<SessionToolCall> finishToolCall(UUID sessionId, String callId, ToolCallStatus status, String output,
            Optional<String> resultJson) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        if (!status.finished()) {
            throw new IllegalArgumentException("a tool call finishes as succeeded, failed, denied or cancelled, not " + status);
        }
        resultJson.ifPresent(json -> requireJson("tool result", json));
        return jdbc.sql("""
                        UPDATE agent_tool_calls
                        SET status = :status, output = :output, result = CAST(:result AS jsonb), finished_at = now()
                        WHERE session_id = :session AND call_id = :call AND status IN ('running', 'awaiting_approval')
                        RETURNING\s""" + TOOL_CALL_COLUMNS)
                .param("status", column(status))
                .param("output", output)
                .param("result", resultJson.orElse(null), Types.VARCHAR)
                .param("session", sessionId)
                .param("call", callId)
                .query(SessionStore::toolCall)
                .optional();
    }

    /** The session's tool calls in the order they were recorded. */
    public List<SessionToolCall> toolCalls(UUID sessionId) {
        return jdbc.sql("SELECT " + TOOL_CALL_COLUMNS
                        + " FROM agent_tool_calls WHERE session_id = :session ORDER BY created_at, call_id")
                .param("session", sessionId)
                .query(SessionStore::toolCall)
                .list();
    }

    // ---- event log

    /**
     * Appends an event to the session's log and gives it the next sequence number. Concurrent
     * appends to one session get distinct numbers with no gaps, and commit in number order, so
     * a reader never sees an event before all the ones numbered below it.
     *
     * @param type a dotted lowercase name such as {@code tool.started}
     * @param data a JSON value; stored and replayed exactly as given
     */
    public SessionEvent appendEvent(UUID sessionId, String type, String data) {
        return appendEvents(sessionId, List.of(new NewEvent(type, data))).getFirst();
    }

    /**
     * Appends several events at once (e.g. buffered text deltas) in one round trip; they get
     * consecutive numbers in list order, as if appended one by one, and all or none are stored.
     */
    public List<SessionEvent> appendEvents(UUID sessionId, List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        var writes = new SessionWrites();
        events.forEach(event -> writes.event(Objects.requireNonNull(event, "event").type(), event.data()));
        return write(sessionId, writes);
    }

    // ---- a step's writes at once

    /**
     * Stores what a step of a run writes, in one statement: its usage, its turns at the end of
     * the conversation, its new tool calls (in the order given), the calls it finished, its
     * events (numbered as {@link #appendEvents} numbers them) and the session's status. All or
     * none are stored; except the usage, which is stored even when the session was deleted (it
     * was spent), before this throws {@link SessionNotFoundException}.
     *
     * @return the stored events, in order
     */
    List<SessionEvent> write(UUID sessionId, SessionWrites writes) {
        Written at = store(sessionId, writes);
        List<NewEvent> events = writes.events();
        var stored = new ArrayList<SessionEvent>(events.size());
        for (int i = 0; i < events.size(); i++) {
            stored.add(new SessionEvent(sessionId, at.eventsBefore() + i + 1, events.get(i).type(), events.get(i).data(),
                    at.at()));
        }
        return stored;
    }

    /** Where a {@link #store} put its rows: the counts before them, and the statement's time. */
    private record Written(long messagesBefore, long eventsBefore, Instant at) {}

    /** The one statement every write of turns, tool calls and events goes through. */
    private Written store(UUID sessionId, SessionWrites writes) {
        Objects.requireNonNull(sessionId, "sessionId");
        List<MessageRow> messages = writes.messages().stream().map(MessageRow::of).toList();
        List<ToolCall> calls = writes.newCalls();
        String[] callIds = new String[calls.size()];
        String[] callTools = new String[calls.size()];
        String[] callArguments = new String[calls.size()];
        String[] callStatuses = new String[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            callIds[i] = requireName("tool call id", call.id());
            callTools[i] = requireName("tool name", call.name());
            callArguments[i] = call.arguments() == null ? "" : call.arguments();
            callStatuses[i] = column(writes.awaitsApproval(call) ? ToolCallStatus.AWAITING_APPROVAL : ToolCallStatus.RUNNING);
        }
        List<SessionWrites.FinishedCall> finished = writes.finishedCalls();
        finished.forEach(call -> call.resultJson().ifPresent(json -> requireJson("tool result", json)));
        List<NewEvent> events = writes.events();
        events.forEach(event -> requireEvent(event.type(), event.data()));
        Optional<ModelUsage> usage = writes.usage();
        if (usage.isPresent() && !usage.get().sessionId().equals(sessionId)) {
            throw new IllegalArgumentException("usage of session " + usage.get().sessionId() + " written to session "
                    + sessionId);
        }
        Optional<Written> written;
        try {
            // One UPDATE of the session row hands out the turns' ordinals and the events' numbers
            // (its lock orders concurrent writers, as in appendMessage and appendEvent); every other
            // part reads it, so nothing but the usage is stored for a deleted session. The new tool
            // calls share now(): a microsecond apart each, they keep the order toolCalls() lists.
            written = jdbc.sql("""
                            WITH session_row AS (
                                UPDATE agent_sessions
                                SET message_count = message_count + :messageCount,
                                    last_event_seq = last_event_seq + :eventCount,
                                    status = coalesce(:status, status),
                                    updated_at = CASE WHEN :messageCount > 0 OR :status IS NOT NULL THEN now()
                                                      ELSE updated_at END
                                WHERE id = :session AND deleted_at IS NULL
                                RETURNING id, message_count - :messageCount AS messages_before,
                                          last_event_seq - :eventCount AS events_before),
                            usage_row AS (
                                INSERT INTO agent_usage (session_id, workspace_id, user_id, model, input_tokens, output_tokens,
                                                         estimated, cost_micros, priced, created_at)
                                SELECT :session, :workspace, :user, :model, :input, :output, :estimated, :cost, :priced, :usageAt
                                WHERE :hasUsage),
                            messages AS (
                                INSERT INTO agent_messages (session_id, ordinal, role, text, tool_calls, tool_call_id, tool_name)
                                SELECT session_row.id, session_row.messages_before + m.n, m.role, m.text, CAST(m.tool_calls AS jsonb),
                                       m.tool_call_id, m.tool_name
                                FROM session_row, unnest(CAST(:roles AS text[]), CAST(:texts AS text[]), CAST(:toolCalls AS text[]),
                                                     CAST(:toolCallIds AS text[]), CAST(:toolNames AS text[]))
                                    WITH ORDINALITY AS m(role, text, tool_calls, tool_call_id, tool_name, n)),
                            new_calls AS (
                                INSERT INTO agent_tool_calls (session_id, call_id, tool_name, arguments, status, created_at,
                                                              started_at)
                                SELECT session_row.id, c.call_id, c.tool_name, c.arguments, c.status, c.at,
                                       CASE WHEN c.status = 'running' THEN c.at END
                                FROM session_row, (SELECT u.*, now() + (u.n - 1) * interval '1 microsecond' AS at
                                               FROM unnest(CAST(:callIds AS text[]), CAST(:callTools AS text[]),
                                                           CAST(:callArguments AS text[]), CAST(:callStatuses AS text[]))
                                                   WITH ORDINALITY AS u(call_id, tool_name, arguments, status, n)) AS c),
                            finished_calls AS (
                                UPDATE agent_tool_calls t
                                SET status = f.status, output = f.output, result = CAST(f.result AS jsonb), finished_at = now()
                                FROM session_row, unnest(CAST(:finishedIds AS text[]), CAST(:finishedStatuses AS text[]),
                                                     CAST(:finishedOutputs AS text[]), CAST(:finishedResults AS text[]))
                                    AS f(call_id, status, output, result)
                                WHERE t.session_id = session_row.id AND t.call_id = f.call_id
                                  AND t.status IN ('running', 'awaiting_approval')),
                            events AS (
                                INSERT INTO agent_events (session_id, seq, type, data)
                                SELECT session_row.id, session_row.events_before + e.n, e.type, CAST(e.data AS json)
                                FROM session_row, unnest(CAST(:types AS text[]), CAST(:data AS text[]))
                                    WITH ORDINALITY AS e(type, data, n))
                            SELECT messages_before, events_before, now() AS at FROM session_row""")
                    .param("session", sessionId)
                    .param("messageCount", messages.size())
                    .param("eventCount", events.size())
                    .param("status", writes.status().map(SessionStore::column).orElse(null), Types.VARCHAR)
                    .param("hasUsage", usage.isPresent())
                    .param("workspace", usage.map(ModelUsage::workspaceId).orElse(null), Types.OTHER)
                    .param("user", usage.map(ModelUsage::userId).orElse(null), Types.VARCHAR)
                    .param("model", usage.map(ModelUsage::model).orElse(null), Types.VARCHAR)
                    .param("input", usage.map(ModelUsage::inputTokens).orElse(null), Types.BIGINT)
                    .param("output", usage.map(ModelUsage::outputTokens).orElse(null), Types.BIGINT)
                    .param("estimated", usage.map(ModelUsage::estimated).orElse(null), Types.BOOLEAN)
                    .param("cost", usage.map(ModelUsage::costMicros).orElse(null), Types.BIGINT)
                    .param("priced", usage.map(ModelUsage::priced).orElse(null), Types.BOOLEAN)
                    .param("usageAt", usage.map(u -> timestamp(u.at())).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("roles", messages.stream().map(MessageRow::role).toArray(String[]::new))
                    .param("texts", messages.stream().map(MessageRow::text).toArray(String[]::new))
                    .param("toolCalls", messages.stream().map(MessageRow::toolCalls).toArray(String[]::new))
                    .param("toolCallIds", messages.stream().map(MessageRow::toolCallId).toArray(String[]::new))
                    .param("toolNames", messages.stream().map(MessageRow::toolName).toArray(String[]::new))
                    .param("callIds", callIds)
                    .param("callTools", callTools)
                    .param("callArguments", callArguments)
                    .param("callStatuses", callStatuses)
                    .param("finishedIds", finished.stream().map(SessionWrites.FinishedCall::callId).toArray(String[]::new))
                    .param("finishedStatuses", finished.stream().map(call -> column(call.status())).toArray(String[]::new))
                    .param("finishedOutputs", finished.stream().map(SessionWrites.FinishedCall::output).toArray(String[]::new))
                    .param("finishedResults", finished.stream().map(call -> call.resultJson().orElse(null))
                            .toArray(String[]::new))
                    .param("types", events.stream().map(NewEvent::type).toArray(String[]::new))
                    .param("data", events.stream().map(NewEvent::data).toArray(String[]::new))
                    .query((rs, n) -> new Written(rs.getLong("messages_before"), rs.getLong("events_before"),
                            instant(rs, "at")))
                    .optional();
        } catch (DuplicateKeyException e) {
            String which = callIds.length == 1 ? "tool call id '" + callIds[0] + "' is"
                    : "one of the tool call ids " + List.of(callIds) + " is";
            throw new IllegalArgumentException(which + " already used in session " + sessionId
                    + "; every tool call of a session needs its own id", e);
        }
        return written.orElseThrow(() -> new SessionNotFoundException(sessionId));
    }

    /** The number of the session's last event; 0 when it has none. */
    public long lastEventSequence(UUID sessionId) {
        return jdbc.sql("SELECT last_event_seq FROM agent_sessions WHERE id = :session AND deleted_at IS NULL")
                .param("session", sessionId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new SessionNotFoundException(sessionId));
    }

    /**
     * The session's events numbered above {@code afterSequence} (an SSE client's Last-Event-ID;
     * 0 for all), in order, at most {@code limit} of them.
     */
    public List<SessionEvent> eventsAfter(UUID sessionId, long afterSequence, int limit) {
        if (afterSequence < 0) {
            throw new IllegalArgumentException("an event sequence number is 0 or more, was " + afterSequence);
        }
        if (limit < 1 || limit > MAX_EVENTS_PER_READ) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_EVENTS_PER_READ + ", was " + limit);
        }
        return jdbc.sql("""
                        SELECT seq, type, data, created_at FROM agent_events
                        WHERE session_id = :session AND seq > :after
                        ORDER BY seq
                        LIMIT :limit""")
                .param("session", sessionId)
                .param("after", afterSequence)
                .param("limit", limit)
                .query((rs, n) -> new SessionEvent(sessionId, rs.getLong("seq"), rs.getString("type"),
                        rs.getString("data"), instant(rs, "created_at")))
                .list();
    }

    // ---- usage

    public void recordUsage(ModelUsage usage) {
        Objects.requireNonNull(usage, "usage");
        jdbc.sql("""
                        INSERT INTO agent_usage (session_id, workspace_id, user_id, model, input_tokens, output_tokens,
                                                 estimated, cost_micros, priced, created_at)
                        VALUES (:session, :workspace, :user, :model, :input, :output, :estimated, :cost, :priced, :at)""")
                .param("session", usage.sessionId())
                .param("workspace", usage.workspaceId())
                .param("user", usage.userId())
                .param("model", usage.model())
                .param("input", usage.inputTokens())
                .param("output", usage.outputTokens())
                .param("estimated", usage.estimated())
                .param("cost", usage.costMicros())
                .param("priced", usage.priced())
                .param("at", timestamp(usage.at()))
                .update();
    }

    /** Everything the session's model calls used, deleted or not. */
    public UsageTotals sessionUsage(UUID sessionId) {
        return jdbc.sql(USAGE_TOTALS + "WHERE session_id = :session")
                .param("session", sessionId)
                .query(SessionStore::totals)
                .single();
    }

    /** What the workspace's model calls used from {@code from} (inclusive) to {@code to} (exclusive). */
    public UsageTotals workspaceUsage(UUID workspaceId, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a usage period must end after it starts: " + from + " to " + to);
        }
        return jdbc.sql(USAGE_TOTALS + "WHERE workspace_id = :workspace AND created_at >= :from AND created_at < :to")
                .param("workspace", workspaceId)
                .param("from", timestamp(from))
                .param("to", timestamp(to))
                .query(SessionStore::totals)
                .single();
    }

    // ---- mapping

    private static AgentSession session(ResultSet rs, int row) throws SQLException {
        return new AgentSession(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getString("user_id"), rs.getString("title"),
                rs.getString("model"), SessionStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                instant(rs, "created_at"), instant(rs, "updated_at"));
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

    private static SessionToolCall toolCall(ResultSet rs, int row) throws SQLException {
        return new SessionToolCall(rs.getObject("session_id", UUID.class), rs.getString("call_id"),
                rs.getString("tool_name"), rs.getString("arguments"),
                ToolCallStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                Optional.ofNullable(rs.getString("output")), Optional.ofNullable(rs.getString("result")),
                instant(rs, "created_at"), optionalInstant(rs, "started_at"), optionalInstant(rs, "finished_at"));
    }

    private static UsageTotals totals(ResultSet rs, int row) throws SQLException {
        return new UsageTotals(rs.getLong("calls"), rs.getLong("input"), rs.getLong("output"), rs.getLong("cost"),
                rs.getBoolean("estimated"), rs.getBoolean("unpriced"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return Objects.requireNonNull(instant, "instant").atOffset(ZoneOffset.UTC);
    }

    private static String column(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    // ---- validation

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

    private static String requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a " + what + " is required");
        }
        if (value.length() > 200) {
            throw new IllegalArgumentException("a " + what + " is at most 200 characters");
        }
        return value;
    }

    private static void requireEvent(String type, String data) {
        if (type == null || type.length() > 64 || !EVENT_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("an event type is a dotted lowercase name like tool.started, was " + type);
        }
        requireJson("event data", data);
    }

    private static void requireJson(String what, String json) {
        if (json == null) {
            throw new IllegalArgumentException(what + " must be JSON, was null");
        }
        try {
            JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " must be JSON: " + e.getOriginalMessage(), e);
        }
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
