package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;

import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.PlanEntitlements;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.usage.DailyCount;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingest quota over OTLP/HTTP (and gRPC) against the running service: a workspace's usage this month
 * (rows of the usage ledger, as the roll-up writes them) held against its plan's monthly limits.
 * The gate's cache is off here (time to live 0), so each request sees the ledger and the plan.
 */
class IngestQuotaIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningApp app;

    record Sender(Project project, String key) {}

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("tracehound.ingest.quota.cache-ttl", "0s", "tracehound.ingest.grpc.port", "0",
                "tracehound.ingest.linger", "20ms", "tracehound.usage.initial-delay", "1h"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aFreeWorkspacePastItsLimitAndTheMarginGets429WithTheReasonTheNumbersAndWhereToUpgrade() throws Exception {
        var sender = sender("over-free");
        used(sender, UsageMeter.SPANS, 1_100_000);

        var refused = post(sender, "/v1/traces", traceBody());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(refused.body()).contains("\"code\":8")
                .contains("workspace over-free has used 1100000 spans")
                .contains("free plan's monthly limit of 1000000 spans")
                .contains("10% grace margin (refused from 1100000)")
                .contains("nothing of this request was stored")
                .contains("/w/over-free/billing").contains("POST /api/v1/workspaces/over-free/billing/plan").contains("docs/billing.md");
        assertThat(spansStored(sender)).as("a refused request stores nothing").isZero();

        var logs = post(sender, "/v1/logs", logBody());
        assertThat(logs.statusCode()).as("log records have a limit of their own, not reached").isEqualTo(200);
        assertThat(logs.headers().firstValue("Tracehound-Quota")).isEmpty();
        var metrics = post(sender, "/v1/metrics", metricBody());
        assertThat(metrics.statusCode()).as("plans do not limit metric points").isEqualTo(200);
    }

    @Test
    void aFreeWorkspaceWithinTheMarginIsAcceptedAndToldItIsOver() throws Exception {
        var sender = sender("grace-free");
        used(sender, UsageMeter.LOG_RECORDS, 1_050_000);

        var accepted = post(sender, "/v1/logs", logBody());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.headers().firstValue("Tracehound-Quota")).hasValueSatisfying(header -> assertThat(header)
                .startsWith("over; meter=log_records; plan=free; period=")
                .endsWith("; limit=1000000; used=1050000; refused-from=1100000"));
        var spans = post(sender, "/v1/traces", traceBody());
        assertThat(spans.statusCode()).isEqualTo(200);
        assertThat(spans.headers().firstValue("Tracehound-Quota")).as("spans are within their limit").isEmpty();
    }

    @Test
    void bytesAreHeldAgainstThePlansGigabytesForEverySignalMetricPointsIncluded() throws Exception {
        var sender = sender("bytes-free");
        used(sender, UsageMeter.INGESTED_BYTES, 1_050_000_000L);

        var logs = post(sender, "/v1/logs", logBody());
        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
        assertThat(logs.headers().firstValue("Tracehound-Quota")).hasValueSatisfying(header -> assertThat(header)
                .startsWith("over; meter=ingested_bytes; plan=free; period=")
                .endsWith("; limit=1000000000; used=1050000000; refused-from=1100000000"));

        used(sender, UsageMeter.SPANS, 1_000_000);
        var spans = post(sender, "/v1/traces", traceBody());
        assertThat(spans.statusCode()).as(spans.body()).isEqualTo(200);
        assertThat(spans.headers().firstValue("Tracehound-Quota")).as("over on both of its meters, told both")
                .hasValueSatisfying(header -> assertThat(header).startsWith("over; meter=spans; plan=free;")
                        .contains("; used=1000000; refused-from=1100000, over; meter=ingested_bytes; plan=free;")
                        .endsWith("; used=1050000000; refused-from=1100000000"));

        used(sender, UsageMeter.INGESTED_BYTES, 1_100_000_000L);
        var metrics = post(sender, "/v1/metrics", metricBody());
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(429);
        assertThat(metrics.body()).contains("workspace bytes-free has used 1100000000 ingested bytes")
                .contains("free plan's monthly limit of 1000000000 ingested bytes")
                .contains("refused from 1100000000");
        assertThat(post(sender, "/v1/logs", logBody()).statusCode()).as("bytes past the margin stop logs too")
                .isEqualTo(429);
    }

    @Test
    void anUpgradeLetsIngestResume() throws Exception {
        var sender = sender("upgrading");
        used(sender, UsageMeter.SPANS, 1_200_000);
        assertThat(post(sender, "/v1/traces", traceBody()).statusCode()).isEqualTo(429);

        app.bean(WorkspacePlans.class).change(Actor.system(), sender.project().workspaceId(), "indie");
        ((PlanEntitlements) app.bean(Entitlements.class)).forget(sender.project().workspaceId());

        var resumed = post(sender, "/v1/traces", traceBody());
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.headers().firstValue("Tracehound-Quota")).as("within indie's 20M spans").isEmpty();
        RunningApp.awaitCount(() -> spansStored(sender), 1, Duration.ofSeconds(5));
    }

    @Test
    void aPlanWithOverageIsNeverRefusedOnlyToldItIsBilledForOverage() throws Exception {
        var sender = sender("overage");
        app.bean(WorkspacePlans.class).change(Actor.system(), sender.project().workspaceId(), "indie");
        ((PlanEntitlements) app.bean(Entitlements.class)).forget(sender.project().workspaceId());
        used(sender, UsageMeter.SPANS, 60_000_000);

        var accepted = post(sender, "/v1/traces", traceBody());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.headers().firstValue("Tracehound-Quota")).hasValueSatisfying(header -> assertThat(header)
                .startsWith("over; meter=spans; plan=indie; period=")
                .endsWith("; limit=20000000; used=60000000; overage=billed"));
        RunningApp.awaitCount(() -> spansStored(sender), 1, Duration.ofSeconds(5));
    }

    @Test
    void overGrpcTheNoticeIsResponseMetadataAndPastTheMarginTheCallIsResourceExhausted() throws Exception {
        var sender = sender("grpc-free");
        used(sender, UsageMeter.SPANS, 1_050_000);
        int port = app.bean(GrpcIngestConfiguration.OtlpGrpcServer.class).port();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, InsecureChannelCredentials.create())
                .build();
        try {
            var auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + sender.key());
            var headers = new AtomicReference<Metadata>();
            var stub = TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth),
                            MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()));

            stub.export(oneSpan());
            assertThat(headers.get().get(Metadata.Key.of("tracehound-quota", Metadata.ASCII_STRING_MARSHALLER)))
                    .startsWith("over; meter=spans; plan=free;").endsWith("; used=1050000; refused-from=1100000");

            used(sender, UsageMeter.SPANS, 1_100_000);
            assertThatThrownBy(() -> stub.export(oneSpan())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.getStatus().getDescription()).contains("workspace grpc-free has used 1100000 spans");
            });
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        RunningApp.awaitCount(() -> spansStored(sender), 1, Duration.ofSeconds(5));
    }

    private static ExportTraceServiceRequest oneSpan() {
        long now = System.currentTimeMillis() * 1_000_000L;
        var random = ThreadLocalRandom.current();
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        random.nextBytes(trace);
        random.nextBytes(span);
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(trace))
                        .setSpanId(ByteString.copyFrom(span)).setName("GET /").setStartTimeUnixNano(now - 1_000_000)
                        .setEndTimeUnixNano(now)))).build();
    }

    private static Sender sender(String workspace) {
        Project project = app.bean(ProjectDirectory.class).ensure(workspace, workspace, "shop", "Shop");
        return new Sender(project, app.bean(ApiKeys.class).create(project.id(), "quota", ApiKeys.Scope.INGEST));
    }

    /** This month's usage as the roll-up would have written it: today's row for the project. */
    private static void used(Sender sender, UsageMeter meter, long quantity) {
        app.bean(UsageLedger.class).record(List.of(new DailyCount(sender.project().id(),
                sender.project().workspaceId(), LocalDate.now(ZoneOffset.UTC), meter, quantity)));
    }

    private static long spansStored(Sender sender) {
        return app.clickHouse().count("SELECT count() AS c FROM spans WHERE project_id = '" + sender.project().id() + "'");
    }

    private static HttpResponse<String> post(Sender sender, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + sender.key())
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static final String RESOURCE = """
            "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "quota-it"}}]}""";

    private static String traceBody() {
        long now = System.currentTimeMillis() * 1_000_000L;
        return """
                {"resourceSpans": [{%s, "scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "%s", "name": "GET /",
                  "kind": 2, "startTimeUnixNano": "%d", "endTimeUnixNano": "%d"}]}]}]}"""
                .formatted(RESOURCE, hex(16), hex(8), now - 1_000_000, now);
    }

    private static String logBody() {
        long now = System.currentTimeMillis() * 1_000_000L;
        return """
                {"resourceLogs": [{%s, "scopeLogs": [{"logRecords": [{"timeUnixNano": "%d",
                  "severityText": "INFO", "body": {"stringValue": "order placed"}}]}]}]}"""
                .formatted(RESOURCE, now);
    }

    private static String metricBody() {
        long now = System.currentTimeMillis() * 1_000_000L;
        return """
                {"resourceMetrics": [{%s, "scopeMetrics": [{"metrics": [{"name": "queue.depth",
                  "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asInt": "3"}]}}]}]}]}"""
                .formatted(RESOURCE, now);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
