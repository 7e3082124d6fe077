package dev.tracehound.agent.model;

/**
 * A tool call as the model wrote it. {@code arguments} is the raw JSON text, which may be
 * malformed: the loop validates it and answers the model with the error as the tool's result.
 */
public record ToolCall(String id, String name, String arguments) {}
