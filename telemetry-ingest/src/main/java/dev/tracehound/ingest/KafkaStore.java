package dev.tracehound.ingest;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.RowBatch;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Distributed mode: a request's rows go to Kafka, grouped by trace id and keyed by it, so a
 * trace's spans and logs stay on one partition and reach one writer in order. The future
 * completes when Kafka acknowledged every record (the producer is idempotent with
 * {@code acks=all}); {@link KafkaRowWriter} stores them in ClickHouse later.
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
        var byTrace = new LinkedHashMap<String, List<T>>();
        for (T row : rows) {
            byTrace.computeIfAbsent(traceId.apply(row), id -> new ArrayList<>()).add(row);
        }
        var sends = new ArrayList<CompletableFuture<?>>();
        byTrace.forEach((trace, group) -> {
            byte[] key = trace.isEmpty() ? null : trace.getBytes(StandardCharsets.US_ASCII);
            send(table, key, group, encode, sends);
        });
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(new Unavailable(
                        "Kafka did not acknowledge the records: " + rootMessage(failure), failure)));
    }

    /** A group too big for one record is halved until each half fits; the same rows split the same way. */
    private <T> void send(TelemetryTable table, byte[] key, List<T> rows, Function<List<T>, RowBatch> encode,
            List<CompletableFuture<?>> sends) {
        RowBatch batch = encode.apply(rows);
        if (batch.lines().length > MAX_RECORD_BYTES && rows.size() > 1) {
            int half = rows.size() / 2;
            send(table, key, rows.subList(0, half), encode, sends);
            send(table, key, rows.subList(half, rows.size()), encode, sends);
            return;
        }
        try {
            sends.add(kafka.send(KafkaRecords.toRecord(topics.of(table), key, batch)));
        } catch (RuntimeException e) {
            // send() itself throws when the producer cannot get metadata within max.block.ms.
            sends.add(CompletableFuture.failedFuture(e));
        }
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
