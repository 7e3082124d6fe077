package dev.tracehound.agent.session;

import java.time.Instant;
import java.util.UUID;

/**
 * An event of a session's stream. {@code sequence} increases by one per event of the session
 * and is the SSE event id; {@code data} is JSON text, exactly as appended.
 */
public record SessionEvent(UUID sessionId, long sequence, String type, String data, Instant createdAt) {}
