package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.Sql;
import dev.tracehound.analytics.usage.StoredCounts;
import dev.tracehound.fixtures.ClickHouseServerProcess;
import dev.tracehound.ingest.KafkaRowWriter;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.usage.DailyCount;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
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
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kafka mode end to end: the service with a real KRaft broker in-process and a ClickHouse of
 * its own that the test kills and restarts while OTLP requests keep coming; then the usage
 * roll-up of what was stored, from two instances at once, must equal {@code count()} per day.
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
            var acknowledgedBytes = new AtomicLong();
            var refused = new AtomicLong();
            var sequence = new AtomicLong();
            var acknowledgedWhileDown = new AtomicLong();
            var sending = new java.util.concurrent.atomic.AtomicBoolean(true);

            Thread sender = Thread.ofVirtual().start(() -> {
                // Stopped by a flag, not an interrupt, so the last request is answered and counted.
                while (sending.get()) {
                    long n = sequence.incrementAndGet();
                    try {
                        ExportTraceServiceRequest request = request(n);
                        int status = post(app.base(), key.key(), request);
                        if (status == 200) {
                            acknowledged.addAndGet(SPANS_PER_REQUEST);
                            acknowledgedBytes.addAndGet(spanBytes(request));
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

            rollUpOnTwoInstancesAtOnceAndCompareEachDay(app, clickHouse, key.projectId(),
                    Map.of(UsageMeter.SPANS, expected, UsageMeter.INGESTED_BYTES, acknowledgedBytes.get()));
        }
    }

    /**
     * The usage roll-up of what the run stored, as two instances of the service run it at once:
     * first both run the start-up catch-up, then both the periodic count of today and yesterday.
     * After each round usage_daily must hold, per day, exactly the project's count() in ClickHouse and
     * the sum of its rows' ingested_bytes, and over all days what was acknowledged: the spans, and the
     * bytes of those spans as sent.
     */
    private static void rollUpOnTwoInstancesAtOnceAndCompareEachDay(RunningApp app, ClickHouse clickHouse,
            String projectId, Map<UsageMeter, Long> acknowledged) throws Exception {
        Project project = app.bean(ProjectDirectory.class).byId(UUID.fromString(projectId)).orElseThrow();
        List<UsageRollup> instances = List.of(app.bean(UsageRollup.class),
                new UsageRollup(new StoredCounts(clickHouse), new UsageLedger(app.bean(DataSource.class), Clock.systemUTC())));
        List<Project> projects = app.bean(ProjectDirectory.class).all();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String round : List.of("catch-up", "today and yesterday")) {
            runAtOnce(instances.stream().<Callable<UsageRollup.Counted>>map(rollup -> round.equals("catch-up")
                    ? () -> rollup.catchUp(projects, today)
                    : () -> rollup.countRecent(projects, today)).toList());

            for (var meter : List.of(UsageMeter.SPANS, UsageMeter.INGESTED_BYTES)) {
                String inClickHouse = meter == UsageMeter.SPANS ? "count()" : "sum(ingested_bytes)";
                var stored = storedPerDay(clickHouse, projectId, inClickHouse);
                var ledger = ledgerPerDay(app, project, today, meter);
                assertThat(stored.keySet()).as("days with spans").isNotEmpty();
                assertThat(ledger.keySet()).as("days of %s in usage_daily after the %s round", meter.apiName(), round)
                        .isEqualTo(stored.keySet());
                long total = 0;
                for (var day : stored.entrySet()) {
                    long metered = ledger.get(day.getKey());
                    System.out.printf("Kafka mode usage, two roll-ups at once (%s): %s %s in usage_daily %d,"
                            + " %s in ClickHouse %d, difference %d%n", round, day.getKey(), meter.apiName(), metered,
                            inClickHouse, day.getValue(), metered - day.getValue());
                    assertThat(metered - day.getValue()).as("usage_daily minus %s on %s", inClickHouse, day.getKey())
                            .isZero();
                    total += metered;
                }
                System.out.printf("Kafka mode usage (%s): %s metered %d, acknowledged %d%n", round, meter.apiName(),
                        total, acknowledged.get(meter));
                assertThat(total).as("%s metered over all days", meter.apiName()).isEqualTo(acknowledged.get(meter));
            }
        }
    }

    /** Starts the runs together and waits for all of them; a run that failed fails the test. */
    private static void runAtOnce(List<Callable<UsageRollup.Counted>> runs) throws Exception {
        var go = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var started = new ArrayList<java.util.concurrent.Future<UsageRollup.Counted>>();
            for (var run : runs) {
                started.add(threads.submit(() -> {
                    go.await();
                    return run.call();
                }));
            }
            go.countDown();
            for (var run : started) {
                run.get();
            }
        }
    }

    /** {@code aggregate} (count() or a sum) over the project's spans per day. */
    private static Map<LocalDate, Long> storedPerDay(ClickHouse clickHouse, String projectId, String aggregate) {
        var perDay = new TreeMap<LocalDate, Long>();
        clickHouse.query(Sql.of("""
                SELECT toString(toDate(timestamp)) AS day, <aggregate> AS c FROM spans
                WHERE project_id = {project:String} GROUP BY day""".replace("<aggregate>", aggregate))
                .bind("project", projectId))
                .forEach(row -> perDay.put(LocalDate.parse(row.string("day")), row.longValue("c")));
        return perDay;
    }

    private static Map<LocalDate, Long> ledgerPerDay(RunningApp app, Project project, LocalDate today,
            UsageMeter meter) {
        var perDay = new TreeMap<LocalDate, Long>();
        for (DailyCount count : app.bean(UsageLedger.class).ofWorkspace(project.workspaceId(), LocalDate.EPOCH,
                today.plusDays(1))) {
            if (count.projectId().equals(project.id()) && count.meter() == meter) {
                perDay.put(count.day(), count.quantity());
            }
        }
        return perDay;
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

    /** The bytes the request's spans are as sent: what the ingested_bytes meter counts for them. */
    private static long spanBytes(ExportTraceServiceRequest request) {
        return request.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
                .flatMap(s -> s.getSpansList().stream()).mapToLong(Span::getSerializedSize).sum();
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
