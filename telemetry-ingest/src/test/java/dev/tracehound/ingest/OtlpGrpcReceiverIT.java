package dev.tracehound.ingest;

import static dev.tracehound.ingest.OtlpGrpcReceiverClient.newTraceId;
import static dev.tracehound.ingest.OtlpGrpcReceiverClient.span;
import static dev.tracehound.ingest.OtlpGrpcReceiverClient.traces;
import static dev.tracehound.ingest.OtlpGrpcReceiverClient.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.platform.pricing.ModelPrices;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC into the real ClickHouse: what a call acknowledges is stored by then. */
class OtlpGrpcReceiverIT {

    private static final String KEY = "thk_test_key_0000000000";

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final ProjectKeys keys = key -> {
        arrived.countDown();
        return key.equals(KEY) ? Optional.of("p1") : Optional.empty();
    };
    private ThrowawayClickHouse database;
    private ClickHouse clickHouse;
    private OtlpIngest ingest;
    private OtlpGrpcReceiver receiver;
    private OtlpGrpcReceiverClient client;

    @BeforeEach
    void start() throws Exception {
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        var settings = new IngestSettings(1 << 20, 4 << 20, 1_000, Duration.ofMillis(300), 10_000, Duration.ofSeconds(5));
        ingest = new OtlpIngest(new EmbeddedStore(new TelemetryWriter(clickHouse), settings), ModelPrices.builtIn(),
                ScrubberSource.builtInsOnly(), IngestLimits.NONE, Clock.systemUTC(), OtlpIngest.Listener.NONE);
        receiver = new OtlpGrpcReceiver(ingest, keys, settings, 0);
        client = new OtlpGrpcReceiverClient(receiver.start());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        receiver.stop(Duration.ofSeconds(1));
        ingest.close();
        database.close();
    }

    @Test
    void gzippedSpansAreStoredByTheTimeTheCallReturns() {
        String trace = newTraceId();

        var response = with(TraceServiceGrpc.newBlockingStub(client.channel()), "authorization", "Bearer " + KEY)
                .withCompression("gzip")
                .export(traces(span(trace, "0000000000000001", "root"), span(trace, "0000000000000002", "child")));

        assertThat(response.hasPartialSuccess()).isFalse();
        assertThat(spans(trace, "")).isEqualTo(2);
        assertThat(spans(trace, "AND service_name = 'grpc-test' AND name = 'child'")).isEqualTo(1);
    }

    @Test
    void logsSentWithAnXApiKeyAreStored() {
        String trace = newTraceId();
        var request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L).setSeverityNumberValue(17)
                        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
                        .setBody(AnyValue.newBuilder().setStringValue("payment timed out for jane@example.com")))))
                .build();

        var response = with(LogsServiceGrpc.newBlockingStub(client.channel()), "x-api-key", KEY).export(request);

        assertThat(response.hasPartialSuccess()).isFalse();
        assertThat(database.count("SELECT count() AS c FROM logs WHERE project_id = 'p1' AND trace_id = '" + trace
                + "' AND severity_number = 17 AND body = 'payment timed out for [REDACTED:email]'")).isEqualTo(1);
    }

    @Test
    void aGaugeAndASummaryAreStoredAndABrokenPointReportedAsRejected() {
        String service = "grpc-metrics-" + UUID.randomUUID();
        long now = System.currentTimeMillis() * 1_000_000L;
        var gauge = Metric.newBuilder().setName("queue.depth").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsDouble(42.5)));
        var summary = Metric.newBuilder().setName("rpc.latency").setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(now).setCount(1).setSum(0.3))
                // Quantiles must lie in [0, 1]: this point is rejected, its sibling stored.
                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(now).setCount(1).setSum(0.3)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(1.5).setValue(1))));
        var request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                        .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge).addMetrics(summary))).build();

        var response = with(MetricsServiceGrpc.newBlockingStub(client.channel()), "authorization", "Bearer " + KEY)
                .export(request);

        assertThat(response.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("summary 'rpc.latency'");
        assertThat(database.count("SELECT count() AS c FROM metrics WHERE project_id = 'p1' AND service_name = '"
                + service + "' AND metric_name = 'queue.depth' AND metric_type = 'GAUGE' AND value = 42.5")).isEqualTo(1);
        assertThat(database.count("SELECT count() AS c FROM metrics WHERE project_id = 'p1' AND service_name = '"
                + service + "' AND metric_type = 'SUMMARY' AND histogram_count = 1")).isEqualTo(1);
        assertThat(database.count("SELECT count() AS c FROM metrics WHERE project_id = 'p1' AND service_name = '"
                + service + "'")).isEqualTo(2);
    }

    @Test
    void badSpansAreReportedAsPartialSuccessAndTheGoodOnesStored() {
        String trace = newTraceId();
        var request = traces(span(trace, "0000000000000001", "good"), span(trace, "0000000000000002", "good too"),
                span(trace, "0000000000000003", "bad trace id").setTraceId(ByteString.copyFrom(new byte[4])));

        var response = with(TraceServiceGrpc.newBlockingStub(client.channel()), "authorization", "Bearer " + KEY)
                .export(request);

        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("span 'bad trace id': trace id must be 16 bytes");
        assertThat(spans(trace, "")).isEqualTo(2);
    }

    @Test
    void aCallInFlightWhenTheReceiverStopsIsStillAnsweredAndStored() throws Exception {
        String trace = newTraceId();
        var call = with(TraceServiceGrpc.newFutureStub(client.channel()), "authorization", "Bearer " + KEY)
                .export(traces(span(trace, "0000000000000001", "in flight")));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        receiver.stop(Duration.ofSeconds(5));

        assertThat(call.get(5, TimeUnit.SECONDS).hasPartialSuccess()).isFalse();
        assertThat(spans(trace, "")).isEqualTo(1);
        assertThat(receiver.isRunning()).isFalse();
    }

    private long spans(String trace, String condition) {
        return database.count("SELECT count() AS c FROM spans WHERE project_id = 'p1' AND trace_id = '" + trace + "' "
                + condition);
    }
}
