package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.RowBatch;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.PlanEntitlements;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Actor;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET /api/v1/workspaces/{workspace}/usage over HTTP: spans written as ingest writes them and metric
 * points sent over OTLP, counted (rows and bytes) by the roll-up, and the agent's metered calls,
 * against the workspace's plan.
 */
class UsageApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int SPANS = 1_200;

    private static TestIssuer issuer;
    private static RunningApp app;
    private static String owner;
    private static Project shop;

    record Answer(int status, JsonNode json, String text) {}

    @BeforeAll
    static void start() throws Exception {
        issuer = TestIssuer.start();
        app = RunningApp.start(Map.of("tracehound.auth.jwt.issuer-uri", issuer.issuer(),
                "tracehound.identity.default-workspace", "acme",
                "tracehound.usage.initial-delay", "1h"));
        owner = issuer.token("owner", "owner@acme.test");
        assertThat(call("/api/v1/me").status()).isEqualTo(200);
        shop = app.bean(ProjectDirectory.class).ensure("acme", "Acme", "shop", "Shop");
    }

    @AfterAll
    static void stop() {
        app.close();
        issuer.close();
    }

    @Test
    void theWorkspaceSeesThisMonthsUsageByMeterAndDayAgainstItsPlanWithAForecast() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        var spans = IntStream.range(0, SPANS).mapToObj(i -> new SpanRow(shop.id().toString(),
                "0af7651916cd43dd8448eb211c80319c", String.format("%016x", i + 1), "", "", "GET /",
                SpanRow.SpanKind.SERVER, SpanRow.StatusCode.OK, "", "shop", "", "", now - i * 1_000_000L, 1_000L,
                Map.of(), Map.of(), null, null, null, 180 + i % 40)).toList();
        long spanBytes = spans.stream().mapToLong(SpanRow::ingestedBytes).sum();
        var batch = RowBatch.ofSpans(spans);
        app.bean(TelemetryWriter.class).write(List.of(batch));
        app.bean(TelemetryWriter.class).write(List.of(batch));
        ExportMetricsServiceRequest points = gauge(now, 25);
        assertThat(postMetrics(points)).isEqualTo(200);
        long pointBytes = points.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPointsList()
                .stream().mapToLong(NumberDataPoint::getSerializedSize).sum();
        agentCall(3_000, 1_000, 12_500);
        agentCall(500, 250, 1_000);
        app.bean(UsageJob.class).runOnce();
        app.bean(WorkspacePlans.class).change(Actor.system(), shop.workspaceId(), "indie");
        ((PlanEntitlements) app.bean(Entitlements.class)).forget(shop.workspaceId());

        var answer = call(ws("/usage"));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode usage = answer.json();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(usage.path("period").asString()).isEqualTo(YearMonth.from(today).toString());
        assertThat(usage.path("complete").asBoolean()).isFalse();
        JsonNode spanMeter = meter(usage, "spans");
        assertThat(spanMeter.path("quantity").asLong()).as("the batch delivered twice counts once").isEqualTo(SPANS);
        assertThat(spanMeter.path("limit").asLong()).isEqualTo(20_000_000);
        assertThat(spanMeter.path("fractionUsed").asDouble()).isCloseTo(SPANS / 20_000_000.0, within(1e-12));
        assertThat(spanMeter.path("days").size()).isEqualTo(today.getDayOfMonth());
        assertThat(spanMeter.path("days").get(today.getDayOfMonth() - 1).path("quantity").asLong()).isEqualTo(SPANS);
        assertThat(spanMeter.path("forecast").asLong()).isEqualTo(expectedForecast(SPANS, usage));
        assertThat(meter(usage, "metric_points").path("limit").isNull()).as("plans do not limit metric points").isTrue();
        assertThat(meter(usage, "metric_points").path("quantity").asLong()).isEqualTo(25);
        JsonNode bytes = meter(usage, "ingested_bytes");
        System.out.printf("Usage API: ingested_bytes %d = %d bytes of spans + %d bytes of data points as sent%n",
                bytes.path("quantity").asLong(), spanBytes, pointBytes);
        assertThat(bytes.path("quantity").asLong()).as("the spans' bytes, counted once, and the points' as sent")
                .isEqualTo(spanBytes + pointBytes);
        assertThat(bytes.path("limit").asLong()).as("indie's 20 GB").isEqualTo(20_000_000_000L);
        assertThat(bytes.path("fractionUsed").asDouble()).isCloseTo((spanBytes + pointBytes) / 2e10, within(1e-15));
        assertThat(bytes.path("days").get(today.getDayOfMonth() - 1).path("quantity").asLong())
                .isEqualTo(spanBytes + pointBytes);
        assertThat(meter(usage, "agent_tokens").path("quantity").asLong()).isEqualTo(4_750);
        assertThat(meter(usage, "agent_tokens").path("limit").asLong()).isEqualTo(5_000_000);
        assertThat(meter(usage, "agent_cost_micros").path("quantity").asLong()).isEqualTo(13_500);
        assertThat(usage.path("projects").get(0).path("slug").asString()).isEqualTo("shop");
        assertThat(usage.path("projects").get(0).path("totals").path("spans").asLong()).isEqualTo(SPANS);
        assertThat(usage.path("projects").get(0).path("totals").path("ingested_bytes").asLong())
                .isEqualTo(spanBytes + pointBytes);

        var lastMonth = call(ws("/usage?period=" + YearMonth.from(today).minusMonths(1)));
        assertThat(lastMonth.status()).as(lastMonth.text()).isEqualTo(200);
        assertThat(lastMonth.json().path("complete").asBoolean()).isTrue();
        assertThat(meter(lastMonth.json(), "spans").path("quantity").asLong()).isZero();
        assertThat(meter(lastMonth.json(), "spans").path("days").size())
                .isEqualTo(YearMonth.from(today).minusMonths(1).lengthOfMonth());

        assertThat(call(ws("/usage?period=december")).status()).isEqualTo(400);
        assertThat(call(ws("/usage?period=" + YearMonth.from(today).plusMonths(1))).status()).isEqualTo(400);
    }

    @Test
    void withoutStripeKeysBillingIsOffAndSaysHowToEnableIt() throws Exception {
        var status = call(ws("/billing"));
        assertThat(status.status()).as(status.text()).isEqualTo(200);
        assertThat(status.json().path("enabled").asBoolean()).isFalse();
        assertThat(status.json().path("howToEnable").asString()).contains("TRACEHOUND_BILLING_STRIPE_SECRET_KEY");
        assertThat(status.json().path("canManage").asBoolean()).as("nothing to manage").isFalse();

        var request = HttpRequest.newBuilder(URI.create(app.base() + ws("/billing/plan")))
                .header("Authorization", "Bearer " + owner).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"plan\":\"indie\"}")).build();
        HttpResponse<String> refused = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("billing-not-configured").contains("docs/billing.md#stripe");
    }

    @Test
    void theApiDocumentSaysHowTheForecastIsMade() throws Exception {
        JsonNode forecast = call("/v3/api-docs").json().path("components").path("schemas").path("MeterView")
                .path("properties").path("forecast");

        assertThat(forecast.path("description").asString()).startsWith("linear forecast to the period's end");
    }

    /** {@code n} gauge points of the shop, the latest at {@code now}, as an OTLP exporter sends them. */
    private static ExportMetricsServiceRequest gauge(long now, int n) {
        var gauge = Gauge.newBuilder();
        for (int i = 0; i < n; i++) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now - i * 1_000_000_000L).setAsInt(i * 7L)
                    .addAttributes(KeyValue.newBuilder().setKey("queue").setValue(AnyValue.newBuilder()
                            .setStringValue("orders-" + i))));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("queue.depth")
                        .setGauge(gauge)))).build();
    }

    private static int postMetrics(ExportMetricsServiceRequest request) throws Exception {
        String key = app.newProjectKey("usage").key();
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + "/v1/metrics"))
                        .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The linear forecast at the answer's asOf: quantity × the month's length ÷ the time elapsed (at least a day). */
    private static long expectedForecast(long quantity, JsonNode usage) {
        Instant asOf = Instant.parse(usage.path("asOf").asString());
        Instant start = LocalDate.parse(usage.path("from").asString()).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = LocalDate.parse(usage.path("to").asString()).atStartOfDay(ZoneOffset.UTC).toInstant();
        long elapsed = Math.max(asOf.getEpochSecond() - start.getEpochSecond(), 86_400);
        return Math.round((double) quantity * (end.getEpochSecond() - start.getEpochSecond()) / elapsed);
    }

    private static void agentCall(long input, long output, long costMicros) {
        app.bean(JdbcClient.class).sql("""
                INSERT INTO agent_usage (session_id, workspace_id, user_id, model, input_tokens, output_tokens,
                                         estimated, cost_micros, priced, created_at)
                VALUES (:session, :workspace, 'owner', 'gpt-4o', :input, :output, false, :cost, true, :at)""")
                .param("session", UUID.randomUUID()).param("workspace", shop.workspaceId()).param("input", input)
                .param("output", output).param("cost", costMicros).param("at", OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    private static JsonNode meter(JsonNode usage, String name) {
        for (JsonNode meter : usage.path("meters")) {
            if (meter.path("meter").asString().equals(name)) {
                return meter;
            }
        }
        throw new AssertionError("no meter " + name + " in " + usage);
    }

    private static String ws(String rest) {
        return "/api/v1/workspaces/" + shop.workspaceId() + rest;
    }

    private static Answer call(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path)).header("Authorization", "Bearer " + owner).GET();
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = type.contains("json") && !response.body().isEmpty() ? JSON.readTree(response.body())
                : JSON.createObjectNode();
        return new Answer(response.statusCode(), json, response.body());
    }
}
