package dev.tracehound.ingest;

import dev.tracehound.analytics.ClickHouseException;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.RowBatch;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Embedded mode: a request's rows become one batch (encoded on the request's own thread),
 * and an in-process batcher per table gathers the batches of concurrent requests into
 * ClickHouse inserts. A batch ClickHouse refuses for its data fails only its own request.
 */
public final class EmbeddedStore implements IngestStore {

    private final EmbeddedBatcher<RowBatch> spans;
    private final EmbeddedBatcher<RowBatch> logs;
    private final EmbeddedBatcher<RowBatch> metrics;

    public EmbeddedStore(TelemetryWriter writer, IngestSettings settings) {
        this.spans = batcher("span", writer, settings);
        this.logs = batcher("log", writer, settings);
        this.metrics = batcher("metric", writer, settings);
    }

    private static EmbeddedBatcher<RowBatch> batcher(String name, TelemetryWriter writer, IngestSettings settings) {
        return new EmbeddedBatcher<>(name, writer::write, RowBatch::rows,
                failure -> failure instanceof ClickHouseException e && !e.isTransient(),
                settings.maxBatchRows(), settings.linger(), settings.capacityRows());
    }

    @Override
    public CompletableFuture<Void> spans(List<SpanRow> rows) {
        return rows.isEmpty() ? done() : spans.submit(List.of(RowBatch.ofSpans(rows)));
    }

    @Override
    public CompletableFuture<Void> logs(List<LogRow> rows) {
        return rows.isEmpty() ? done() : logs.submit(List.of(RowBatch.ofLogs(rows)));
    }

    @Override
    public CompletableFuture<Void> metrics(List<MetricRow> rows) {
        return rows.isEmpty() ? done() : metrics.submit(List.of(RowBatch.ofMetrics(rows)));
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        spans.close();
        logs.close();
        metrics.close();
    }
}
