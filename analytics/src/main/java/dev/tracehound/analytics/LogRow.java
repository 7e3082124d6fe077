package dev.tracehound.analytics;

import java.util.Map;
import java.util.Objects;

/**
 * One log record as stored, following the OpenTelemetry logs data model. Trace and span
 * ids are lowercase hex, or empty when the log is not correlated with a trace.
 *
 * @param ingestedBytes the log record's size as received, in OTLP's protobuf encoding (the
 *                      {@code ingested_bytes} meter); 0 for a record not received over OTLP
 */
public record LogRow(
        String projectId,
        long timeNanos,
        long observedTimeNanos,
        String traceId,
        String spanId,
        int severityNumber,
        String severityText,
        String serviceName,
        String body,
        Map<String, String> resourceAttributes,
        Map<String, String> attributes,
        String scopeName,
        int ingestedBytes) {

    /** A log record that was not received over OTLP (demo data, a row read back): 0 bytes ingested. */
    public LogRow(String projectId, long timeNanos, long observedTimeNanos, String traceId, String spanId,
            int severityNumber, String severityText, String serviceName, String body,
            Map<String, String> resourceAttributes, Map<String, String> attributes, String scopeName) {
        this(projectId, timeNanos, observedTimeNanos, traceId, spanId, severityNumber, severityText, serviceName, body,
                resourceAttributes, attributes, scopeName, 0);
    }

    public LogRow {
        Objects.requireNonNull(projectId, "projectId");
        if (timeNanos < 0 || observedTimeNanos < 0) {
            throw new IllegalArgumentException("log times must not be negative");
        }
        if (severityNumber < 0 || severityNumber > 24) {
            throw new IllegalArgumentException("severity number must be 0..24, was " + severityNumber);
        }
        traceId = traceId == null ? "" : traceId;
        spanId = spanId == null ? "" : spanId;
        severityText = severityText == null ? "" : severityText;
        serviceName = serviceName == null ? "" : serviceName;
        body = body == null ? "" : body;
        resourceAttributes = resourceAttributes == null ? Map.of() : resourceAttributes;
        attributes = attributes == null ? Map.of() : attributes;
        scopeName = scopeName == null ? "" : scopeName;
        if (ingestedBytes < 0) {
            throw new IllegalArgumentException("ingested bytes must not be negative");
        }
    }
}
