package dev.tracehound.demo;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.LlmUsage;
import dev.tracehound.analytics.SpanRow.SpanEvent;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.SpanLink;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.demo.Service.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A span while its trace is being simulated: its end and status are only known once its children are. */
final class SpanDraft {

    final ServiceInstance instance;
    final Scope scope;
    final String spanId;
    final String parentSpanId;
    final String name;
    final SpanKind kind;
    final long start;
    long end;
    private StatusCode status = StatusCode.UNSET;
    private String statusMessage = "";
    private final Map<String, String> attributes = new LinkedHashMap<>(16);
    private List<SpanEvent> events = List.of();
    private List<SpanLink> links = List.of();
    private LlmUsage llm = LlmUsage.NONE;

    SpanDraft(ServiceInstance instance, Scope scope, String spanId, String parentSpanId, String name, SpanKind kind, long start) {
        this.instance = instance;
        this.scope = scope;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.name = name;
        this.kind = kind;
        this.start = start;
        this.end = start;
    }

    Service service() {
        return instance.service();
    }

    SpanDraft set(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    SpanDraft set(String key, long value) {
        attributes.put(key, Long.toString(value));
        return this;
    }

    SpanDraft set(String key, boolean value) {
        attributes.put(key, value ? "true" : "false");
        return this;
    }

    /** Sets alternating keys and values. */
    SpanDraft setAll(String... keysAndValues) {
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            attributes.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return this;
    }

    String attribute(String key) {
        return attributes.get(key);
    }

    SpanDraft endAt(long endNanos) {
        end = Math.max(endNanos, start);
        return this;
    }

    void fail(String message) {
        status = StatusCode.ERROR;
        statusMessage = message;
    }

    String statusMessage() {
        return statusMessage;
    }

    boolean failed() {
        return status == StatusCode.ERROR;
    }

    void addEvent(long time, String eventName, Map<String, String> eventAttributes) {
        if (events.isEmpty()) {
            events = new ArrayList<>(2);
        }
        events.add(new SpanEvent(time, eventName, eventAttributes));
    }

    /** The OTel exception event: type, message and stack trace. */
    void recordException(long time, String type, String message, String stacktrace) {
        Map<String, String> exception = new LinkedHashMap<>(4);
        exception.put("exception.type", type);
        exception.put("exception.message", message);
        exception.put("exception.stacktrace", stacktrace);
        exception.put("exception.escaped", "false");
        addEvent(time, "exception", Collections.unmodifiableMap(exception));
    }

    void addLink(SpanLink link) {
        if (links.isEmpty()) {
            links = new ArrayList<>(1);
        }
        links.add(link);
    }

    void llm(LlmUsage usage) {
        llm = usage;
    }

    SpanRow toRow(String projectId, String traceId) {
        return new SpanRow(projectId, traceId, spanId, parentSpanId, "", name, kind, status, statusMessage,
                instance.service().serviceName, scope.name(), scope.version(), start, end - start,
                instance.resourceAttributes(), Collections.unmodifiableMap(attributes),
                events.isEmpty() ? List.of() : List.copyOf(events),
                links.isEmpty() ? List.of() : List.copyOf(links),
                llm);
    }
}
