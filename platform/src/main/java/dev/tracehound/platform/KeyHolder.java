package dev.tracehound.platform;

import java.util.UUID;

/** Who presented a working API key: the key's id (for the audit log and last-used) and its project. */
public record KeyHolder(UUID keyId, UUID projectId, ApiKeys.Scope scope) {}
