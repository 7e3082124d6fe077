package dev.tracehound.incidents.slo;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A stored SLO of a project. */
public record Slo(UUID id, UUID workspaceId, UUID projectId, SloSpec spec, String createdBy, Instant createdAt,
        Instant updatedAt) {

    public Slo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(spec, "spec");
    }

    /** Its burn-rate alerts' source in alert states and leases. */
    public String source() {
        return "slo:" + id;
    }
}
