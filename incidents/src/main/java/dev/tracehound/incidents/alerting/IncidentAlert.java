package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One series' alert within an incident, as last evaluated.
 *
 * @param source     {@code rule:<id>} or {@code anomaly:<detector>}
 * @param value      the measured value, null without one
 * @param baseline   what it was compared with, null without one
 * @param resolvedAt null while it fires
 * @param silencedBy the silence that matched it when it fired, or null
 */
public record IncidentAlert(String source, String seriesKey, Map<String, String> labels, Severity severity,
        Double value, Double baseline, long volume, String summary, Instant firedAt, Instant resolvedAt,
        UUID silencedBy) {}
