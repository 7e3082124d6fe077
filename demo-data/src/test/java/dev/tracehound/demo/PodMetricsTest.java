package dev.tracehound.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pods' metrics agree with the spans they were measured from, and are exported as an SDK would. */
class PodMetricsTest {

    private static final Instant DAY_END = Instant.parse("2025-03-10T21:30:00Z");
    private static final List<MetricRow> points = new ArrayList<>();
    private static final Map<List<String>, Long> frontendRequests = new HashMap<>();
    private static Scenario scenario;

    @BeforeAll
    static void generate() {
        Instant start = DAY_END.minus(Duration.ofHours(7));
        scenario = Scenario.demo("pod-metrics", DAY_END).withWindow(start, Duration.ofHours(2))
                .withLoad(Load.peakRequestsPerSecond(2));
        new DemoTelemetryGenerator(scenario).generate(new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                if (span.kind() == SpanKind.SERVER && span.attributes().containsKey("http.route")) {
                    frontendRequests.merge(List.of(span.resourceAttributes().get("k8s.pod.name"),
                            span.attributes().get("http.route"), span.attributes().get("http.response.status_code")),
                            1L, Long::sum);
                }
            }

            @Override
            public void log(LogRow log) {
            }

            @Override
            public void metric(MetricRow point) {
                points.add(point);
            }
        });
    }

    @Test
    void theLastExportCountsEveryRequestTheFrontendServed() {
        long windowEnd = nanos(scenario.windowEnd());
        var counted = new HashMap<List<String>, Long>();
        for (MetricRow point : points) {
            if (point.name().equals("http.server.requests") && point.timeNanos() == windowEnd) {
                counted.merge(List.of(point.resourceAttributes().get("k8s.pod.name"), point.attributes().get("http.route"),
                        point.attributes().get("http.response.status_code")), (long) point.value(), Long::sum);
            }
        }
        assertThat(frontendRequests).isNotEmpty();
        assertThat(counted).isEqualTo(frontendRequests);
    }

    @Test
    void cumulativeSeriesNeverGoDownAndTheHistogramCountsWhatTheCounterCounts() {
        var lastCount = new HashMap<List<Object>, Double>();
        for (MetricRow point : points) {
            List<Object> series = List.of(point.name(), point.resourceAttributes(), point.attributes());
            double value = switch (point.type()) {
                case SUM -> point.value();
                case HISTOGRAM -> point.histogram().count();
                default -> 0;
            };
            Double before = lastCount.put(series, value);
            assertThat(value).as(series.toString()).isGreaterThanOrEqualTo(before == null ? 0 : before);
            if (point.type() == MetricRow.MetricType.HISTOGRAM) {
                assertThat(point.startTimeNanos()).isEqualTo(nanos(scenario.windowStart()));
                assertThat(point.histogram().explicitBounds()).isEqualTo(MetricRecorder.BOUNDS);
            }
        }
        var histograms = new HashMap<List<Object>, Double>();
        var counters = new HashMap<List<Object>, Double>();
        lastCount.forEach((series, value) -> (series.getFirst().equals("http.server.requests") ? counters : histograms)
                .put(series.subList(1, 3), value));
        histograms.keySet().removeIf(k -> !counters.containsKey(k));
        assertThat(histograms).isEqualTo(counters);
    }

    @Test
    void everyPodReportsItsCpuEveryMinute() {
        var utilization = points.stream().filter(p -> p.name().equals("process.cpu.utilization")).toList();
        assertThat(utilization).isNotEmpty().allSatisfy(p -> {
            assertThat(p.type()).isEqualTo(MetricRow.MetricType.GAUGE);
            assertThat(p.value()).isBetween(0.05, 1.0);
        });
        long pods = utilization.stream().map(p -> p.resourceAttributes().get("k8s.pod.name")).distinct().count();
        long minutes = utilization.stream().map(MetricRow::timeNanos).distinct().count();
        assertThat(minutes).isEqualTo(Duration.ofHours(2).toMinutes());
        assertThat(pods).isGreaterThan(4);
        assertThat(utilization.stream().map(MetricRow::serviceName).distinct())
                .contains("frontend", "checkout", "payments");
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
