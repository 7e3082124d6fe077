package dev.tracehound.ingest;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanEvent;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.SpanLink;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.platform.pricing.ModelPrices;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP spans to stored rows: ids checked, resource and scope folded in, kind and status
 * mapped, events and links kept, the gen_ai.* conventions read into model, tokens and
 * cost ({@link GenAiUsage}). Unknown attributes are kept as they came. A span that cannot be stored is rejected
 * alone, with a reason; the rest of the request goes on. Each row carries the span's encoded size as
 * received (before scrubbing), which the {@code ingested_bytes} meter sums.
 */
final class SpanNormalizer {

    static final int MAX_SPAN_BYTES = 1024 * 1024;

    private final GenAiUsage genAi;
    private final TimeCheck times;

    SpanNormalizer(ModelPrices prices, TimeCheck times) {
        this.genAi = new GenAiUsage(prices);
        this.times = times;
    }

    /** Scrubs names, messages and attribute values with {@code scrub} before anything else sees them. */
    Normalized<SpanRow> normalize(String projectId, Scrub scrub, ExportTraceServiceRequest request) {
        var out = new Normalized.Builder<SpanRow>();
        long receivedAt = times.now();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, String> resource = scrub.attributes(AttributeText.of(resourceSpans.getResource().getAttributesList()));
            String service = resource.getOrDefault("service.name", "unknown_service");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    SpanRow row = row(projectId, resource, service, scopeSpans, span, receivedAt, scrub, out);
                    if (row != null) {
                        out.accept(row);
                    }
                }
            }
        }
        return out.build();
    }

    private SpanRow row(String projectId, Map<String, String> resource, String service, ScopeSpans scope, Span span,
            long receivedAt, Scrub scrub, Normalized.Builder<SpanRow> out) {
        String traceId = OtlpIds.traceId(span.getTraceId());
        String spanId = OtlpIds.spanId(span.getSpanId());
        String what = "span '" + AttributeText.truncate(span.getName(), 64) + "'";
        if (traceId == null) {
            out.reject(what + ": trace id must be 16 bytes, not all zero (was " + span.getTraceId().size() + " bytes)");
            return null;
        }
        if (spanId == null) {
            out.reject(what + ": span id must be 8 bytes, not all zero (was " + span.getSpanId().size() + " bytes)");
            return null;
        }
        String parent = "";
        if (!span.getParentSpanId().isEmpty()) {
            parent = OtlpIds.spanId(span.getParentSpanId());
            if (parent == null) {
                out.reject(what + ": parent span id must be empty or 8 bytes (was " + span.getParentSpanId().size()
                        + " bytes)");
                return null;
            }
        }
        if (span.getSerializedSize() > MAX_SPAN_BYTES) {
            out.reject(what + ": larger than " + MAX_SPAN_BYTES / 1024 + " KiB (" + span.getSerializedSize() / 1024
                    + " KiB)");
            return null;
        }
        Map<String, String> attributes = scrub.attributes(AttributeText.of(span.getAttributesList()));
        var timing = times.span(span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), receivedAt);
        timing.flag(attributes);
        return new SpanRow(projectId, traceId, spanId, parent, span.getTraceState(),
                scrub.text(AttributeText.truncate(span.getName(), AttributeText.MAX_KEY_CHARS * 4)), kind(span.getKind()),
                status(span.getStatus().getCode()),
                scrub.text(AttributeText.truncate(span.getStatus().getMessage(), AttributeText.MAX_VALUE_CHARS)),
                service, scope.getScope().getName(), scope.getScope().getVersion(), timing.start(), timing.duration(),
                resource, attributes, events(span, scrub), links(span, scrub), genAi.read(attributes),
                span.getSerializedSize());
    }

    private static List<SpanEvent> events(Span span, Scrub scrub) {
        var events = new ArrayList<SpanEvent>(span.getEventsCount());
        for (Span.Event event : span.getEventsList()) {
            events.add(new SpanEvent(event.getTimeUnixNano(), scrub.text(event.getName()),
                    scrub.attributes(AttributeText.of(event.getAttributesList()))));
        }
        return events;
    }

    /** Links with malformed ids are dropped: they point nowhere, and the span itself is fine. */
    private static List<SpanLink> links(Span span, Scrub scrub) {
        var links = new ArrayList<SpanLink>(span.getLinksCount());
        for (Span.Link link : span.getLinksList()) {
            String traceId = OtlpIds.traceId(link.getTraceId());
            String spanId = OtlpIds.spanId(link.getSpanId());
            if (traceId != null && spanId != null) {
                links.add(new SpanLink(traceId, spanId, scrub.attributes(AttributeText.of(link.getAttributesList()))));
            }
        }
        return links;
    }

    private static SpanKind kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_INTERNAL -> SpanKind.INTERNAL;
            case SPAN_KIND_SERVER -> SpanKind.SERVER;
            case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
            case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
            case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
            case SPAN_KIND_UNSPECIFIED, UNRECOGNIZED -> SpanKind.UNSPECIFIED;
        };
    }

    private static StatusCode status(io.opentelemetry.proto.trace.v1.Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> StatusCode.OK;
            case STATUS_CODE_ERROR -> StatusCode.ERROR;
            case STATUS_CODE_UNSET, UNRECOGNIZED -> StatusCode.UNSET;
        };
    }
}
