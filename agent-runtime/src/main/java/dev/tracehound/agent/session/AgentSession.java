package dev.tracehound.agent.session;

import java.time.Instant;
import java.util.UUID;

/** A conversation with the agent, scoped to one project of one workspace. */
public record AgentSession(UUID id, UUID workspaceId, UUID projectId, String userId, String title, String model,
        SessionStatus status, Instant createdAt, Instant updatedAt) {}
