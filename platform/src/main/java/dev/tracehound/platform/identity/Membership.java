package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.UUID;

/** A person's role in a workspace. */
public record Membership(UUID workspaceId, UUID userId, Role role, Instant createdAt) {}
