package dev.tracehound.analytics;

import java.util.Collection;
import java.util.Objects;

/**
 * Rows of one project for one table, encoded as JSONEachRow lines that each carry
 * {@code batchId}: they are stored together, and recognised when delivered again. Made by
 * {@link #ofSpans} and its siblings, or rebuilt from its fields after a trip through Kafka.
 *
 * @param batchId a hash of the table, the project and the rows, so the same rows sent again
 *                get the same id
 * @param lines   the encoded rows, one per line; never modified after construction
 */
public record RowBatch(TelemetryTable table, String projectId, String batchId, byte[] lines, int rows) {

    public RowBatch {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(lines, "lines");
        if (batchId == null || batchId.isBlank()) {
            throw new IllegalArgumentException("a row batch needs an id");
        }
        if (rows <= 0) {
            throw new IllegalArgumentException("a row batch holds at least one row");
        }
    }

    /** The spans of one project as a batch, with a content id in every row. */
    public static RowBatch ofSpans(Collection<SpanRow> spans) {
        return JsonRows.spanBatch(spans);
    }

    public static RowBatch ofLogs(Collection<LogRow> logs) {
        return JsonRows.logBatch(logs);
    }

    public static RowBatch ofMetrics(Collection<MetricRow> points) {
        return JsonRows.metricBatch(points);
    }

    @Override
    public String toString() {
        return "RowBatch[" + table.tableName() + ", project " + projectId + ", " + rows + " rows, id " + batchId + "]";
    }
}
