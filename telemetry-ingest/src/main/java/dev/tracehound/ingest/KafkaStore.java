package dev.tracehound.ingest;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.RowBatch;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Distributed mode: a request's rows go to Kafka, one record per partition, each row on the
 * partition Kafka's partitioner gives its trace id as a key, so a trace's spans and logs stay
 * on one partition and reach one writer in order. Rows without a trace (metric points, logs
 * of no trace) form one record the producer places. The future completes when Kafka
 * acknowledged every record (the producer is idempotent with {@code acks=all});
 * {@link KafkaRowWriter} stores them in ClickHouse later.
 */
public final class KafkaStore implements IngestStore {

    /** Below the broker's default 1 MB message limit, with room for headers and batching. */
    static final int MAX_RECORD_BYTES = 768 * 1024;

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final KafkaTopics topics;

    public KafkaStore(KafkaTemplate<byte[], byte[]> kafka, KafkaTopics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<Void> spans(List<SpanRow> rows) {
        return sendGrouped(TelemetryTable.SPANS, rows, SpanRow::traceId, RowBatch::ofSpans);
    }

    @Override
    public CompletableFuture<Void> logs(List<LogRow> rows) {
        return sendGrouped(TelemetryTable.LOGS, rows, LogRow::traceId, RowBatch::ofLogs);
    }

    /** Points have no trace; they go unkeyed, so the producer spreads them over partitions. */
    @Override
    public CompletableFuture<Void> metrics(List<MetricRow> rows) {
        return sendGrouped(TelemetryTable.METRICS, rows, point -> "", RowBatch::ofMetrics);
    }

    private <T> CompletableFuture<Void> sendGrouped(TelemetryTable table, List<T> rows, Function<T, String> traceId,
            Function<List<T>, RowBatch> encode) {
        if (rows.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        var sends = new ArrayList<CompletableFuture<?>>();
        try {
            String topic = topics.of(table);
            int partitions = kafka.partitionsFor(topic).size();
            // One record per partition, not per trace: a thousand-span request makes a few records.
            var byPartition = new TreeMap<Integer, List<T>>();
            var unkeyed = new ArrayList<T>();
            for (T row : rows) {
                String trace = traceId.apply(row);
                if (trace.isEmpty()) {
                    unkeyed.add(row);
                } else {
                    byPartition.computeIfAbsent(partitionOf(trace, partitions), p -> new ArrayList<>()).add(row);
                }
            }
            byPartition.forEach((partition, group) -> send(topic, partition, group, encode, sends));
            if (!unkeyed.isEmpty()) {
                send(topic, null, unkeyed, encode, sends);
            }
        } catch (RuntimeException e) {
            // partitionsFor and send throw when no broker answers within max.block.ms.
            sends.add(CompletableFuture.failedFuture(e));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(new Unavailable(
                        "Kafka did not acknowledge the records: " + rootMessage(failure), failure)));
    }

    /** The partition Kafka's own partitioner gives a record keyed by this trace id. */
    static int partitionOf(String traceId, int partitions) {
        return Utils.toPositive(Utils.murmur2(traceId.getBytes(StandardCharsets.US_ASCII))) % partitions;
    }

    /** A group too big for one record is halved until each half fits; the same rows split the same way. */
    private <T> void send(String topic, Integer partition, List<T> rows, Function<List<T>, RowBatch> encode,
            List<CompletableFuture<?>> sends) {
        RowBatch batch = encode.apply(rows);
        if (batch.lines().length > MAX_RECORD_BYTES && rows.size() > 1) {
            int half = rows.size() / 2;
            send(topic, partition, rows.subList(0, half), encode, sends);
            send(topic, partition, rows.subList(half, rows.size()), encode, sends);
            return;
        }
        sends.add(kafka.send(KafkaRecords.toRecord(topic, partition, batch)));
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        kafka.flush();
    }
}
