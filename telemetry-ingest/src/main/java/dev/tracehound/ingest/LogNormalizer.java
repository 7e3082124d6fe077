package dev.tracehound.ingest;

import dev.tracehound.analytics.LogRow;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.Map;

/**
 * OTLP log records to stored rows; a record that cannot be stored is rejected alone. Each row carries
 * the record's encoded size as received (before scrubbing), which the {@code ingested_bytes} meter sums.
 */
final class LogNormalizer {

    static final int MAX_BODY_CHARS = 64 * 1024;
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final TimeCheck times;

    LogNormalizer(TimeCheck times) {
        this.times = times;
    }

    /** Scrubs bodies and attribute values with {@code scrub} before anything else sees them. */
    Normalized<LogRow> normalize(String projectId, Scrub scrub, ExportLogsServiceRequest request) {
        var out = new Normalized.Builder<LogRow>();
        long receivedAt = times.now();
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            Map<String, String> resource = scrub.attributes(AttributeText.of(resourceLogs.getResource().getAttributesList()));
            String service = resource.getOrDefault("service.name", "unknown_service");
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    LogRow row = row(projectId, resource, service, scopeLogs, record, receivedAt, scrub, out);
                    if (row != null) {
                        out.accept(row);
                    }
                }
            }
        }
        return out.build();
    }

    private LogRow row(String projectId, Map<String, String> resource, String service, ScopeLogs scope,
            LogRecord record, long receivedAt, Scrub scrub, Normalized.Builder<LogRow> out) {
        String traceId = "";
        String spanId = "";
        if (!record.getTraceId().isEmpty()) {
            traceId = OtlpIds.traceId(record.getTraceId());
            if (traceId == null) {
                out.reject("log record: trace id must be empty or 16 bytes, not all zero (was "
                        + record.getTraceId().size() + " bytes)");
                return null;
            }
        }
        if (!record.getSpanId().isEmpty()) {
            spanId = OtlpIds.spanId(record.getSpanId());
            if (spanId == null) {
                out.reject("log record: span id must be empty or 8 bytes, not all zero (was "
                        + record.getSpanId().size() + " bytes)");
                return null;
            }
        }
        int severity = record.getSeverityNumberValue();
        if (severity < 0 || severity > 24) {
            out.reject("log record: severity number must be 0..24 (was " + severity + ")");
            return null;
        }
        if (record.getSerializedSize() > MAX_RECORD_BYTES) {
            out.reject("log record: larger than " + MAX_RECORD_BYTES / 1024 + " KiB (" + record.getSerializedSize() / 1024
                    + " KiB)");
            return null;
        }
        Map<String, String> attributes = scrub.attributes(AttributeText.of(record.getAttributesList()));
        var timing = times.log(record.getTimeUnixNano(), record.getObservedTimeUnixNano(), receivedAt);
        timing.flag(attributes);
        long observed = record.getObservedTimeUnixNano() != 0 ? record.getObservedTimeUnixNano() : receivedAt;
        return new LogRow(projectId, timing.start(), observed, traceId, spanId, severity, record.getSeverityText(),
                service, scrub.text(AttributeText.truncate(AttributeText.text(record.getBody()), MAX_BODY_CHARS)), resource,
                attributes, scope.getScope().getName(), record.getSerializedSize());
    }
}
