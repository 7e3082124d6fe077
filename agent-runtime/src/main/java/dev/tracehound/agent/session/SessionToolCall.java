package dev.tracehound.agent.session;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A tool call of a session, under the id the model gave it. {@code arguments} is the model's
 * raw text (possibly malformed JSON); {@code output} is what the tool returned as text and
 * {@code result} its structured result as JSON, when it has one.
 */
public record SessionToolCall(UUID sessionId, String callId, String toolName, String arguments, ToolCallStatus status,
        Optional<String> output, Optional<String> result, Instant createdAt, Optional<Instant> startedAt,
        Optional<Instant> finishedAt) {

    public boolean error() {
        return status.error();
    }
}
