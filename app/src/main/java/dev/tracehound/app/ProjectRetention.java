package dev.tracehound.app;

import dev.tracehound.platform.Project;
import java.time.Duration;

/** How long a project keeps its telemetry; the retention job asks it for every project on each run. */
@FunctionalInterface
interface ProjectRetention {

    Duration of(Project project);

    /** The same number of days for every project: the configured default, until plans decide. */
    static ProjectRetention days(int days) {
        Duration retention = Duration.ofDays(days);
        return project -> retention;
    }
}
