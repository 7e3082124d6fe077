package dev.tracehound.analytics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span as stored, following the OpenTelemetry data model. Ids are lowercase hex
 * (32 characters for a trace, 16 for a span); a root span has an empty parent id.
 * Attribute values are kept as their string form, in the order they were given.
 *
 * @param ingestedBytes the span's size as received, in OTLP's protobuf encoding (the
 *                      {@code ingested_bytes} meter); 0 for a span not received over OTLP
 */
public record SpanRow(
        String projectId,
        String traceId,
        String spanId,
        String parentSpanId,
        String traceState,
        String name,
        SpanKind kind,
        StatusCode statusCode,
        String statusMessage,
        String serviceName,
        String scopeName,
        String scopeVersion,
        long startTimeNanos,
        long durationNanos,
        Map<String, String> resourceAttributes,
        Map<String, String> attributes,
        List<SpanEvent> events,
        List<SpanLink> links,
        LlmUsage llm,
        int ingestedBytes) {

    /** A span that was not received over OTLP (demo data, a row read back): 0 bytes ingested. */
    public SpanRow(String projectId, String traceId, String spanId, String parentSpanId, String traceState, String name,
            SpanKind kind, StatusCode statusCode, String statusMessage, String serviceName, String scopeName,
            String scopeVersion, long startTimeNanos, long durationNanos, Map<String, String> resourceAttributes,
            Map<String, String> attributes, List<SpanEvent> events, List<SpanLink> links, LlmUsage llm) {
        this(projectId, traceId, spanId, parentSpanId, traceState, name, kind, statusCode, statusMessage, serviceName,
                scopeName, scopeVersion, startTimeNanos, durationNanos, resourceAttributes, attributes, events, links,
                llm, 0);
    }

    public SpanRow {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        parentSpanId = parentSpanId == null ? "" : parentSpanId;
        traceState = traceState == null ? "" : traceState;
        Objects.requireNonNull(name, "name");
        kind = kind == null ? SpanKind.UNSPECIFIED : kind;
        statusCode = statusCode == null ? StatusCode.UNSET : statusCode;
        statusMessage = statusMessage == null ? "" : statusMessage;
        serviceName = serviceName == null ? "" : serviceName;
        scopeName = scopeName == null ? "" : scopeName;
        scopeVersion = scopeVersion == null ? "" : scopeVersion;
        if (startTimeNanos < 0 || durationNanos < 0) {
            throw new IllegalArgumentException("span times must not be negative");
        }
        resourceAttributes = resourceAttributes == null ? Map.of() : resourceAttributes;
        attributes = attributes == null ? Map.of() : attributes;
        events = events == null ? List.of() : events;
        links = links == null ? List.of() : links;
        llm = llm == null ? LlmUsage.NONE : llm;
        if (ingestedBytes < 0) {
            throw new IllegalArgumentException("ingested bytes must not be negative");
        }
    }

    public long endTimeNanos() {
        return startTimeNanos + durationNanos;
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public enum SpanKind { UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER }

    public enum StatusCode { UNSET, OK, ERROR }

    public record SpanEvent(long timeNanos, String name, Map<String, String> attributes) {
        public SpanEvent {
            Objects.requireNonNull(name, "name");
            attributes = attributes == null ? Map.of() : attributes;
        }
    }

    public record SpanLink(String traceId, String spanId, Map<String, String> attributes) {
        public SpanLink {
            Objects.requireNonNull(traceId, "traceId");
            Objects.requireNonNull(spanId, "spanId");
            attributes = attributes == null ? Map.of() : attributes;
        }
    }

    /**
     * The gen_ai.* facts of an LLM call; {@link #NONE} for every other span. Cached input and
     * cache writes are part of {@code inputTokens}, reasoning part of {@code outputTokens}.
     */
    public record LlmUsage(String system, String model, long inputTokens, long outputTokens, long cachedInputTokens,
            long cacheWriteTokens, long reasoningTokens, double costUsd) {
        public static final LlmUsage NONE = new LlmUsage("", "", 0, 0, 0);

        public LlmUsage {
            system = system == null ? "" : system;
            model = model == null ? "" : model;
            if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0
                    || reasoningTokens < 0 || costUsd < 0) {
                throw new IllegalArgumentException("token counts and cost must not be negative");
            }
        }

        /** A call that reported no cached or reasoning tokens. */
        public LlmUsage(String system, String model, long inputTokens, long outputTokens, double costUsd) {
            this(system, model, inputTokens, outputTokens, 0, 0, 0, costUsd);
        }
    }
}
