package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * OTLP/gRPC end to end: the OpenTelemetry SDK's gRPC exporters (and a plain grpc-java stub
 * for the refusals) against the running service, read back from the real ClickHouse.
 */
class OtlpGrpcIngestIT {

    private static RunningApp running;
    private static ThrowawayClickHouse clickHouse;
    private static ConfigurableApplicationContext app;
    private static int grpcPort;
    private static String key;
    private static String projectId;

    @BeforeAll
    static void start() {
        running = RunningApp.start(java.util.Map.of("tracehound.ingest.grpc.port", "0", "tracehound.ingest.linger", "50ms"));
        clickHouse = running.clickHouse();
        app = running.context();
        grpcPort = app.getBean(GrpcIngestConfiguration.OtlpGrpcServer.class).port();
        var projectKey = running.newProjectKey("grpc-it");
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
    void spansAndLogsFromTheSdkGrpcExportersAreQueryableWithinTwoSeconds() throws Exception {
        assertThat(grpcPort).isPositive();
        String endpoint = "http://localhost:" + grpcPort;
        var resource = io.opentelemetry.sdk.resources.Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "sdk-grpc-it"));
        var spanExporter = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint)
                .addHeader("authorization", "Bearer " + key).setCompression("gzip").build();
        var logExporter = OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint)
                .addHeader("x-api-key", key).build();
        try (var tracing = SdkTracerProvider.builder().setResource(resource)
                        .addSpanProcessor(SimpleSpanProcessor.create(spanExporter)).build();
                var logging = SdkLoggerProvider.builder().setResource(resource)
                        .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter)).build()) {
            var tracer = tracing.get("it");
            var root = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).startSpan();
            String traceId;
            try (Scope ignored = root.makeCurrent()) {
                traceId = root.getSpanContext().getTraceId();
                tracer.spanBuilder("chat gpt-4o-mini").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("gen_ai.request.model", "gpt-4o-mini")
                        .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 2_000L)
                        .startSpan().end();
                logging.get("it").logRecordBuilder().setSeverity(Severity.ERROR)
                        .setBody("payment provider stripe_v3 timed out after 2000 ms").emit();
            } finally {
                root.end();
            }
            long sent = System.nanoTime();
            assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

            RunningApp.awaitCount(() -> clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId
                    + "' AND trace_id = '" + traceId + "' AND service_name = 'sdk-grpc-it'"), 2, Duration.ofSeconds(2));
            RunningApp.awaitCount(() -> clickHouse.count("SELECT count() AS c FROM logs WHERE project_id = '" + projectId
                    + "' AND trace_id = '" + traceId + "' AND severity_number = 17"), 1, Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId
                    + "' AND trace_id = '" + traceId + "' AND llm_model = 'gpt-4o-mini' AND llm_input_tokens = 2000"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aCounterFromTheSdkGrpcExporterIsQueryableWithinTwoSeconds() throws Exception {
        String service = "sdk-grpc-metrics-" + UUID.randomUUID();
        var exporter = OtlpGrpcMetricExporter.builder().setEndpoint("http://localhost:" + grpcPort)
                .addHeader("authorization", "Bearer " + key).setCompression("gzip").build();
        // Exports only when flushed: the interval is far longer than the test.
        var reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        try (var metering = SdkMeterProvider.builder().registerMetricReader(reader)
                .setResource(io.opentelemetry.sdk.resources.Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), service))).build()) {
            var orders = metering.get("it").counterBuilder("orders.placed").build();
            orders.add(3);
            orders.add(4);

            long sent = System.nanoTime();
            assertThat(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

            RunningApp.awaitCount(() -> clickHouse.count("SELECT count() AS c FROM metrics WHERE project_id = '" + projectId
                    + "' AND service_name = '" + service + "' AND metric_name = 'orders.placed' AND metric_type = 'SUM'"
                    + " AND value = 7"), 1, Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aWrongOrMissingKeyIsUnauthenticatedAndStoresNothing() throws Exception {
        String trace = UUID.randomUUID().toString().replace("-", "");
        var request = oneSpan(trace);
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", grpcPort,
                InsecureChannelCredentials.create()).build();
        try {
            var wrong = new Metadata();
            wrong.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer thk_not_a_real_key_at_all_0000");
            var stub = TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);

            assertThatThrownBy(() -> stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(wrong))
                    .export(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).isEqualTo("unknown or revoked API key");
                    });
            assertThatThrownBy(() -> stub.export(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE trace_id = '" + trace + "'")).isZero();
    }

    @Test
    void aTakenGrpcPortStopsStartUpNamingThePortAndTheProperty() {
        assertThatThrownBy(() -> RunningApp.start(java.util.Map.of("tracehound.ingest.grpc.port", grpcPort)).close())
                .rootCause()
                .hasMessageContaining("OTLP/gRPC cannot listen on port " + grpcPort)
                .hasMessageContaining("tracehound.ingest.grpc.port");
    }


    private static ExportTraceServiceRequest oneSpan(String trace) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
                        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("0000000000000001")))
                        .setName("refused").setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1))))
                .build();
    }
}
