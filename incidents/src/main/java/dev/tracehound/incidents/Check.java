package dev.tracehound.incidents;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One thing evaluated on a schedule: an alert rule, or a project's anomaly detectors.
 *
 * @param source          {@code rule:<rule id>} or {@code anomaly:<project id>}; one evaluation per
 *                        source per interval, whatever the number of instances
 * @param name            the rule's name, or "Anomaly detectors", for people
 * @param channelIds      the channels its incidents notify; empty: every enabled channel of the workspace
 * @param investigateFrom a firing at this severity or above starts an investigation; empty: none does
 * @param labels          the rule's own labels (not the per-series group-by values): with the service,
 *                        what its firings are grouped into incidents by; empty for the anomaly detectors
 */
public record Check(String source, UUID workspaceId, UUID projectId, String name, Duration interval,
        List<UUID> channelIds, Optional<Severity> investigateFrom, Map<String, String> labels) {

    public Check {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(name, "name");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        channelIds = List.copyOf(channelIds);
        Objects.requireNonNull(investigateFrom, "investigateFrom");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A check without labels of its own (the anomaly detectors, a rule without labels). */
    public Check(String source, UUID workspaceId, UUID projectId, String name, Duration interval,
            List<UUID> channelIds, Optional<Severity> investigateFrom) {
        this(source, workspaceId, projectId, name, interval, channelIds, investigateFrom, Map.of());
    }
}
