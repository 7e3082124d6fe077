package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A series' alert that is pending or firing now.
 *
 * @param state      {@code pending} or {@code firing}
 * @param since      when it entered that state
 * @param incidentId the incident it fires into, null while pending
 */
public record CurrentAlert(String source, String seriesKey, Map<String, String> labels, String state,
        Severity severity, Double value, Double baseline, String summary, Instant since, Instant lastEvaluatedAt,
        UUID incidentId) {}
