package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.platform.ApiKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * OTLP/HTTP end to end: the OpenTelemetry SDK's own exporters (and hand-made bodies for the
 * bad cases) against the running service, read back from the real ClickHouse.
 */
class OtlpIngestIT {

    private static RunningApp running;
    private static ThrowawayClickHouse clickHouse;
    private static ConfigurableApplicationContext app;
    private static String base;
    private static String key;
    private static String projectId;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        running = RunningApp.start(java.util.Map.of("tracehound.ingest.max-body", "256KB", "tracehound.ingest.linger", "50ms",
                "tracehound.llm-prices.[acme-llm].input", "1.00", "tracehound.llm-prices.[acme-llm].output", "2.00",
                "tracehound.llm-prices.[acme-llm].cached-input", "0.50",
                "tracehound.llm-prices.[acme-llm].reasoning", "4.00"));
        clickHouse = running.clickHouse();
        app = running.context();
        base = running.base();
        var projectKey = running.newProjectKey("it");
        projectId = projectKey.projectId();
        key = projectKey.key();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void anLlmSpansCachedAndReasoningTokensArePricedByTheConfiguredTable() throws Exception {
        var exporter = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces")
                .addHeader("Authorization", "Bearer " + key).build();
        String traceId;
        try (var tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            var llm = tracing.get("it").spanBuilder("chat acme-llm").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.provider.name", "acme")
                    .setAttribute("gen_ai.request.model", "acme-llm-2026-01")
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 1_000L)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), 400L)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 300L)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"), 100L)
                    .startSpan();
            traceId = llm.getSpanContext().getTraceId();
            llm.end();
            assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }

        // 600 x 1.00 + 400 x 0.50 + 200 x 2.00 + 100 x 4.00 = 1,600 per million: tracehound.llm-prices
        // reached ingest, and the dated model name took the override's price.
        RunningApp.awaitCount(() -> clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId
                + "' AND trace_id = '" + traceId + "' AND llm_input_tokens = 1000 AND llm_cached_input_tokens = 400"
                + " AND llm_output_tokens = 300 AND llm_reasoning_tokens = 100"
                + " AND abs(llm_cost_usd - 0.0016) < 1e-12"), 1, Duration.ofSeconds(5));
    }

    @Test
    void spansAndLogsFromTheSdkExportersAreQueryableWithinTwoSeconds() throws Exception {
        var resource = io.opentelemetry.sdk.resources.Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "sdk-it", AttributeKey.stringKey("service.version"), "9.9.9"));
        var spanExporter = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces")
                .addHeader("Authorization", "Bearer " + key).setCompression("gzip").build();
        var logExporter = OtlpHttpLogRecordExporter.builder().setEndpoint(base + "/v1/logs")
                .addHeader("x-api-key", key).build();
        try (var tracing = SdkTracerProvider.builder().setResource(resource)
                        .addSpanProcessor(SimpleSpanProcessor.create(spanExporter)).build();
                var logging = SdkLoggerProvider.builder().setResource(resource)
                        .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter)).build()) {
            var tracer = tracing.get("it");
            var root = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
                    .setAttribute("payment.provider", "stripe_v3").startSpan();
            String traceId;
            try (Scope ignored = root.makeCurrent()) {
                traceId = root.getSpanContext().getTraceId();
                var llm = tracer.spanBuilder("chat gpt-4o-mini").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("gen_ai.system", "openai")
                        .setAttribute("gen_ai.request.model", "gpt-4o-mini")
                        .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 2_000L)
                        .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 500L)
                        .startSpan();
                llm.end();
                logging.get("it").logRecordBuilder().setSeverity(Severity.ERROR).setSeverityText("ERROR")
                        .setBody("payment provider stripe_v3 timed out after 2000 ms").emit();
                root.setStatus(StatusCode.ERROR, "timeout");
            } finally {
                root.end();
            }
            long sent = System.nanoTime();
            assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

            String spans = "SELECT count() AS c FROM spans WHERE project_id = '" + projectId + "' AND trace_id = '" + traceId + "'";
            String logs = "SELECT count() AS c FROM logs WHERE project_id = '" + projectId + "' AND trace_id = '" + traceId
                    + "' AND severity_number = 17 AND service_name = 'sdk-it'";
            RunningApp.awaitCount(() -> clickHouse.count(spans), 2, Duration.ofSeconds(2));
            RunningApp.awaitCount(() -> clickHouse.count(logs), 1, Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId
                    + "' AND trace_id = '" + traceId + "' AND llm_model = 'gpt-4o-mini' AND llm_input_tokens = 2000"
                    + " AND abs(llm_cost_usd - 0.0006) < 1e-9")).isEqualTo(1);
            assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId
                    + "' AND trace_id = '" + traceId + "' AND status_code = 'ERROR' AND kind = 'SERVER'"
                    + " AND resource_attributes.value[indexOf(resource_attributes.key, 'service.version')] = '9.9.9'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aCounterAGaugeAndAHistogramFromTheSdkExporterAreQueryableWithinTwoSeconds() throws Exception {
        String service = "metrics-it-" + UUID.randomUUID();
        var resource = io.opentelemetry.sdk.resources.Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), service));
        var exporter = OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics")
                .addHeader("Authorization", "Bearer " + key).setCompression("gzip").build();
        // Exports only when flushed: the interval is far longer than the test.
        var reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        try (var metering = SdkMeterProvider.builder().setResource(resource).registerMetricReader(reader).build()) {
            var meter = metering.get("it");
            var provider = Attributes.of(AttributeKey.stringKey("payment.provider"), "stripe_v3");
            var orders = meter.counterBuilder("orders.placed").setUnit("{order}").build();
            orders.add(3, provider);
            orders.add(4, provider);
            meter.gaugeBuilder("queue.depth").setDescription("jobs waiting").build().set(42.5);
            var latency = meter.histogramBuilder("checkout.duration").setUnit("ms")
                    .setExplicitBucketBoundariesAdvice(List.of(100.0, 1000.0)).build();
            latency.record(50, provider);
            latency.record(250, provider);
            latency.record(2000, provider);

            long sent = System.nanoTime();
            assertThat(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

            String rows = "SELECT count() AS c FROM metrics WHERE project_id = '" + projectId + "' AND service_name = '"
                    + service + "'";
            RunningApp.awaitCount(() -> clickHouse.count(rows), 3, Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));

            var counter = metric(service, "orders.placed");
            assertThat(counter.string("metric_type")).isEqualTo("SUM");
            assertThat(counter.string("temporality")).isEqualTo("CUMULATIVE");
            assertThat(counter.longValue("is_monotonic")).isEqualTo(1);
            assertThat(counter.doubleValue("value")).isEqualTo(7.0);
            assertThat(counter.string("metric_unit")).isEqualTo("{order}");
            assertThat(counter.string("provider")).isEqualTo("stripe_v3");
            assertThat(counter.string("scope_name")).isEqualTo("it");

            var gauge = metric(service, "queue.depth");
            assertThat(gauge.string("metric_type")).isEqualTo("GAUGE");
            assertThat(gauge.doubleValue("value")).isEqualTo(42.5);
            assertThat(gauge.string("metric_description")).isEqualTo("jobs waiting");

            var histogram = metric(service, "checkout.duration");
            assertThat(histogram.string("metric_type")).isEqualTo("HISTOGRAM");
            assertThat(histogram.longValue("histogram_count")).isEqualTo(3);
            assertThat(histogram.string("sum")).isEqualTo("2300");
            assertThat(histogram.string("min")).isEqualTo("50");
            assertThat(histogram.string("max")).isEqualTo("2000");
            assertThat(histogram.string("buckets")).isEqualTo("[1,1,1]");
            assertThat(histogram.string("bounds")).isEqualTo("[100,1000]");
            assertThat(histogram.string("provider")).isEqualTo("stripe_v3");
        }
    }

    @Test
    void aSummaryPointIsStoredAlongsideTheOtherPointsOfItsRequest() throws Exception {
        String service = "summary-it-" + UUID.randomUUID();
        long now = System.currentTimeMillis() * 1_000_000L;
        var gauge = Metric.newBuilder().setName("temperature").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsDouble(21.5))
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsInt(22)));
        var summary = Metric.newBuilder().setName("rpc.latency").setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(now).setCount(3).setSum(0.9)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(0.3))));
        var request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge).addMetrics(summary))).build();

        var response = post("/v1/metrics", "application/x-protobuf", key, request.toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        var body = ExportMetricsServiceResponse.parseFrom(response.body());
        assertThat(body.getPartialSuccess().getRejectedDataPoints()).isZero();
        assertThat(body.getPartialSuccess().getErrorMessage()).isEmpty();
        assertThat(clickHouse.count("SELECT count() AS c FROM metrics WHERE project_id = '" + projectId
                + "' AND service_name = '" + service + "' AND metric_name = 'temperature' AND metric_type = 'GAUGE'"
                + " AND value IN (21.5, 22)")).isEqualTo(2);
        assertThat(clickHouse.count("SELECT count() AS c FROM metrics WHERE project_id = '" + projectId
                + "' AND service_name = '" + service + "' AND metric_name = 'rpc.latency' AND metric_type = 'SUMMARY'"
                + " AND temporality = 'UNSPECIFIED' AND histogram_count = 3 AND histogram_sum = 0.9"
                + " AND summary_quantiles = [0.5] AND summary_values = [0.3]")).isEqualTo(1);
        assertThat(clickHouse.count("SELECT count() AS c FROM metrics WHERE project_id = '" + projectId
                + "' AND service_name = '" + service + "'")).isEqualTo(3);
    }

    @Test
    void otlpJsonMetricsAreAcceptedAndRejectionsAnsweredInJson() throws Exception {
        String service = "json-metrics-it-" + UUID.randomUUID();
        String json = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                  "scopeMetrics":[{"scope":{"name":"manual"},"metrics":[
                    {"name":"http.server.duration","unit":"ms","histogram":{"aggregationTemporality":1,"dataPoints":[
                      {"startTimeUnixNano":"1763726400000000000","timeUnixNano":"1763726410000000000","count":"4",
                       "sum":130.5,"bucketCounts":["1","3"],"explicitBounds":[10],
                       "attributes":[{"key":"http.route","value":{"stringValue":"/json"}}]}]}},
                    {"name":"rpc.duration","exponentialHistogram":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_DELTA",
                      "dataPoints":[{"timeUnixNano":"1763726410000000000","count":"1","scale":3}]}}]}]}]}""".formatted(service);

        var response = post("/v1/metrics", "application/json", key, json.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        String answer = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("{\"partialSuccess\":{\"rejectedDataPoints\":\"1\",\"errorMessage\":");
        var body = ExportMetricsServiceResponse.newBuilder();
        JsonFormat.parser().merge(answer, body);
        assertThat(body.getPartialSuccess().getErrorMessage()).isEqualTo("exponential histogram 'rpc.duration': "
                + "zero count and bucket counts add up to 0, but the count is 1");
        assertThat(clickHouse.count("SELECT count() AS c FROM metrics WHERE project_id = '" + projectId
                + "' AND service_name = '" + service + "' AND metric_type = 'HISTOGRAM' AND temporality = 'DELTA'"
                + " AND histogram_count = 4 AND histogram_sum = 130.5 AND bucket_counts = [1, 3]"
                + " AND explicit_bounds = [10.] AND time_ns = 1763726410000000000")).isEqualTo(1);
    }

    private static dev.tracehound.analytics.Row metric(String service, String name) {
        return running.bean(ClickHouse.class).query(dev.tracehound.analytics.Sql.of("""
                        SELECT metric_type, temporality, is_monotonic, value, metric_unit, metric_description, scope_name,
                               metric_attributes.value[indexOf(metric_attributes.key, 'payment.provider')] AS provider,
                               histogram_count, toString(histogram_sum) AS sum, toString(histogram_min) AS min,
                               toString(histogram_max) AS max, toString(bucket_counts) AS buckets,
                               toString(explicit_bounds) AS bounds
                        FROM metrics WHERE project_id = {p:String} AND service_name = {s:String} AND metric_name = {n:String}
                        ORDER BY time_ns LIMIT 1""")
                .bind("p", projectId).bind("s", service).bind("n", name)).getFirst();
    }

    @Test
    void aRequestMixingGoodAndBadSpansStoresExactlyTheGoodOnes() throws Exception {
        String trace = UUID.randomUUID().toString().replace("-", "");
        var request = request(trace, span(trace, "0000000000000001", "good one"), span(trace, "0000000000000002", "good two"),
                span(trace, "0000000000000003", "bad trace id").setTraceId(ByteString.copyFrom(new byte[4])));

        var response = post("/v1/traces", "application/x-protobuf", key, request.toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        var body = ExportTraceServiceResponse.parseFrom(response.body());
        assertThat(body.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(body.getPartialSuccess().getErrorMessage()).contains("span 'bad trace id': trace id must be 16 bytes");
        assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId
                + "' AND trace_id = '" + trace + "'")).isEqualTo(2);
    }

    @Test
    void otlpJsonWithHexIdsIsAcceptedAndAnsweredInJson() throws Exception {
        String trace = UUID.randomUUID().toString().replace("-", "");
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-it"}}]},
                  "scopeSpans":[{"scope":{"name":"manual"},"spans":[
                    {"traceId":"%s","spanId":"00000000000000aa","name":"json span","kind":2,
                     "startTimeUnixNano":"1763726400000000000","endTimeUnixNano":"1763726400500000000",
                     "attributes":[{"key":"http.route","value":{"stringValue":"/json"}}],
                     "status":{"code":"STATUS_CODE_ERROR","message":"bad"}}]}]}]}""".formatted(trace);

        var response = post("/v1/traces", "application/json", key, json.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId + "' AND trace_id = '"
                + trace + "' AND kind = 'SERVER' AND status_code = 'ERROR' AND duration_ns = 500000000")).isEqualTo(1);
    }

    @Test
    void badRequestsGetTheirDocumentedAnswersAndStoreNothing() throws Exception {
        String trace = UUID.randomUUID().toString().replace("-", "");
        byte[] good = request(trace, span(trace, "0000000000000001", "never stored")).toByteArray();

        var malformed = post("/v1/traces", "application/x-protobuf", key, new byte[] {0x0a, 0x7f, 0x01});
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(new String(malformed.body(), StandardCharsets.UTF_8)).contains("malformed protobuf body");
        var malformedJson = post("/v1/traces", "application/json", key, "{\"resourceSpans\": [".getBytes());
        assertThat(malformedJson.statusCode()).isEqualTo(400);
        assertThat(new String(malformedJson.body(), StandardCharsets.UTF_8)).startsWith("{\"code\":3,\"message\":\"malformed OTLP/JSON");

        var missing = post("/v1/traces", "application/x-protobuf", null, good);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tracehound\"");
        var unknown = post("/v1/traces", "application/x-protobuf", "thk_not_a_real_key_at_all_0000", good);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"tracehound\", error=\"invalid_token\"");
        assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("unknown or revoked API key");

        assertThat(post("/v1/traces", "text/plain", key, good).statusCode()).isEqualTo(415);
        assertThat(post("/v1/traces", "application/x-protobuf", key, new byte[300 * 1024]).statusCode()).isEqualTo(413);
        byte[] bomb = gzip(new byte[70 * 1024 * 1024]);
        assertThat(post("/v1/traces", "application/x-protobuf", key, bomb, "gzip").statusCode()).isEqualTo(413);

        assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId
                + "' AND trace_id = '" + trace + "'")).isZero();
    }

    @Test
    void aProjectsOwnScrubRulesApplyToItsRecords() throws Exception {
        var project = app.getBean(dev.tracehound.platform.ProjectDirectory.class)
                .ensure("acme", "Acme", "rules", "Rules");
        app.getBean(dev.tracehound.platform.ProjectIngestRules.class).save(project.id(),
                new dev.tracehound.platform.ProjectIngestRules.Rules(
                        List.of(new dev.tracehound.platform.ProjectIngestRules.Replacement(
                                "order-id", "ORD-\\d{6}", "ORD-######")),
                        List.of("http.request.header.*"), java.util.OptionalDouble.empty(),
                        java.util.OptionalDouble.empty()));
        String rulesKey = app.getBean(dev.tracehound.platform.ApiKeys.class).create(project.id(), "rules",
                dev.tracehound.platform.ApiKeys.Scope.INGEST);
        String trace = UUID.randomUUID().toString().replace("-", "");
        var span = span(trace, "0000000000000001", "refund ORD-123456")
                .addAttributes(KeyValue.newBuilder().setKey("http.request.header.cookie")
                        .setValue(AnyValue.newBuilder().setStringValue("session=abc")))
                .addAttributes(KeyValue.newBuilder().setKey("order")
                        .setValue(AnyValue.newBuilder().setStringValue("ORD-654321")));

        assertThat(post("/v1/traces", "application/x-protobuf", rulesKey, request(trace, span).toByteArray()).statusCode())
                .isEqualTo(200);

        var row = app.getBean(dev.tracehound.analytics.ClickHouse.class).query(dev.tracehound.analytics.Sql.of(
                        "SELECT name, span_attributes.key AS keys, span_attributes.value AS vals FROM spans "
                                + "WHERE project_id = {p:String} AND trace_id = {t:String}")
                .bind("p", project.id().toString()).bind("t", trace)).getFirst();
        assertThat(row.string("name")).isEqualTo("refund ORD-######");
        assertThat(row.fields().get("keys").toString()).doesNotContain("http.request.header.cookie");
        assertThat(row.fields().get("vals").toString()).contains("ORD-######").doesNotContain("654321");
    }

    @Test
    void aRequestSentTwiceIsStoredOnce() throws Exception {
        String trace = UUID.randomUUID().toString().replace("-", "");
        byte[] body = request(trace, span(trace, "0000000000000001", "retried"), span(trace, "0000000000000002", "retried"))
                .toByteArray();

        assertThat(post("/v1/traces", "application/x-protobuf", key, body).statusCode()).isEqualTo(200);
        // As an exporter retrying after it lost the first answer; gzip changes the bytes, not the rows.
        assertThat(post("/v1/traces", "application/x-protobuf", key, gzip(body), "gzip").statusCode()).isEqualTo(200);

        assertThat(app.getBean(dev.tracehound.analytics.ClickHouse.class).query(dev.tracehound.analytics.Sql.of(
                        "SELECT count() AS c FROM spans WHERE project_id = {p:String} AND trace_id = {t:String}")
                .bind("p", projectId).bind("t", trace)).getFirst().longValue("c")).isEqualTo(2);
    }

    @Test
    void aSpanCarryingAnEmailAndACardNumberIsStoredScrubbed() throws Exception {
        String trace = UUID.randomUUID().toString().replace("-", "");
        var span = span(trace, "0000000000000001", "checkout for jane.doe@example.com")
                .addAttributes(KeyValue.newBuilder().setKey("user.email")
                        .setValue(AnyValue.newBuilder().setStringValue("jane.doe@example.com")))
                .addAttributes(KeyValue.newBuilder().setKey("payment.card")
                        .setValue(AnyValue.newBuilder().setStringValue("4111 1111 1111 1111")));

        assertThat(post("/v1/traces", "application/x-protobuf", key, request(trace, span).toByteArray()).statusCode())
                .isEqualTo(200);

        var row = app.getBean(dev.tracehound.analytics.ClickHouse.class).query(dev.tracehound.analytics.Sql.of(
                        "SELECT name, span_attributes.value AS vals FROM spans WHERE project_id = {p:String} AND trace_id = {t:String}")
                .bind("p", projectId).bind("t", trace)).getFirst();
        String stored = row.fields().toString();
        assertThat(stored).doesNotContain("jane.doe@example.com").doesNotContain("4111 1111 1111 1111")
                .contains("[REDACTED:email]", "[REDACTED:card-number]");
    }

    /** Reactor Netty 1.3.7 now and then stopped reading a keep-alive connection (reactor-netty#4361). */
    @Test
    void aKeepAliveClientIsAnsweredEveryTime() throws Exception {
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String trace = UUID.randomUUID().toString().replace("-", "");
        var spans = new Span.Builder[200];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = span(trace, "%016x".formatted(i + 1), "keep-alive " + i);
        }
        byte[] body = request(trace, spans).toByteArray();

        for (int i = 0; i < 100; i++) {
            var response = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/x-protobuf")
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
        }
    }

    @Test
    void aRevokedKeyStopsWorkingWithinTheCacheTime() throws Exception {
        var keys = app.getBean(ApiKeys.class);
        String revoked = keys.create(UUID.fromString(projectId), "to revoke", dev.tracehound.platform.ApiKeys.Scope.INGEST);
        keys.revoke(revoked);
        String trace = UUID.randomUUID().toString().replace("-", "");

        var response = post("/v1/traces", "application/x-protobuf", revoked,
                request(trace, span(trace, "0000000000000001", "x")).toByteArray());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"tracehound\", error=\"invalid_token\"");
    }


    private static HttpResponse<byte[]> post(String path, String contentType, String apiKey, byte[] body) throws Exception {
        return post(path, contentType, apiKey, body, null);
    }

    private static HttpResponse<byte[]> post(String path, String contentType, String apiKey, byte[] body, String encoding)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gzip(byte[] raw) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static Span.Builder span(String trace, String spanId, String name) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return Span.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId))).setName(name)
                .setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1_000_000);
    }

    private static ExportTraceServiceRequest request(String trace, Span.Builder... spans) {
        var scope = ScopeSpans.newBuilder();
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("raw-it"))))
                .addScopeSpans(scope)).build();
    }
}
