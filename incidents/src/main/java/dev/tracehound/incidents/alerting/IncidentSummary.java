package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An incident as listed: what it is about, how bad, open or resolved.
 *
 * @param service      the service its alerts name, blank when they name none
 * @param groupLabels  the rule's own labels its alerts were grouped by, besides the service
 * @param status       {@code open} or {@code resolved}
 * @param resolvedAt   null while open
 * @param firingAlerts how many of its alerts are firing now
 * @param notified     whether its firing was notified (false: all its alerts were silenced)
 */
public record IncidentSummary(UUID id, UUID workspaceId, UUID projectId, String title, String service,
        Map<String, String> groupLabels, Severity severity, String status, Instant openedAt, Instant resolvedAt,
        int firingAlerts, boolean notified) {

    public boolean open() {
        return "open".equals(status);
    }
}
