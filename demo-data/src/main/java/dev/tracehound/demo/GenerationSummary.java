package dev.tracehound.demo;

import java.time.Instant;
import java.util.List;

/**
 * What one {@link DemoTelemetryGenerator#generate} run produced. {@code errorSpans} counts spans with
 * status ERROR, {@code failedRequests} traces whose root span has it.
 */
public record GenerationSummary(
        long traces,
        long spans,
        long logs,
        long errorSpans,
        long failedRequests,
        Instant windowStart,
        Instant windowEnd,
        double peakRequestsPerSecond,
        List<Incident> incidents) {

    public GenerationSummary {
        incidents = List.copyOf(incidents);
    }

    public List<Instant> incidentStarts() {
        return incidents.stream().map(Incident::startsAt).toList();
    }
}
