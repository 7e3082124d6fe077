package dev.tracehound.ingest;

import static dev.tracehound.ingest.OtlpGrpcReceiverClient.newTraceId;
import static dev.tracehound.ingest.OtlpGrpcReceiverClient.span;
import static dev.tracehound.ingest.OtlpGrpcReceiverClient.traces;
import static dev.tracehound.ingest.OtlpGrpcReceiverClient.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.RetryInfo;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.platform.pricing.ModelPrices;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver's answers when something is wrong, against a ClickHouse that is not there:
 * every status code a client bases its retries on, and where the blocking work runs.
 */
class OtlpGrpcReceiverTest {

    private static final String KEY = "thk_test_key_0000000000";

    private final ConcurrentLinkedQueue<Boolean> lookedUpOnVirtualThread = new ConcurrentLinkedQueue<>();
    private final ProjectKeys keys = key -> {
        lookedUpOnVirtualThread.add(Thread.currentThread().isVirtual());
        return key.equals(KEY) ? Optional.of("p1") : Optional.empty();
    };
    private ClickHouse deadClickHouse;
    private OtlpIngest ingest;
    private OtlpGrpcReceiver receiver;
    private OtlpGrpcReceiverClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (receiver != null) {
            receiver.stop(Duration.ofSeconds(1));
        }
        if (ingest != null) {
            ingest.close();
        }
        if (deadClickHouse != null) {
            deadClickHouse.close();
        }
    }

    @Test
    void aMissingOrUnknownKeyIsUnauthenticatedAndLookedUpOffTheTransportThreads() throws IOException {
        start(settings(1 << 20, 10, Duration.ZERO, 1_000));
        var request = traces(span(newTraceId(), "0000000000000001", "x"));

        var missing = statusOf(() -> with(TraceServiceGrpc.newBlockingStub(client.channel()), null, null).export(request));
        var unknown = statusOf(() -> with(TraceServiceGrpc.newBlockingStub(client.channel()), "authorization",
                "Bearer thk_wrong_key_000000000").export(request));
        var notBearer = statusOf(() -> with(TraceServiceGrpc.newBlockingStub(client.channel()), "authorization",
                "Basic " + KEY).export(request));

        assertThat(missing.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(missing.getDescription()).contains("authorization: Bearer <key>");
        assertThat(unknown.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(unknown.getDescription()).isEqualTo("unknown or revoked API key");
        assertThat(notBearer.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(lookedUpOnVirtualThread).containsExactly(true);
    }

    @Test
    void clickHouseDownIsUnavailableWithARetryDelay() throws IOException {
        start(settings(1 << 20, 10, Duration.ZERO, 1_000));

        var traces = thrownBy(() -> with(TraceServiceGrpc.newBlockingStub(client.channel()), "authorization",
                "Bearer " + KEY).export(traces(span(newTraceId(), "0000000000000001", "x"))));
        var logs = thrownBy(() -> with(LogsServiceGrpc.newBlockingStub(client.channel()), "x-api-key", KEY)
                .export(oneLog()));

        for (StatusRuntimeException e : new StatusRuntimeException[] {traces, logs}) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).isEqualTo("storage is unavailable; retry later");
            assertThat(retryDelay(e)).isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void aFullBatcherIsResourceExhaustedWithARetryDelay() throws IOException {
        start(settings(1 << 20, 2, Duration.ofSeconds(30), 2));
        // One row lingers in the batcher (fewer than a batch, 30 s to wait), so two more do not fit.
        var lingering = ingest.traces("p1", traces(span(newTraceId(), "0000000000000001", "waiting")));

        var full = thrownBy(() -> with(TraceServiceGrpc.newBlockingStub(client.channel()), "authorization",
                "Bearer " + KEY).export(traces(span(newTraceId(), "0000000000000002", "a"),
                span(newTraceId(), "0000000000000003", "b"))));

        assertThat(lingering).isNotDone();
        assertThat(full.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(full.getStatus().getDescription()).contains("at capacity");
        assertThat(retryDelay(full)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aMessageOverTheBodyLimitIsRefusedWhetherSentPlainOrGzipped() throws IOException {
        start(settings(64 << 10, 10, Duration.ZERO, 1_000));
        var big = traces(span(newTraceId(), "0000000000000001", "big").addAttributes(KeyValue.newBuilder()
                .setKey("payload").setValue(AnyValue.newBuilder().setStringValue("0".repeat(100 << 10)))));
        var stub = with(TraceServiceGrpc.newBlockingStub(client.channel()), "authorization", "Bearer " + KEY);

        var plain = statusOf(() -> stub.export(big));
        var gzipped = statusOf(() -> stub.withCompression("gzip").export(big));

        // Had either got through, the dead ClickHouse would have made it UNAVAILABLE.
        assertThat(plain.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(plain.getDescription()).contains("exceeds maximum size 65536");
        // grpc-java finds the decompressed size too large while parsing, and answers UNKNOWN
        // instead of RESOURCE_EXHAUSTED (grpc/grpc-java#11246); both tell the client not to retry.
        assertThat(gzipped.getCode()).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNKNOWN);
    }

    @Test
    void aTakenPortFailsTheStartAndLeavesNothingRunning() throws IOException {
        deadClickHouse = ClickHouse.connect(ClickHouseSettings.of("http://127.0.0.1:1", "tracehound"));
        var settings = settings(1 << 20, 10, Duration.ZERO, 1_000);
        ingest = new OtlpIngest(new EmbeddedStore(new TelemetryWriter(deadClickHouse), settings), ModelPrices.builtIn(),
                ScrubberSource.builtInsOnly(), IngestLimits.NONE, Clock.systemUTC(), OtlpIngest.Listener.NONE);
        try (var taken = new ServerSocket(0)) {
            var second = new OtlpGrpcReceiver(ingest, keys, settings, taken.getLocalPort());

            assertThatThrownBy(second::start).isInstanceOf(IOException.class);
            assertThat(second.isRunning()).isFalse();
            assertThat(second.port()).isEqualTo(-1);
        }
    }

    private void start(IngestSettings settings) throws IOException {
        deadClickHouse = ClickHouse.connect(ClickHouseSettings.of("http://127.0.0.1:1", "tracehound"));
        ingest = new OtlpIngest(new EmbeddedStore(new TelemetryWriter(deadClickHouse), settings), ModelPrices.builtIn(),
                ScrubberSource.builtInsOnly(), IngestLimits.NONE, Clock.systemUTC(), OtlpIngest.Listener.NONE);
        receiver = new OtlpGrpcReceiver(ingest, keys, settings, 0);
        int port = receiver.start();
        assertThat(port).isPositive().isEqualTo(receiver.port());
        client = new OtlpGrpcReceiverClient(port);
    }

    private static IngestSettings settings(long maxBodyBytes, int maxBatchRows, Duration linger, int capacityRows) {
        return new IngestSettings(maxBodyBytes, 4 * maxBodyBytes, maxBatchRows, linger, capacityRows,
                Duration.ofSeconds(7));
    }

    private static StatusRuntimeException thrownBy(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    private static Status statusOf(Runnable call) {
        return thrownBy(call).getStatus();
    }

    private static Duration retryDelay(StatusRuntimeException e) {
        var status = StatusProto.fromThrowable(e);
        assertThat(status).as("google.rpc.Status details").isNotNull();
        for (var detail : status.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                try {
                    var delay = detail.unpack(RetryInfo.class).getRetryDelay();
                    return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
                } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                    throw new AssertionError(bad);
                }
            }
        }
        throw new AssertionError("no RetryInfo in " + status);
    }

    private static ExportLogsServiceRequest oneLog() {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L).setSeverityNumberValue(9)
                        .setBody(AnyValue.newBuilder().setStringValue("hello")))))
                .build();
    }
}
