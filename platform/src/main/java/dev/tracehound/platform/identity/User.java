package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.UUID;

/** A person who signed in through an OIDC issuer. */
public record User(UUID id, String issuer, String subject, String email, String name, String avatarUrl,
        Instant createdAt, Instant lastLoginAt) {}
