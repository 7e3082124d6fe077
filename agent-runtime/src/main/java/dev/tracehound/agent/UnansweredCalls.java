package dev.tracehound.agent;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.SessionToolCall;
import dev.tracehound.agent.session.SessionWrites;
import dev.tracehound.agent.session.ToolCallStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers the tool calls of a conversation that have no result yet, so the next model call sees
 * a well-formed conversation: a call that finished before its run stopped gets its stored
 * output, a denied one the denial, and one cut off by a cancel or a restart (or still waiting for
 * a decision when a new message comes) a note that it did not finish.
 */
final class UnansweredCalls {

    private static final String DENIED = "The user denied this call. Do not retry it; continue without it or ask the user.";

    private final SessionStore store;

    UnansweredCalls(SessionStore store) {
        this.store = store;
    }

    /**
     * @param runApproved leave approved calls unanswered and return them, to be run
     * @param writes      where the answers (and the calls closed as cancelled) are added, to be stored
     */
    List<ToolCall> close(AgentSession session, List<ChatTurn> conversation, boolean runApproved, SessionWrites writes) {
        Set<String> answered = new HashSet<>();
        var asked = new ArrayList<ToolCall>();
        for (ChatTurn turn : conversation) {
            if (turn instanceof ChatTurn.Assistant assistant) {
                asked.addAll(assistant.toolCalls());
            } else if (turn instanceof ChatTurn.ToolResult result) {
                answered.add(result.callId());
            }
        }
        if (asked.stream().allMatch(call -> answered.contains(call.id()))) {
            return List.of();
        }
        Map<String, SessionToolCall> stored = new HashMap<>();
        store.toolCalls(session.id()).forEach(call -> stored.put(call.callId(), call));
        var approved = new ArrayList<ToolCall>();
        for (ToolCall call : asked) {
            if (answered.contains(call.id())) {
                continue;
            }
            SessionToolCall row = stored.get(call.id());
            ToolCallStatus status = row == null ? null : row.status();
            if (status == ToolCallStatus.RUNNING && runApproved) {
                approved.add(call);
                continue;
            }
            String content = switch (status) {
                case null -> ToolRuns.INTERRUPTED_CALL;
                case SUCCEEDED, FAILED -> row.output().orElse(ToolRuns.INTERRUPTED_CALL);
                case DENIED -> DENIED;
                case CANCELLED -> ToolRuns.INTERRUPTED_CALL;
                case RUNNING, AWAITING_APPROVAL -> {
                    writes.finishCall(call.id(), ToolCallStatus.CANCELLED, ToolRuns.INTERRUPTED_CALL, Optional.empty());
                    yield ToolRuns.INTERRUPTED_CALL;
                }
            };
            writes.message(new ChatTurn.ToolResult(call.id(), call.name(), content));
        }
        return approved;
    }
}
