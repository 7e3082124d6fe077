package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.UUID;

/** A project as an admin sees it; {@code deletionRequestedAt} is set from the moment its deletion was asked for. */
public record WorkspaceProject(UUID id, UUID workspaceId, String slug, String name, Instant createdAt,
        Instant deletionRequestedAt) {

    public boolean beingDeleted() {
        return deletionRequestedAt != null;
    }
}
