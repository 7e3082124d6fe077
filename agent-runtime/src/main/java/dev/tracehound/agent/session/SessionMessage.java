package dev.tracehound.agent.session;

import dev.tracehound.agent.model.ChatTurn;
import java.time.Instant;
import java.util.UUID;

/** A turn of a session's conversation as stored; ordinals start at 1 and have no gaps. */
public record SessionMessage(UUID sessionId, int ordinal, ChatTurn turn, Instant createdAt) {}
