package dev.tracehound.platform;

import java.util.UUID;

/** A project of a workspace; its id scopes every piece of telemetry. */
public record Project(UUID id, UUID workspaceId, String workspaceSlug, String slug, String name) {}
