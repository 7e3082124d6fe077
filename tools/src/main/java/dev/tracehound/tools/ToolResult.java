package dev.tracehound.tools;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a tool call gave back.
 *
 * @param error      whether the call failed (bad input, a failed query, a timeout); {@code content}
 *                   then says why and what to do instead
 * @param data       the structured result, with the field names each tool's description lists
 *                   ({@code {"error": message}} for an error)
 * @param content    what the model sees: compact JSON or readable text, capped
 * @param truncated  whether something was left out of {@code content} or {@code data}; a note in
 *                   the content says what and how to narrow the call
 * @param references traces, links, commits and files the result points at
 */
public record ToolResult(boolean error, JsonNode data, String content, boolean truncated,
        List<ToolReference> references) {

    /** How the content of a failed call starts. */
    public static final String ERROR_PREFIX = "Error: ";
    /** How the note starts that ends a content cut to fit the limit (what came before it is whole). */
    public static final String CUT_NOTE_PREFIX = "\n[cut:";

    public ToolResult {
        Objects.requireNonNull(data, "data");
        content = content == null ? "" : content;
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A failed call: the message is for the model, so it says what to change. */
    public static ToolResult error(String message) {
        return new ToolResult(true, JsonNodeFactory.instance.objectNode().put("error", message), ERROR_PREFIX + message,
                false, List.of());
    }

    ToolResult withContent(String newContent, boolean cut) {
        return new ToolResult(error, data, newContent, truncated || cut, references);
    }
}
