package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One row of {@code incidents}. */
record IncidentRow(UUID id, UUID workspaceId, UUID projectId, String service, Map<String, String> groupLabels,
        String title, Severity severity, String status, Instant openedAt, Instant resolvedAt, List<UUID> channelIds,
        Instant notifiedAt, int firingAlerts) {

    boolean notified() {
        return notifiedAt != null;
    }

    IncidentSummary summary() {
        return new IncidentSummary(id, workspaceId, projectId, title, service, groupLabels, severity, status, openedAt,
                resolvedAt, firingAlerts, notified());
    }
}
