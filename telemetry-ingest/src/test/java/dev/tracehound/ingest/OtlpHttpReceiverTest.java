package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.platform.pricing.ModelPrices;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.scheduler.Schedulers;

/** What the receiver answers when storage is down: 503 with Retry-After, so the client keeps the data. */
class OtlpHttpReceiverTest {

    @Test
    void clickHouseDownIsAnsweredWith503AndRetryAfter() {
        var settings = new IngestSettings(1 << 20, 4 << 20, 100, Duration.ZERO, 1_000, Duration.ofSeconds(7));
        try (var deadClickHouse = ClickHouse.connect(ClickHouseSettings.of("http://127.0.0.1:1", "tracehound"));
                var ingest = new OtlpIngest(new EmbeddedStore(new TelemetryWriter(deadClickHouse), settings), ModelPrices.builtIn(),
                        ScrubberSource.builtInsOnly(), IngestLimits.NONE, Clock.systemUTC(), OtlpIngest.Listener.NONE)) {
            ProjectKeys keys = key -> key.equals("thk_test_key_0000000000") ? Optional.of("p1") : Optional.empty();
            var client = WebTestClient.bindToRouterFunction(
                    new OtlpHttpReceiver(ingest, keys, settings, Schedulers.boundedElastic()).routes()).build();

            client.post().uri("/v1/traces")
                    .header("Content-Type", "application/x-protobuf")
                    .header("Authorization", "Bearer thk_test_key_0000000000")
                    .bodyValue(oneSpan().toByteArray())
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "7")
                    .expectBody(byte[].class)
                    .value(body -> assertThat(new String(body)).contains("storage is unavailable"));
        }
    }

    @Test
    void aProjectOverItsRateLimitGets429WithRetryAfter() {
        var limits = new IngestLimits(new ProjectRateLimiter(1, 1), QuotaGate.unlimited(), Duration.ofMinutes(1));
        try (var fixture = new DeadStorage(limits)) {
            fixture.post().exchange().expectStatus().isEqualTo(503); // admitted, then storage is down

            fixture.post().exchange()
                    .expectStatus().isEqualTo(429)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody(byte[].class)
                    .value(body -> assertThat(new String(body)).contains("over its rate limit of 1 records/s"));
        }
    }

    @Test
    void aProjectOverQuotaGets429WithTheReason() {
        QuotaGate plan = (project, signal) -> QuotaGate.Verdict.overQuota("monthly quota of 10,000,000 spans used up");
        try (var fixture = new DeadStorage(new IngestLimits(ProjectRateLimiter.unlimited(), plan, Duration.ofMinutes(1)))) {
            fixture.post().exchange()
                    .expectStatus().isEqualTo(429)
                    .expectHeader().valueEquals("Retry-After", "60")
                    .expectBody(byte[].class)
                    .value(body -> assertThat(new String(body)).contains("monthly quota of 10,000,000 spans used up"));
        }
    }

    /** The receiver over an ingest whose ClickHouse does not answer, with the given limits. */
    private static final class DeadStorage implements AutoCloseable {
        private final ClickHouse clickHouse = ClickHouse.connect(ClickHouseSettings.of("http://127.0.0.1:1", "tracehound"));
        private final OtlpIngest ingest;
        private final WebTestClient client;

        DeadStorage(IngestLimits limits) {
            var settings = new IngestSettings(1 << 20, 4 << 20, 100, Duration.ZERO, 1_000, Duration.ofSeconds(7));
            ingest = new OtlpIngest(new EmbeddedStore(new TelemetryWriter(clickHouse), settings), ModelPrices.builtIn(), ScrubberSource.builtInsOnly(),
                    limits, Clock.systemUTC(), OtlpIngest.Listener.NONE);
            ProjectKeys keys = key -> Optional.of("p1");
            client = WebTestClient.bindToRouterFunction(
                    new OtlpHttpReceiver(ingest, keys, settings, Schedulers.boundedElastic()).routes()).build();
        }

        WebTestClient.RequestHeadersSpec<?> post() {
            return client.post().uri("/v1/traces")
                    .header("Content-Type", "application/x-protobuf")
                    .header("Authorization", "Bearer thk_test_key_0000000000")
                    .bodyValue(oneSpan().toByteArray());
        }

        @Override
        public void close() {
            ingest.close();
            clickHouse.close();
        }
    }

    private static ExportTraceServiceRequest oneSpan() {
        long now = System.currentTimeMillis() * 1_000_000L;
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
                        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("eee19b7ec3c1b174")))
                        .setName("x").setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1))))
                .build();
    }
}
