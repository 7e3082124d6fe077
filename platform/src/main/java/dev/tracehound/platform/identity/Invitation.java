package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.UUID;

/** An invitation as a list shows it; the token is never stored, only its hash. */
public record Invitation(UUID id, UUID workspaceId, String email, Role role, UUID invitedBy, Instant createdAt,
        Instant expiresAt, Instant acceptedAt, Instant revokedAt) {}
