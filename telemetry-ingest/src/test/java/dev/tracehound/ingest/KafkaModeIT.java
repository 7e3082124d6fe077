package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Distributed mode against a real KRaft broker in-process and the real ClickHouse. */
class KafkaModeIT {

    private static final long T0 = System.currentTimeMillis() * 1_000_000L;

    private static EmbeddedKafkaKraftBroker broker;
    private static DefaultKafkaProducerFactory<byte[], byte[]> producers;
    private static KafkaTemplate<byte[], byte[]> kafka;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.afterPropertiesSet();
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"),
                new ByteArraySerializer(), new ByteArraySerializer());
        kafka = new KafkaTemplate<>(producers);
    }

    @AfterAll
    static void stopBroker() {
        producers.destroy();
        broker.destroy();
    }

    @Test
    void rowsReachClickHouseOnceThoughSentTwiceAndDeliveredTwice() throws Exception {
        var topics = newTopics();
        try (var database = ThrowawayClickHouse.create()) {
            var clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
            new SchemaMigrator(clickHouse).migrate();
            var store = new KafkaStore(kafka, topics);
            List<SpanRow> spans = spans("p1", 30, 3);
            store.spans(spans).get(30, TimeUnit.SECONDS);
            store.logs(List.of(log("p1", "a log of trace 1", trace(1)), log("p1", "a log of no trace", "")))
                    .get(30, TimeUnit.SECONDS);
            store.metrics(List.of(gauge("p1", 1.5), gauge("p1", 2.5))).get(30, TimeUnit.SECONDS);
            // A client retrying: the same rows again.
            store.spans(spans).get(30, TimeUnit.SECONDS);

            var writer = new KafkaRowWriter(new TelemetryWriter(clickHouse), topics, kafka);
            var container = writer.container(consumers("writers-" + UUID.randomUUID()), 2, Duration.ofSeconds(2));
            container.start();
            try {
                await(() -> writer.progress().duplicatesSkipped() >= 1 && database.count("SELECT count() AS c FROM spans") == 30
                        && database.count("SELECT count() AS c FROM metrics") == 2, "the rows, and the retry recognised");
                // Every record of the retry (one per partition its traces map to) is recognised.
                await(() -> writer.progress().duplicatesSkipped() == partitionsOf(spans, 3), "the whole retry recognised");
                assertThat(database.count("SELECT count() AS c FROM spans")).isEqualTo(30);
                assertThat(database.count("SELECT uniqExact(trace_id) AS c FROM spans")).isEqualTo(3);
                assertThat(database.count("SELECT count() AS c FROM logs")).isEqualTo(2);
                assertThat(database.count("SELECT count() AS c FROM metrics")).isEqualTo(2);
            } finally {
                container.stop();
            }

            // Redelivery: another consumer group reads every record again from the start.
            var again = new KafkaRowWriter(new TelemetryWriter(clickHouse), topics, kafka);
            var second = again.container(consumers("again-" + UUID.randomUUID()), 1, Duration.ofSeconds(2));
            second.start();
            try {
                await(() -> again.progress().duplicatesSkipped() == writer.progress().batchesStored()
                        + writer.progress().duplicatesSkipped(), "every record to be delivered again");
                assertThat(again.progress().batchesStored()).isZero();
                assertThat(database.count("SELECT count() AS c FROM spans")).isEqualTo(30);
                assertThat(database.count("SELECT count() AS c FROM logs")).isEqualTo(2);
                assertThat(database.count("SELECT count() AS c FROM metrics")).isEqualTo(2);
            } finally {
                second.stop();
            }
        }
    }

    @Test
    void aRecordThatCanNeverBeStoredGoesToTheDeadLetterTopicWithTheReason() throws Exception {
        var topics = newTopics();
        try (var database = ThrowawayClickHouse.create()) {
            var clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
            new SchemaMigrator(clickHouse).migrate();
            var store = new KafkaStore(kafka, topics);
            store.spans(spans("p1", 5, 1)).get(30, TimeUnit.SECONDS);
            var headers = new RecordHeaders();
            headers.add(KafkaRecords.FORMAT, bytes(KafkaRecords.FORMAT_V1));
            headers.add(KafkaRecords.PROJECT, bytes("p1"));
            headers.add(KafkaRecords.BATCH, bytes("0123456789abcdef0123456789abcdef"));
            headers.add(KafkaRecords.ROWS, bytes("1"));
            kafka.send(new ProducerRecord<byte[], byte[]>(topics.of(dev.tracehound.analytics.TelemetryTable.SPANS), null, (byte[]) null,
                    bytes("{\"project_id\":\"p1\",\"start_time_ns\":\"not a number\"}\n"), headers)).get();
            kafka.send(topics.of(dev.tracehound.analytics.TelemetryTable.LOGS), bytes("no headers")).get();
            store.spans(spans("p1", 5, 1, 7)).get(30, TimeUnit.SECONDS);

            var writer = new KafkaRowWriter(new TelemetryWriter(clickHouse), topics, kafka);
            var container = writer.container(consumers("writers-" + UUID.randomUUID()), 1, Duration.ofSeconds(2));
            container.start();
            try {
                await(() -> writer.progress().deadLettered() == 2 && writer.progress().rowsStored() == 10,
                        "two records dead-lettered and the good rows stored");
            } finally {
                container.stop();
            }
            assertThat(database.count("SELECT count() AS c FROM spans")).isEqualTo(10);

            List<ConsumerRecord<byte[], byte[]>> dead = readAll(topics.deadLetter(), 2);
            assertThat(dead).extracting(r -> text(r, KafkaRecords.DEAD_REASON))
                    .anySatisfy(reason -> assertThat(reason).startsWith("ClickHouse refused the rows"))
                    .anySatisfy(reason -> assertThat(reason).contains("not a row batch"));
            assertThat(dead).extracting(r -> text(r, KafkaRecords.DEAD_ORIGIN)).allSatisfy(origin ->
                    assertThat(origin).startsWith(topics.prefix()));
        }
    }

    private static long partitionsOf(List<SpanRow> spans, int partitions) {
        return spans.stream().map(s -> KafkaStore.partitionOf(s.traceId(), partitions)).distinct().count();
    }

    @Test
    void withNoBrokerARequestFailsAsUnavailableWithinTheBlockTimeAndAnEmptyOneSucceedsAtOnce() {
        var nowhere = new DefaultKafkaProducerFactory<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000), new ByteArraySerializer(), new ByteArraySerializer());
        try {
            var store = new KafkaStore(new KafkaTemplate<>(nowhere), new KafkaTopics("none."));

            assertThat(store.spans(List.of())).succeedsWithin(Duration.ofMillis(100));
            assertThat(store.spans(spans("p1", 1, 1))).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IngestStore.Unavailable.class)
                    .withMessageContaining("Kafka did not acknowledge");
        } finally {
            nowhere.destroy();
        }
    }

    @Test
    void aTraceGoesToThePartitionKafkaWouldGiveItAsAKey() {
        for (int n = 0; n < 100; n++) {
            String traceId = trace(n);
            assertThat(KafkaStore.partitionOf(traceId, 6)).isEqualTo(
                    org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                            traceId.getBytes(StandardCharsets.US_ASCII), 6));
        }
    }

    private static KafkaTopics newTopics() {
        var topics = new KafkaTopics("t" + UUID.randomUUID().toString().substring(0, 8) + ".");
        var all = new ArrayList<NewTopic>();
        for (String name : topics.tables()) {
            all.add(new NewTopic(name, 3, (short) 1));
        }
        all.add(new NewTopic(topics.deadLetter(), 1, (short) 1));
        broker.addTopics(all.toArray(NewTopic[]::new));
        return topics;
    }

    private static DefaultKafkaConsumerFactory<byte[], byte[]> consumers(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new DefaultKafkaConsumerFactory<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        try (var consumer = consumers("reader-" + UUID.randomUUID()).createConsumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static List<SpanRow> spans(String project, int count, int traces) {
        return spans(project, count, traces, 0);
    }

    private static List<SpanRow> spans(String project, int count, int traces, int seed) {
        var spans = new ArrayList<SpanRow>();
        for (int i = 0; i < count; i++) {
            spans.add(new SpanRow(project, trace(seed * 100 + i % traces), String.format("%016x", seed * 1000L + i + 1),
                    "", "", "GET /item", SpanRow.SpanKind.SERVER, SpanRow.StatusCode.OK, "", "shop", "", "",
                    T0 + i, 1_000_000L, Map.of("service.name", "shop"), Map.of("n", Integer.toString(i)), List.of(),
                    List.of(), SpanRow.LlmUsage.NONE));
        }
        return spans;
    }

    private static String trace(int n) {
        return String.format("%032x", n + 1);
    }

    private static LogRow log(String project, String body, String traceId) {
        return new LogRow(project, T0, T0, traceId, "", 9, "INFO", "shop", body, Map.of(), Map.of(), "");
    }

    private static MetricRow gauge(String project, double value) {
        return new MetricRow(project, "queue.depth", "", "1", MetricRow.MetricType.GAUGE,
                MetricRow.Temporality.UNSPECIFIED, false, "shop", "", "", T0, T0 + (long) value, Map.of(), Map.of(),
                value, null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ConsumerRecord<byte[], byte[]> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
