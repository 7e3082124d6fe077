package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.platform.ApiKeys.Scope;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metrics end to end: an OpenTelemetry SDK records a counter and a histogram with known values,
 * its OTLP exporter sends them to the running service's {@code /v1/metrics}, and the query API
 * gives back the rate and the p95 those values mean.
 */
class MetricsApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static RunningApp app;
    private static RunningApp.ProjectKey reader;
    private static RunningApp.ProjectKey other;
    private static String ingestKey;
    private static Instant from;
    private static Instant to;

    /**
     * 100 requests, then 60 more, each exported by a flush: the counter stands at 100, then 160.
     * The histogram records 0.01 s to 1.00 s once each, in buckets ending at 0.1, 0.25, 0.5 and 1
     * (10, 15, 25 and 50 of them), so rank 95 lies 45/50 into (0.5, 1]: p95 = 0.95 s.
     */
    @BeforeAll
    static void sendFromTheSdk() throws Exception {
        app = RunningApp.start(Map.of("tracehound.ingest.linger", "50ms"));
        reader = app.newProjectKey("metrics", Scope.READ);
        other = app.newProjectKey("other", Scope.READ);
        ingestKey = app.bean(dev.tracehound.platform.ApiKeys.class)
                .create(UUID.fromString(reader.projectId()), "sdk", Scope.INGEST);
        var resource = io.opentelemetry.sdk.resources.Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), "checkout"));
        var exporter = OtlpHttpMetricExporter.builder().setEndpoint(app.base() + "/v1/metrics")
                .addHeader("Authorization", "Bearer " + ingestKey).build();
        // Exports only when flushed: the interval is far longer than the test.
        var periodic = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        try (var metering = SdkMeterProvider.builder().setResource(resource).registerMetricReader(periodic).build()) {
            var meter = metering.get("it");
            var route = Attributes.of(AttributeKey.stringKey("http.route"), "/checkout");
            var requests = meter.counterBuilder("http.server.requests").setUnit("{request}").build();
            var duration = meter.histogramBuilder("http.server.request.duration").setUnit("s")
                    .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.25, 0.5, 1.0, 2.5)).build();
            for (int i = 1; i <= 100; i++) {
                requests.add(1, route);
                duration.record(i / 100.0, route);
            }
            assertThat(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            requests.add(60, route);
            assertThat(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        // Two flushes, and a last export when the SDK closes: three points of each metric.
        String points = "SELECT count() AS c FROM metrics WHERE project_id = '" + reader.projectId() + "'";
        RunningApp.awaitCount(() -> app.clickHouse().count(points), 6, Duration.ofSeconds(5));
        // Two hours make buckets of a minute.
        to = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        from = to.minus(Duration.ofHours(2));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theCountersRateAddsUpToTheRequestsCounted() throws Exception {
        var response = query("{\"metric\":\"http.server.requests\",\"aggregation\":\"rate\","
                + "\"groupBy\":[{\"attribute\":\"http.route\"}]," + window() + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.get("unit").asString()).isEqualTo("{request}/s");
        double seconds = bucketSeconds(result);
        assertThat(seconds).isEqualTo(60);
        assertThat(result.get("bucketWidth").asString()).isEqualTo("PT1M");
        JsonNode series = result.get("series");
        assertThat(series).hasSize(1);
        assertThat(series.get(0).get("key").get(0).asString()).isEqualTo("/checkout");
        List<Double> rates = points(series.get(0));
        // The export as the SDK closed may fall in the next minute, where the counter did not move.
        assertThat(rates).as("100 requests, then 60, in one or two minutes").isNotEmpty()
                .allSatisfy(rate -> assertThat(rate * seconds).isIn(160.0, 100.0, 60.0, 0.0));
        assertThat(rates.stream().mapToDouble(rate -> rate * seconds).sum()).isCloseTo(160, within(1e-9));
    }

    @Test
    void theHistogramsP95IsInterpolatedWithinItsBucket() throws Exception {
        var response = query("{\"metric\":\"http.server.request.duration\",\"aggregation\":\"quantiles\","
                + "\"quantiles\":[0.5,0.95]," + window() + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode series = JSON.readTree(response.body()).get("series");
        assertThat(series).extracting(s -> s.get("measure").asString()).containsExactly("p50", "p95");
        // The second export added no observations: its bucket, if it is another, has none.
        assertThat(points(series.get(0))).containsExactly(0.5);
        assertThat(points(series.get(1))).singleElement().satisfies(p95 -> assertThat(p95).isCloseTo(0.95, within(1e-9)));
    }

    @Test
    void namesListBothMetricsWithWhatTheyAllow() throws Exception {
        var response = get("/api/v1/projects/" + reader.projectId() + "/metrics/names", reader.key());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode metrics = JSON.readTree(response.body()).get("metrics");
        assertThat(metrics).extracting(m -> m.get("name").asString())
                .containsExactly("http.server.request.duration", "http.server.requests");
        assertThat(metrics.get(0).get("type").asString()).isEqualTo("HISTOGRAM");
        assertThat(metrics.get(0).get("aggregations")).extracting(JsonNode::asString)
                .containsExactly("AVG", "RATE", "QUANTILES");
        assertThat(metrics.get(1).get("attributeKeys")).extracting(JsonNode::asString).containsExactly("http.route");
        assertThat(metrics.get(1).get("services")).extracting(JsonNode::asString).containsExactly("checkout");

        var ofOther = get("/api/v1/projects/" + other.projectId() + "/metrics/names", other.key());
        assertThat(JSON.readTree(ofOther.body()).get("metrics")).isEmpty();
        assertThat(get("/api/v1/projects/" + reader.projectId() + "/metrics/names", other.key()).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/projects/" + reader.projectId() + "/metrics/names", ingestKey).statusCode())
                .isEqualTo(401);
    }

    @Test
    void badInputIsA400ThatSaysWhatToFix() throws Exception {
        assertBadRequest("{\"metric\":\"http.server.requests\",\"aggregation\":\"quantiles\"," + window() + "}",
                "use one of sum, avg, min, max, rate");
        assertBadRequest("{\"metric\":\"http.server.request.duration\",\"aggregation\":\"quantiles\","
                + "\"quantiles\":[1.5]," + window() + "}", "strictly between 0 and 1");
        assertBadRequest("{\"metric\":\"http.server.requests\",\"aggregation\":\"median\"," + window() + "}",
                "unknown aggregation 'median'");
        assertBadRequest("{\"metric\":\"no.such.metric\",\"aggregation\":\"avg\"," + window() + "}",
                "no data points of a metric named 'no.such.metric'");
        assertBadRequest("{\"metric\":\"http.server.requests\",\"aggregation\":\"rate\"}", "'from' and 'to' are required");
    }

    private static void assertBadRequest(String body, String reason) throws Exception {
        var response = query(body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(reason);
    }

    private static String window() {
        return "\"from\":\"" + from + "\",\"to\":\"" + to + "\"";
    }

    private static double bucketSeconds(JsonNode result) {
        JsonNode buckets = result.get("buckets");
        return Duration.between(Instant.parse(buckets.get(0).asString()), Instant.parse(buckets.get(1).asString()))
                .toSeconds();
    }

    /** The points of buckets that had data. */
    private static List<Double> points(JsonNode series) {
        var points = new ArrayList<Double>();
        series.get("points").forEach(p -> {
            if (!p.isNull()) {
                points.add(p.doubleValue());
            }
        });
        return points;
    }

    private static HttpResponse<String> query(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + "/api/v1/projects/" + reader.projectId()
                        + "/metrics/query"))
                .header("Authorization", "Bearer " + reader.key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + path)).header("Authorization", "Bearer " + key)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
