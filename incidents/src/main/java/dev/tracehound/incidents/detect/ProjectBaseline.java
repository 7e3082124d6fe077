package dev.tracehound.incidents.detect;

import dev.tracehound.analytics.query.ServiceHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's history as its anomaly detectors compare with it, read at {@code readAt}: each
 * service's baseline, and when each of its error types was first seen in {@code [from, to)}.
 */
record ProjectBaseline(Instant readAt, Instant from, Instant to, Map<String, ServiceBaseline> services,
        Map<String, Map<String, Instant>> errorTypes) {

    static ProjectBaseline of(Instant readAt, ServiceHistory history, long minVolume) {
        var services = new LinkedHashMap<String, ServiceBaseline>();
        history.buckets().forEach((service, buckets) -> {
            if (!buckets.isEmpty()) {
                services.put(service, ServiceBaseline.of(buckets, minVolume));
            }
        });
        return new ProjectBaseline(readAt, history.from(), history.to(), Map.copyOf(services),
                Map.copyOf(history.firstSeen()));
    }

    /**
     * Whether the project's history is shorter than the baseline asks for (a new project, or one that
     * just started sending): its read is cheap and its next windows change it most, so it is read again.
     */
    boolean young(Duration window) {
        return services.values().stream().map(ServiceBaseline::historyStart).min(Instant::compareTo)
                .map(start -> start.isAfter(from.plus(window))).orElse(true);
    }
}
