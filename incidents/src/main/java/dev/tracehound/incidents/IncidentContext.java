package dev.tracehound.incidents;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What an investigation is told about its incident: what fired, since when, against what baseline.
 *
 * @param service the service the incident is about, or blank when its alerts name none
 * @param firing  the incident's alerts as last evaluated
 */
public record IncidentContext(UUID incidentId, UUID workspaceId, UUID projectId, String title, String service,
        Severity severity, Instant openedAt, List<Observation> firing) {

    public IncidentContext {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(title, "title");
        service = service == null ? "" : service;
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(openedAt, "openedAt");
        firing = List.copyOf(firing);
    }
}
