package dev.tracehound.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.demo.DemoTelemetryGenerator;
import dev.tracehound.demo.Load;
import dev.tracehound.demo.Scenario;
import dev.tracehound.demo.TelemetrySink;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * metric_query over the demo shop's telemetry: an hour and a half around the checkout deploy
 * that slows payments (at 15:30 UTC), with the metrics its pods export every minute.
 */
class MetricQueryToolIT {

    private static final Instant DAY_END = Instant.parse("2025-03-10T21:30:00Z");
    private static final Instant INCIDENT = DAY_END.minus(Duration.ofHours(6));
    private static final Instant WINDOW_START = INCIDENT.minus(Duration.ofMinutes(60));
    private static final Duration WINDOW = Duration.ofMinutes(90);
    private static final Instant NOW = WINDOW_START.plus(WINDOW).plus(Duration.ofMinutes(2));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ToolContext SHOP = ToolContext.withoutSandbox("demo-shop");
    private static final ToolContext OTHER = ToolContext.withoutSandbox("other-project");

    private static ThrowawayClickHouse database;
    private static ClickHouse clickHouse;
    private static Tools tools;
    private static long frontendRequests;

    @BeforeAll
    static void generate() {
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        tools = Tools.standard(TelemetryQueries.over(clickHouse, CLOCK), Tools.Settings.defaults().withClock(CLOCK));
        var writer = new TelemetryWriter(clickHouse);
        var spans = new ArrayList<SpanRow>();
        var logs = new ArrayList<LogRow>();
        var metrics = new ArrayList<MetricRow>();
        Scenario scenario = Scenario.demo("demo-shop", DAY_END).withWindow(WINDOW_START, WINDOW)
                .withLoad(Load.peakRequestsPerSecond(1));
        new DemoTelemetryGenerator(scenario).generate(new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                spans.add(span);
                if (span.kind() == SpanRow.SpanKind.SERVER && span.attributes().containsKey("http.route")) {
                    frontendRequests++;
                }
            }

            @Override
            public void log(LogRow log) {
                logs.add(log);
            }

            @Override
            public void metric(MetricRow point) {
                metrics.add(point);
            }
        });
        writer.writeSpans(spans);
        writer.writeLogs(logs);
        writer.writeMetrics(metrics);
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void theListShowsTheShopsMetricsWithWhatEachAllows() throws Exception {
        JsonNode metrics = run(SHOP, "{\"list\": true, \"last\": \"2h\"}").data().get("metrics");

        assertThat(metrics).extracting(m -> m.get("name").asString()).containsExactly(
                "http.server.request.duration", "http.server.requests", "process.cpu.utilization");
        assertThat(metrics.get(0).get("type").asString()).isEqualTo("histogram");
        assertThat(metrics.get(0).get("unit").asString()).isEqualTo("s");
        assertThat(metrics.get(0).get("attribute_keys")).extracting(JsonNode::asString)
                .containsExactly("http.request.method", "http.response.status_code", "http.route");
        assertThat(metrics.get(0).get("aggregations")).extracting(JsonNode::asString).contains("quantiles");
        assertThat(metrics.get(1).get("aggregations")).extracting(JsonNode::asString).contains("rate");
        assertThat(metrics.get(2).get("resource_keys")).extracting(JsonNode::asString).contains("k8s.pod.name");
        assertThat(run(OTHER, "{\"list\": true, \"last\": \"2h\"}").data().get("metrics")).isEmpty();
    }

    @Test
    void theCheckoutP95RisesAfterTheDeploy() throws Exception {
        JsonNode data = run(SHOP, """
                {"metric": "http.server.request.duration", "aggregation": "quantiles", "quantiles": [0.95],
                 "group_by": ["http.route"], "attributes": [{"key": "http.route", "value": "/checkout"}],
                 "last": "2h"}""").data();

        assertThat(data.get("bucket_seconds").asInt()).isEqualTo(60);
        JsonNode series = data.get("series");
        assertThat(series).singleElement().satisfies(s -> {
            assertThat(s.get("key").get("http.route").asString()).isEqualTo("/checkout");
            assertThat(s.get("measure").asString()).isEqualTo("p95");
        });
        double before = 0;
        double after = 0;
        int nBefore = 0;
        int nAfter = 0;
        for (int i = 0; i < data.get("buckets").size(); i++) {
            JsonNode point = series.get(0).get("points").get(i);
            if (point.isNull()) {
                continue;
            }
            if (Instant.parse(data.get("buckets").get(i).asString()).isBefore(INCIDENT)) {
                before += point.asDouble();
                nBefore++;
            } else if (Instant.parse(data.get("buckets").get(i).asString())
                    .isAfter(INCIDENT.plus(Duration.ofMinutes(5)))) {
                after += point.asDouble();
                nAfter++;
            }
        }
        assertThat(nBefore).isGreaterThan(30);
        assertThat(nAfter).isGreaterThan(10);
        assertThat(after / nAfter).as("mean p95 after the deploy against before").isGreaterThan(2 * before / nBefore);
    }

    @Test
    void theRequestRateAddsUpToTheRequestsInTheTraces() throws Exception {
        JsonNode data = run(SHOP, "{\"metric\": \"http.server.requests\", \"aggregation\": \"rate\", \"last\": \"2h\"}")
                .data();

        assertThat(data.get("unit").asString()).isEqualTo("{request}/s");
        double seconds = data.get("bucket_seconds").asDouble();
        double requests = 0;
        for (JsonNode rate : data.get("series").get(0).get("points")) {
            requests += rate.asDouble() * seconds;
        }
        assertThat(requests).isCloseTo(frontendRequests, within(frontendRequests * 0.002));
    }

    @Test
    void anAggregationTheMetricCannotTakeTellsTheModelWhichItCan() throws Exception {
        ToolResult wrong = tools.run("metric_query",
                "{\"metric\": \"process.cpu.utilization\", \"aggregation\": \"quantiles\", \"last\": \"2h\"}", SHOP);
        ToolResult missing = tools.run("metric_query", "{\"metric\": \"process.cpu.utilization\"}", SHOP);
        ToolResult outOfRange = tools.run("metric_query",
                "{\"metric\": \"http.server.request.duration\", \"aggregation\": \"quantiles\", \"quantiles\": [95]}",
                SHOP);

        assertThat(wrong.error()).isTrue();
        assertThat(wrong.content()).contains("is a gauge").contains("use one of sum, avg, min, max");
        assertThat(missing.error()).isTrue();
        assertThat(missing.content()).contains("give 'aggregation'");
        assertThat(outOfRange.error()).isTrue();
        assertThat(outOfRange.content()).contains("quantiles");
    }

    private static ToolResult run(ToolContext context, String arguments) throws InterruptedException {
        ToolResult result = tools.run("metric_query", arguments, context);
        assertThat(result.error()).as(result.content()).isFalse();
        return result;
    }
}
