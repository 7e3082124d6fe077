package dev.tracehound.agent.session;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The door of {@code dev.tracehound.agent.session}, which promises that a session survives
 * anything but its deletion: its conversation, tool calls, usage and an event log numbered
 * without gaps, which {@link SessionEvents} replays and follows. It knows the model's
 * conversation types ({@code ChatTurn}, {@code ToolCall}) and nothing of the loop; a step of
 * a run writes through {@link SessionWrites}, in one statement.
 *
 * <p>Sessions in PostgreSQL: the session itself, its conversation, its tool calls, the event log
 * its stream replays from, and the usage of its model calls. Everything a run needs survives
 * an application restart: a new instance on the same database continues where the last one
 * stopped. Safe for concurrent use.
 *
 * <p>Each kind of row has its own class with its statements ({@link SessionRows},
 * {@link MessageRows}, {@link ToolCallRows}, {@link EventRows}, {@link UsageRows}); what a step of
 * a run writes goes in one statement made of their parts ({@link StepStatement}).
 */
public final class SessionStore {

    static final int MAX_PAGE_SIZE = SessionRows.MAX_PAGE_SIZE;
    public static final int MAX_EVENTS_PER_READ = EventRows.MAX_EVENTS_PER_READ;

    private final SessionRows sessions;
    private final MessageRows messages;
    private final ToolCallRows toolCalls;
    private final EventRows events;
    private final UsageRows usage;
    private final StepStatement steps;

    public SessionStore(JdbcClient jdbc) {
        Objects.requireNonNull(jdbc, "jdbc");
        this.sessions = new SessionRows(jdbc);
        this.messages = new MessageRows(jdbc);
        this.toolCalls = new ToolCallRows(jdbc);
        this.events = new EventRows(jdbc);
        this.usage = new UsageRows(jdbc);
        this.steps = new StepStatement(jdbc);
    }

    // ---- sessions

    public AgentSession create(UUID workspaceId, UUID projectId, String userId, String title, String model) {
        return sessions.create(workspaceId, projectId, userId, title, model);
    }

    /** The session, unless it does not exist or was deleted. */
    public Optional<AgentSession> get(UUID sessionId) {
        return sessions.get(sessionId);
    }

    /** A session and the number of its last event, read together. */
    public record Current(AgentSession session, long lastEventSequence) {}

    /** The session and the number of its last event, in one read; empty as {@link #get}. */
    public Optional<Current> current(UUID sessionId) {
        return sessions.current(sessionId);
    }

    /**
     * A project's sessions, newest first, {@code pageSize} at a time. Pass the previous page's
     * {@code nextCursor} to get the next page; sessions created meanwhile do not shift pages.
     */
    public SessionPage listByProject(UUID projectId, int pageSize, Optional<String> cursor) {
        return sessions.listByProject(projectId, pageSize, cursor);
    }

    /** Gives the session a new title; false if it does not exist or was deleted. */
    public boolean rename(UUID sessionId, String title) {
        return sessions.rename(sessionId, title);
    }

    /**
     * Erases every session of a project that is being deleted, with their messages, tool calls
     * and events; their usage rows stay, as they were spent. Returns how many sessions went.
     */
    public int eraseProject(UUID projectId) {
        return sessions.eraseProject(projectId);
    }

    /**
     * Deletes the session: it disappears from get, lists and appends. Its usage stays, as it
     * was spent. False if it did not exist or was already deleted.
     */
    public boolean delete(UUID sessionId) {
        return sessions.delete(sessionId);
    }

    public void setStatus(UUID sessionId, SessionStatus status) {
        sessions.setStatus(sessionId, status);
    }

    // ---- conversation

    /** Adds a turn at the end of the session's conversation. */
    SessionMessage appendMessage(UUID sessionId, ChatTurn turn) {
        StepStatement.Written written = steps.write(sessionId, new SessionWrites().message(turn));
        return new SessionMessage(sessionId, Math.toIntExact(written.messagesBefore() + 1), turn, written.at());
    }

    /** The session's conversation in order, with when each turn was stored. */
    public List<SessionMessage> messages(UUID sessionId) {
        return messages.messages(sessionId);
    }

    /** The session's conversation in order, as the turns a model request is built from. */
    public List<ChatTurn> conversation(UUID sessionId) {
        return messages(sessionId).stream().map(SessionMessage::turn).toList();
    }

    /** What a run starts from: the session's conversation, and what its model calls used so far. */
    public record RunStart(List<ChatTurn> conversation, UsageTotals usage) {}

    /** {@link #conversation} and {@link #sessionUsage} in one read. */
    public RunStart runStart(UUID sessionId) {
        return messages.runStart(sessionId);
    }

    // ---- tool calls

    /** Records a tool call that runs now. */
    SessionToolCall startToolCall(UUID sessionId, ToolCall call) {
        Instant at = steps.write(sessionId, new SessionWrites().startCall(call)).at();
        return ToolCallRows.newCall(sessionId, call, ToolCallStatus.RUNNING, at);
    }

    /** Records a tool call that waits for a person to approve or deny it. */
    SessionToolCall awaitApproval(UUID sessionId, ToolCall call) {
        Instant at = steps.write(sessionId, new SessionWrites().awaitApproval(call)).at();
        return ToolCallRows.newCall(sessionId, call, ToolCallStatus.AWAITING_APPROVAL, at);
    }

    /**
     * Marks a waiting tool call approved and running. Empty if the call is not waiting (already
     * approved, denied or cancelled, or unknown): of two concurrent decisions, one wins.
     */
    public Optional<SessionToolCall> approve(UUID sessionId, String callId) {
        return toolCalls.approve(sessionId, callId);
    }

    /**
     * Finishes a running or waiting tool call with a final status, the tool's output as text,
     * and optionally its structured result as JSON. Empty if the call is unknown or already
     * finished (e.g. a cancel that lost the race with the tool's end).
     */
    public Optional<SessionToolCall> finishToolCall(UUID sessionId, String callId, ToolCallStatus status, String output,
            Optional<String> resultJson) {
        return toolCalls.finish(sessionId, callId, status, output, resultJson);
    }

    /** The session's tool calls in the order they were recorded. */
    public List<SessionToolCall> toolCalls(UUID sessionId) {
        return toolCalls.calls(sessionId);
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
    SessionEvent appendEvent(UUID sessionId, String type, String data) {
        return appendEvents(sessionId, List.of(new NewEvent(type, data))).getFirst();
    }

    /**
     * Appends several events at once (e.g. buffered text deltas) in one round trip; they get
     * consecutive numbers in list order, as if appended one by one, and all or none are stored.
     */
    List<SessionEvent> appendEvents(UUID sessionId, List<NewEvent> newEvents) {
        if (newEvents.isEmpty()) {
            return List.of();
        }
        var writes = new SessionWrites();
        newEvents.forEach(event -> writes.event(Objects.requireNonNull(event, "event").type(), event.data()));
        return write(sessionId, writes);
    }

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
        StepStatement.Written at = steps.write(sessionId, writes);
        List<NewEvent> written = writes.events();
        var stored = new ArrayList<SessionEvent>(written.size());
        for (int i = 0; i < written.size(); i++) {
            stored.add(new SessionEvent(sessionId, at.eventsBefore() + i + 1, written.get(i).type(),
                    written.get(i).data(), at.at()));
        }
        return stored;
    }

    /** The number of the session's last event; 0 when it has none. */
    public long lastEventSequence(UUID sessionId) {
        return events.lastSequence(sessionId);
    }

    /**
     * The session's events numbered above {@code afterSequence} (an SSE client's Last-Event-ID;
     * 0 for all), in order, at most {@code limit} of them.
     */
    public List<SessionEvent> eventsAfter(UUID sessionId, long afterSequence, int limit) {
        return events.after(sessionId, afterSequence, limit);
    }

    // ---- usage

    public void recordUsage(ModelUsage modelUsage) {
        usage.record(modelUsage);
    }

    /** Everything the session's model calls used, deleted or not. */
    public UsageTotals sessionUsage(UUID sessionId) {
        return usage.ofSession(sessionId);
    }

    /** What the workspace's model calls used from {@code from} (inclusive) to {@code to} (exclusive). */
    public UsageTotals workspaceUsage(UUID workspaceId, Instant from, Instant to) {
        return usage.ofWorkspace(workspaceId, from, to);
    }
}
