package dev.tracehound.tools;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * One thing the agent can do on behalf of a model. {@link Tools} parses and validates a
 * model's arguments against {@link #inputSchema()} before {@link #run} sees them, caps the
 * content and turns failures into error results. It runs a tool on the caller's thread: the
 * caller owns that thread and interrupts it at {@link #timeout()} (the agent loop does).
 */
public interface Tool {

    /** The name a model calls it by, e.g. {@code trace_search}. */
    String name();

    /** For a model: what it does, when to use it, and the fields of its output. */
    String description();

    /** A JSON Schema object (as JSON text) for the input; property names are snake_case. */
    String inputSchema();

    /** After this the caller interrupts the run, and the call ends with an error result. */
    Duration timeout();

    /** Whether a person must approve this call (with this input) before it runs. */
    boolean needsApproval(JsonNode input);

    /**
     * Runs the tool on input that {@link #inputSchema()} accepted, for the context's project
     * only.
     *
     * @throws InterruptedException when the run was cancelled; whatever the tool started
     *                              (a query, a sandbox command) is stopped first
     */
    ToolResult run(JsonNode input, ToolContext context) throws InterruptedException;
}
