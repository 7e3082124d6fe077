package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.Sql;
import dev.tracehound.fixtures.ClickHouseServerProcess;
import dev.tracehound.ingest.KafkaRowWriter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kafka mode end to end: the service with a real KRaft broker in-process and a ClickHouse of
 * its own that the test kills and restarts while OTLP requests keep coming.
 */
class KafkaModeIngestIT {

    private static final int SPANS_PER_REQUEST = 50;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void killingClickHouseMidStreamLosesAndDoublesNothingThatWasAcknowledged() throws Exception {
        try (var clickHouseProcess = ClickHouseServerProcess.start();
                var app = RunningApp.start(Map.of(
                        "tracehound.clickhouse.url", clickHouseProcess.url(),
                        "tracehound.clickhouse.database", "kafka_mode",
                        "tracehound.ingest.mode", "kafka",
                        "spring.kafka.bootstrap-servers", broker.getBrokersAsString(),
                        "tracehound.ingest.kafka.writer.max-back-off", "1s"));
                var clickHouse = ClickHouse.connect(ClickHouseSettings.of(clickHouseProcess.url(), "kafka_mode"))) {
            var key = app.newProjectKey("kafka-mode");
            var kafkaHealth = RealParts.getAsAdmin(app.port(), "/actuator/health").body().get("components").get("kafka");
            assertThat(kafkaHealth.get("status").asString()).isEqualTo("UP");
            assertThat(kafkaHealth.get("details").get("brokers").asInt()).isEqualTo(1);
            var acknowledged = new AtomicLong();
            var refused = new AtomicLong();
            var sequence = new AtomicLong();
            var acknowledgedWhileDown = new AtomicLong();
            var sending = new java.util.concurrent.atomic.AtomicBoolean(true);

            Thread sender = Thread.ofVirtual().start(() -> {
                // Stopped by a flag, not an interrupt, so the last request is answered and counted.
                while (sending.get()) {
                    long n = sequence.incrementAndGet();
                    try {
                        int status = post(app.base(), key.key(), request(n));
                        if (status == 200) {
                            acknowledged.addAndGet(SPANS_PER_REQUEST);
                            if (!clickHouseProcess.running()) {
                                acknowledgedWhileDown.addAndGet(SPANS_PER_REQUEST);
                            }
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }
            });
            Thread.sleep(1_500);
            clickHouseProcess.kill();
            Thread.sleep(2_000);
            clickHouseProcess.restart();
            Thread.sleep(1_500);
            sending.set(false);
            sender.join(Duration.ofSeconds(30));

            long expected = acknowledged.get();
            assertThat(acknowledgedWhileDown.get()).as("requests answered while ClickHouse was down").isPositive();
            assertThat(refused.get()).as("requests refused").isZero();
            RunningApp.awaitCount(() -> count(clickHouse), expected, Duration.ofSeconds(90));
            Thread.sleep(1_000);
            assertThat(count(clickHouse)).as("spans stored, once more after the writer settled").isEqualTo(expected);
            assertThat(distinctSpans(clickHouse)).isEqualTo(expected);
            var progress = app.bean(KafkaRowWriter.class).progress();
            assertThat(progress.deadLettered()).isZero();
            System.out.printf("Kafka mode, ClickHouse killed and restarted: %d spans acknowledged (%d while it was down),"
                    + " %d stored, %d batches recognised as already stored%n", expected, acknowledgedWhileDown.get(),
                    count(clickHouse), progress.duplicatesSkipped());
        }
    }

    private static long count(ClickHouse clickHouse) {
        try {
            return clickHouse.query(Sql.of("SELECT count() AS c FROM spans")).getFirst().longValue("c");
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long distinctSpans(ClickHouse clickHouse) {
        return clickHouse.query(Sql.of("SELECT uniqExact(trace_id, span_id) AS c FROM spans")).getFirst().longValue("c");
    }

    private static int post(String base, String key, ExportTraceServiceRequest request) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Request n: spans of five traces, ids unique to the request. */
    private static ExportTraceServiceRequest request(long n) {
        long now = System.currentTimeMillis() * 1_000_000L;
        var scope = ScopeSpans.newBuilder();
        for (int i = 0; i < SPANS_PER_REQUEST; i++) {
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(n).putLong(i % 5 + 1).array()))
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putInt((int) n).putInt(i + 1).array()))
                    .setName("GET /item").setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1_000_000));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("kafka-it"))))
                .addScopeSpans(scope)).build();
    }
}
