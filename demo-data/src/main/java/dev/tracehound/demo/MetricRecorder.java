package dev.tracehound.demo;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.MetricRow.Histogram;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The metrics the shop's pods would export, measured from the spans they serve, passed on with
 * the spans and logs: every minute, as an OpenTelemetry SDK's periodic reader does, each
 * frontend pod's cumulative {@code http.server.request.duration} histogram (seconds, the
 * semantic conventions' buckets) and {@code http.server.requests} counter per method, route
 * and status code, and every pod's {@code process.cpu.utilization} gauge (the share of two
 * cores its server spans kept busy, on top of an idle 5%). Cumulative series start at the
 * window's start. So a latency incident in the traces shows in the metrics too.
 */
final class MetricRecorder implements TelemetrySink {

    static final long INTERVAL_NANOS = 60_000_000_000L;
    static final List<Double> BOUNDS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0,
            7.5, 10.0);
    private static final double CORES = 2;
    private static final String SCOPE = "io.opentelemetry.sdk.metrics";

    private final TelemetrySink sink;
    private final String projectId;
    private final long seriesStart;
    private long nextExport;
    private final Map<RouteKey, Latencies> routes = new LinkedHashMap<>();
    private final Map<Map<String, String>, Busy> pods = new LinkedHashMap<>();

    private record RouteKey(String service, Map<String, String> resource, String method, String route, String status) {}

    /** A route's cumulative histogram: the count per bucket and the sum of the seconds. */
    private static final class Latencies {
        final long[] counts = new long[BOUNDS.size() + 1];
        double sumSeconds;
    }

    private static final class Busy {
        final String service;
        long nanos;

        Busy(String service) {
            this.service = service;
        }
    }

    MetricRecorder(TelemetrySink sink, String projectId, long windowStart) {
        this.sink = sink;
        this.projectId = projectId;
        this.seriesStart = windowStart;
        this.nextExport = Math.floorDiv(windowStart, INTERVAL_NANOS) * INTERVAL_NANOS + INTERVAL_NANOS;
    }

    @Override
    public void span(SpanRow span) {
        // Traces arrive in order of their roots' start; a child may start after the next root.
        if (span.isRoot()) {
            exportBefore(span.startTimeNanos());
        }
        sink.span(span);
        if (span.kind() != SpanKind.SERVER) {
            return;
        }
        pods.computeIfAbsent(span.resourceAttributes(), r -> new Busy(span.serviceName())).nanos += span.durationNanos();
        String route = span.attributes().get("http.route");
        if (route == null) {
            return;
        }
        var key = new RouteKey(span.serviceName(), span.resourceAttributes(),
                span.attributes().getOrDefault("http.request.method", ""), route,
                span.attributes().getOrDefault("http.response.status_code", ""));
        Latencies latencies = routes.computeIfAbsent(key, k -> new Latencies());
        double seconds = span.durationNanos() / 1e9;
        int bucket = 0;
        while (bucket < BOUNDS.size() && seconds > BOUNDS.get(bucket)) {
            bucket++;
        }
        latencies.counts[bucket]++;
        latencies.sumSeconds += seconds;
    }

    @Override
    public void log(LogRow log) {
        sink.log(log);
    }

    @Override
    public void metric(MetricRow point) {
        sink.metric(point);
    }

    /** Exports the intervals that end at or before {@code windowEnd}, and what is left as the window closes. */
    void finish(long windowEnd) {
        exportBefore(windowEnd);
        if (nextExport - INTERVAL_NANOS < windowEnd) {
            export(windowEnd);
        }
    }

    private void exportBefore(long time) {
        while (nextExport <= time) {
            export(nextExport);
            nextExport += INTERVAL_NANOS;
        }
    }

    private void export(long at) {
        routes.forEach((key, latencies) -> {
            long[] counts = latencies.counts;
            long count = Arrays.stream(counts).sum();
            var attributes = Map.of("http.request.method", key.method(), "http.route", key.route(),
                    "http.response.status_code", key.status());
            sink.metric(new MetricRow(projectId, "http.server.request.duration", "Duration of HTTP server requests.",
                    "s", MetricType.HISTOGRAM, Temporality.CUMULATIVE, false, key.service(), SCOPE, "", seriesStart, at,
                    key.resource(), attributes, 0, new Histogram(count, OptionalDouble.of(latencies.sumSeconds),
                            OptionalDouble.empty(), OptionalDouble.empty(), Arrays.stream(counts).boxed().toList(),
                            BOUNDS)));
            sink.metric(new MetricRow(projectId, "http.server.requests", "HTTP server requests served.", "{request}",
                    MetricType.SUM, Temporality.CUMULATIVE, true, key.service(), SCOPE, "", seriesStart, at,
                    key.resource(), attributes, count, null));
        });
        pods.forEach((resource, busy) -> {
            double utilization = Math.min(1, 0.05 + busy.nanos / (CORES * INTERVAL_NANOS));
            sink.metric(new MetricRow(projectId, "process.cpu.utilization",
                    "Share of the pod's CPU time in use, 0 to 1.", "1", MetricType.GAUGE, Temporality.UNSPECIFIED, false,
                    busy.service, SCOPE, "", 0, at, resource, Map.of(), Math.round(utilization * 1000) / 1000.0, null));
            busy.nanos = 0;
        });
    }
}
