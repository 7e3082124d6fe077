package dev.tracehound.agent.session;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a step of a run writes to its session (a model call's usage, turns, new and finished
 * tool calls, events, the session's status), gathered to be stored by
 * {@link SessionStore#write} in one statement: one round trip and one wait for the disk,
 * instead of one of each per row.
 */
public final class SessionWrites {

    /** How a tool call ended: as {@link SessionStore#finishToolCall} records it. */
    record FinishedCall(String callId, ToolCallStatus status, String output, Optional<String> resultJson) {
        FinishedCall {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(resultJson, "resultJson");
            if (!status.finished()) {
                throw new IllegalArgumentException("a tool call finishes as succeeded, failed, denied or cancelled, not "
                        + status);
            }
        }
    }

    private ModelUsage usage;
    private final List<ChatTurn> messages = new ArrayList<>();
    private final List<ToolCall> newCalls = new ArrayList<>();
    private final Set<String> awaitingApproval = new HashSet<>();
    private final List<FinishedCall> finishedCalls = new ArrayList<>();
    private final List<NewEvent> events = new ArrayList<>();
    private SessionStatus status;

    /** Records a model call's usage (stored even when the session was deleted meanwhile). */
    public SessionWrites usage(ModelUsage modelUsage) {
        this.usage = Objects.requireNonNull(modelUsage, "modelUsage");
        return this;
    }

    /** Adds a turn at the end of the conversation, after those added before. */
    public SessionWrites message(ChatTurn turn) {
        messages.add(Objects.requireNonNull(turn, "turn"));
        return this;
    }

    /** Records a tool call that runs now. */
    public SessionWrites startCall(ToolCall call) {
        newCalls.add(Objects.requireNonNull(call, "call"));
        return this;
    }

    /** Records a tool call that waits for a person to approve or deny it. */
    public SessionWrites awaitApproval(ToolCall call) {
        startCall(call);
        awaitingApproval.add(call.id());
        return this;
    }

    /** Finishes a running or waiting call; one finished already stays as it was. */
    public SessionWrites finishCall(String callId, ToolCallStatus finalStatus, String output, Optional<String> resultJson) {
        finishedCalls.add(new FinishedCall(callId, finalStatus, output, resultJson));
        return this;
    }

    /** Appends an event to the log, after those appended before. */
    public SessionWrites event(String type, String data) {
        events.add(new NewEvent(type, data));
        return this;
    }

    public SessionWrites status(SessionStatus sessionStatus) {
        this.status = Objects.requireNonNull(sessionStatus, "sessionStatus");
        return this;
    }

    Optional<ModelUsage> usage() {
        return Optional.ofNullable(usage);
    }

    public List<ChatTurn> messages() {
        return messages;
    }

    List<ToolCall> newCalls() {
        return newCalls;
    }

    boolean awaitsApproval(ToolCall call) {
        return awaitingApproval.contains(call.id());
    }

    List<FinishedCall> finishedCalls() {
        return finishedCalls;
    }

    List<NewEvent> events() {
        return events;
    }

    Optional<SessionStatus> status() {
        return Optional.ofNullable(status);
    }
}
