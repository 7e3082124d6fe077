package dev.tracehound.agent.model;

import java.util.List;

/** What one model call sees: the conversation so far and the tools it may call. */
public record ModelRequest(List<ChatTurn> turns, List<ToolSpec> tools, int maxOutputTokens) {

    public ModelRequest {
        turns = List.copyOf(turns);
        tools = List.copyOf(tools);
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive, was " + maxOutputTokens);
        }
    }

    /** A tool as the model is told about it; {@code inputSchema} is a JSON Schema object, as JSON text. */
    public record ToolSpec(String name, String description, String inputSchema) {}
}
