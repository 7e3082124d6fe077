package dev.tracehound.platform.identity;

import dev.tracehound.platform.ApiKeys;
import java.time.Instant;
import java.util.UUID;

/**
 * A project API key as a list shows it: never the secret nor its hash, only the first
 * characters of the secret to tell keys apart. {@code createdBy} is null for keys the service
 * made (e.g. the demo key); {@code lastUsedAt} is accurate to about a minute.
 */
public record ApiKeyView(UUID id, UUID projectId, String name, ApiKeys.Scope scope, String prefix, UUID createdBy,
        Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {}
