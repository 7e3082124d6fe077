package dev.tracehound.platform.usage;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/** How much of a stored meter one project used on one UTC day, as counted in storage. */
public record DailyCount(UUID projectId, UUID workspaceId, LocalDate day, UsageMeter meter, long quantity) {

    public DailyCount {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(meter, "meter");
        if (!meter.stored()) {
            throw new IllegalArgumentException(meter.apiName() + " is not counted from storage");
        }
        if (quantity < 0) {
            throw new IllegalArgumentException("a count cannot be negative, was " + quantity);
        }
    }
}
