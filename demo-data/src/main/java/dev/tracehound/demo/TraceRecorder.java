package dev.tracehound.demo;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.demo.Service.Instrumentation;
import dev.tracehound.demo.Service.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the spans and logs of the one trace being simulated, then hands them to the sink and
 * forgets them. Each trace draws from its own random stream, seeded from the scenario seed and
 * the trace's position, so it does not depend on anything generated before it.
 */
final class TraceRecorder {

    final Rng rng = new Rng(0);
    private final String projectId;
    private final Fleet fleet;
    private final List<SpanDraft> spans = new ArrayList<>(32);
    private final List<LogRow> logs = new ArrayList<>(8);
    private String traceId = "";
    private long spanCount;
    private long logCount;
    private long errorSpanCount;
    private long traceCount;
    private long failedTraceCount;

    TraceRecorder(String projectId, Fleet fleet) {
        this.projectId = projectId;
        this.fleet = fleet;
    }

    void begin(long traceSeed) {
        rng.reseed(traceSeed);
        traceId = Ids.traceId(rng);
        spans.clear();
        logs.clear();
    }

    String traceId() {
        return traceId;
    }

    Fleet fleet() {
        return fleet;
    }

    SpanDraft root(Service service, Instrumentation instrumentation, String name, long start) {
        return add(new SpanDraft(fleet.pick(service, start, rng), service.scope(instrumentation), Ids.spanId(rng), "",
                name, SpanKind.SERVER, start));
    }

    /** A server span in {@code service}, on a pod picked for this request. */
    SpanDraft serverSpan(SpanDraft parent, Service service, Instrumentation instrumentation, String name, long start) {
        return add(new SpanDraft(fleet.pick(service, start, rng), service.scope(instrumentation), Ids.spanId(rng),
                parent.spanId, name, SpanKind.SERVER, start));
    }

    /** A span in the same process as its parent. */
    SpanDraft child(SpanDraft parent, Instrumentation instrumentation, String name, SpanKind kind, long start) {
        return child(parent, parent.service().scope(instrumentation), name, kind, start);
    }

    SpanDraft child(SpanDraft parent, Scope scope, String name, SpanKind kind, long start) {
        return add(new SpanDraft(parent.instance, scope, Ids.spanId(rng), parent.spanId, name, kind, start));
    }

    private SpanDraft add(SpanDraft span) {
        spans.add(span);
        return span;
    }

    /** A log written while {@code span} was active, correlated with it; attributes as alternating keys and values. */
    void log(SpanDraft span, long time, Severity severity, String body, String... attributes) {
        logs.add(logRow(projectId, span.instance, time, time + observationDelay(rng), traceId, span.spanId, severity, body,
                attributes));
    }

    /** Emits the trace: spans parents first, then its logs in time order. */
    void emitTo(TelemetrySink sink) {
        traceCount++;
        for (SpanDraft draft : spans) {
            SpanRow row = draft.toRow(projectId, traceId);
            if (row.statusCode() == StatusCode.ERROR) {
                errorSpanCount++;
                if (row.isRoot()) {
                    failedTraceCount++;
                }
            }
            sink.span(row);
        }
        spanCount += spans.size();
        logs.sort(Comparator.comparingLong(LogRow::timeNanos));
        for (LogRow log : logs) {
            sink.log(log);
        }
        logCount += logs.size();
        spans.clear();
        logs.clear();
    }

    long spanCount() {
        return spanCount;
    }

    long logCount() {
        return logCount;
    }

    long errorSpanCount() {
        return errorSpanCount;
    }

    long traceCount() {
        return traceCount;
    }

    long failedTraceCount() {
        return failedTraceCount;
    }

    /** Collectors see a log a few milliseconds after it was written. */
    static long observationDelay(Rng rng) {
        return 1_000_000L + (long) (rng.nextDouble() * 40_000_000L);
    }

    static LogRow logRow(String projectId, ServiceInstance instance, long time, long observedTime, String traceId,
            String spanId, Severity severity, String body, String... attributes) {
        Map<String, String> attributeMap;
        if (attributes.length == 0) {
            attributeMap = Map.of();
        } else {
            Map<String, String> ordered = new LinkedHashMap<>(attributes.length);
            for (int i = 0; i + 1 < attributes.length; i += 2) {
                ordered.put(attributes[i], attributes[i + 1]);
            }
            attributeMap = Collections.unmodifiableMap(ordered);
        }
        return new LogRow(projectId, time, observedTime, traceId, spanId, severity.number, severity.name(),
                instance.service().serviceName, body, instance.resourceAttributes(), attributeMap,
                instance.service().loggerName);
    }
}
