package dev.tracehound.app;

import dev.tracehound.platform.Project;
import dev.tracehound.platform.Entitlements;
import java.time.Duration;

/** How long a project keeps its telemetry; the retention job asks it for every project on each run. */
@FunctionalInterface
interface ProjectRetention {

    Duration of(Project project);

    /** The retention of the project's workspace's plan, capped by {@code maxDays} when that is set. */
    static ProjectRetention fromPlans(Entitlements entitlements, Integer maxDays) {
        return project -> {
            int days = entitlements.retentionDays(project.workspaceId());
            return Duration.ofDays(maxDays == null ? days : Math.min(days, maxDays));
        };
    }
}
