package dev.tracehound.bench;

import com.google.protobuf.ByteString;
import dev.tracehound.analytics.SpanRow;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Demo spans as the OTLP requests an SDK would send: grouped by resource, one scope each. */
final class OtlpRequests {

    private OtlpRequests() {}

    static ExportTraceServiceRequest of(List<SpanRow> spans) {
        Map<Map<String, String>, ScopeSpans.Builder> byResource = new LinkedHashMap<>();
        for (SpanRow row : spans) {
            byResource.computeIfAbsent(row.resourceAttributes(),
                    r -> ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(row.scopeName())
                            .setVersion(row.scopeVersion()))).addSpans(span(row));
        }
        var request = ExportTraceServiceRequest.newBuilder();
        byResource.forEach((resource, scope) -> request.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(attributes(resource)))
                .addScopeSpans(scope)));
        return request.build();
    }

    private static Span span(SpanRow row) {
        var span = Span.newBuilder()
                .setTraceId(bytes(row.traceId()))
                .setSpanId(bytes(row.spanId()))
                .setName(row.name())
                .setKind(Span.SpanKind.forNumber(row.kind().ordinal()))
                .setStartTimeUnixNano(row.startTimeNanos())
                .setEndTimeUnixNano(row.endTimeNanos())
                .addAllAttributes(attributes(row.attributes()))
                .setStatus(Status.newBuilder().setCodeValue(row.statusCode().ordinal()).setMessage(row.statusMessage()));
        if (!row.parentSpanId().isEmpty()) {
            span.setParentSpanId(bytes(row.parentSpanId()));
        }
        for (SpanRow.SpanEvent event : row.events()) {
            span.addEvents(Span.Event.newBuilder().setName(event.name()).setTimeUnixNano(event.timeNanos())
                    .addAllAttributes(attributes(event.attributes())));
        }
        for (SpanRow.SpanLink link : row.links()) {
            span.addLinks(Span.Link.newBuilder().setTraceId(bytes(link.traceId())).setSpanId(bytes(link.spanId())));
        }
        return span.build();
    }

    private static List<KeyValue> attributes(Map<String, String> attributes) {
        return attributes.entrySet().stream()
                .map(e -> KeyValue.newBuilder().setKey(e.getKey())
                        .setValue(AnyValue.newBuilder().setStringValue(e.getValue())).build())
                .toList();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
