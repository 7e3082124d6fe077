package dev.tracehound.agent.model;

import java.util.List;

/** One turn of a conversation, in the shape every chat model API shares. */
public sealed interface ChatTurn {

    record System(String text) implements ChatTurn {}

    record User(String text) implements ChatTurn {}

    /** What the model said: text, tool calls, or both. */
    record Assistant(String text, List<ToolCall> toolCalls) implements ChatTurn {
        public Assistant {
            text = text == null ? "" : text;
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** A tool's result, answering the tool call with id {@code callId}. */
    record ToolResult(String callId, String toolName, String content) implements ChatTurn {}
}
