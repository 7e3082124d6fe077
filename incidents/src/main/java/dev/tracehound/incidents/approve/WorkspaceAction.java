package dev.tracehound.incidents.approve;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An action of a workspace's catalogue: a signed webhook call the agent may propose by
 * {@code name}. Its signing secret is never part of it: whoever made the action was given it once.
 *
 * @param name      the slug the model uses, e.g. {@code rollback_deploy}
 * @param createdBy the user id of the admin who added it
 */
public record WorkspaceAction(UUID id, UUID workspaceId, String name, String description, String webhookUrl,
        RiskTier tier, boolean enabled, UUID createdBy, Instant createdAt) {

    public WorkspaceAction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
    }
}
