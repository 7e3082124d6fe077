package dev.tracehound.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import dev.tracehound.analytics.ProjectTelemetry.SpanCoverage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectTelemetryIT {

    private static final long T0 = 1_763_726_400_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;

    private TestClickHouse test;
    private ProjectTelemetry stored;

    @BeforeEach
    void seed() {
        test = TestClickHouse.migrated();
        stored = new ProjectTelemetry(test.clickHouse());
        var writer = new TelemetryWriter(test.clickHouse());
        writer.writeSpans(List.of(span("demo", "0000000000000001", T0), span("demo", "0000000000000002", T0 + 90 * MINUTE),
                span("other", "0000000000000003", T0)));
        writer.writeLogs(List.of(log("demo"), log("demo"), log("other")));
        writer.writeMetrics(List.of(metric("demo"), metric("demo"), metric("other")));
    }

    @AfterEach
    void drop() {
        test.close();
    }

    @Test
    void aProjectsCoverageCountsItsSpansAndTheTimeFromFirstToLast() {
        assertThat(stored.spanCoverage("demo")).isEqualTo(new SpanCoverage(2, Duration.ofMinutes(90)));
        assertThat(stored.logCount("demo")).isEqualTo(2);
        assertThat(stored.spanCoverage("empty")).isEqualTo(new SpanCoverage(0, Duration.ZERO));
    }

    @Test
    void deletingAProjectsTelemetryRemovesItsSpansTraceIndexLogsAndMetricsAndLeavesOtherProjectsAlone()
            throws InterruptedException {
        stored.deleteTelemetry("demo");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((stored.spanCoverage("demo").spans() > 0 || stored.logCount("demo") > 0
                || rows("trace_index", "demo") > 0 || rows("metrics", "demo") > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(stored.spanCoverage("demo").spans()).isZero();
        assertThat(stored.logCount("demo")).isZero();
        assertThat(rows("trace_index", "demo")).isZero();
        assertThat(rows("metrics", "demo")).isZero();
        assertThat(stored.spanCoverage("other").spans()).isEqualTo(1);
        assertThat(stored.logCount("other")).isEqualTo(1);
        assertThat(rows("trace_index", "other")).isEqualTo(1);
        assertThat(rows("metrics", "other")).isEqualTo(1);
    }

    private long rows(String table, String project) {
        return test.count("SELECT count() AS c FROM " + table + " WHERE project_id = '" + project + "'");
    }

    private static SpanRow span(String project, String spanId, long start) {
        return new SpanRow(project, "0af7651916cd43dd8448eb211c80319c", spanId, "", "", "GET /", SpanRow.SpanKind.SERVER,
                SpanRow.StatusCode.OK, "", "shop", "", "", start, 1_000_000L, Map.of(), Map.of(), null, null, null);
    }

    private static MetricRow metric(String project) {
        return new MetricRow(project, "http.server.requests", "", "{request}", MetricType.SUM, Temporality.CUMULATIVE,
                true, "shop", "", "", T0 - MINUTE, T0, Map.of(), Map.of("http.route", "/"), 12, null);
    }

    private static LogRow log(String project) {
        return new LogRow(project, T0, T0, "", "", 9, "INFO", "shop", "ok", Map.of(), Map.of(), "");
    }
}
