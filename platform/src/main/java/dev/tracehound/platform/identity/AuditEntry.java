package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.UUID;

/** One row of the audit log; {@code summary} is the change as a JSON object. */
public record AuditEntry(long id, UUID workspaceId, Instant occurredAt, Actor actor, AuditAction action,
        String targetKind, String targetId, String summary) {}
