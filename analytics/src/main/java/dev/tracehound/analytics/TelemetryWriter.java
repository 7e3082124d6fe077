package dev.tracehound.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Writes spans, logs and metric data points to ClickHouse, one insert per table per call.
 * Callers batch (thousands of rows per call); a call returns once ClickHouse holds the rows.
 * Ingest writes {@link RowBatch}es, which are stored once however often they are written;
 * the plain {@code write*} methods are for rows that are never sent twice (demo data).
 */
public final class TelemetryWriter {

    private final ClickHouse clickHouse;
    private final BatchLedger ledger;

    public TelemetryWriter(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
        this.ledger = new BatchLedger(clickHouse);
    }

    public void writeSpans(Collection<SpanRow> spans) {
        if (!spans.isEmpty()) {
            clickHouse.insertJsonEachRow("spans", JsonRows.spans(spans));
        }
    }

    public void writeLogs(Collection<LogRow> logs) {
        if (!logs.isEmpty()) {
            clickHouse.insertJsonEachRow("logs", JsonRows.logs(logs));
        }
    }

    void writeMetrics(Collection<MetricRow> points) {
        if (!points.isEmpty()) {
            clickHouse.insertJsonEachRow("metrics", JsonRows.metrics(points));
        }
    }

    /** What {@link #write(Collection)} did: batches and rows inserted, and batches found stored already. */
    public record Written(int batches, long rows, int duplicates) {}

    /**
     * Inserts the batches that are not stored yet, one insert per table; a batch given twice,
     * or stored by an earlier call, is skipped. Returns once ClickHouse holds the rows. When
     * this throws, any subset of the tables may hold their rows: calling it again with the same
     * batches stores each exactly once.
     */
    public Written write(Collection<RowBatch> batches) {
        if (batches.isEmpty()) {
            return new Written(0, 0, 0);
        }
        Set<String> stored = ledger.storedAmong(batches);
        var fresh = new LinkedHashMap<String, RowBatch>();
        for (RowBatch batch : batches) {
            if (!stored.contains(batch.batchId())) {
                fresh.putIfAbsent(batch.batchId(), batch);
            }
        }
        var byTable = new EnumMap<TelemetryTable, List<RowBatch>>(TelemetryTable.class);
        for (RowBatch batch : fresh.values()) {
            byTable.computeIfAbsent(batch.table(), t -> new ArrayList<>()).add(batch);
        }
        long rows = 0;
        for (var entry : byTable.entrySet()) {
            int size = 0;
            for (RowBatch batch : entry.getValue()) {
                size += batch.lines().length;
                rows += batch.rows();
            }
            var body = new byte[size];
            int at = 0;
            for (RowBatch batch : entry.getValue()) {
                System.arraycopy(batch.lines(), 0, body, at, batch.lines().length);
                at += batch.lines().length;
            }
            clickHouse.insertJsonEachRow(entry.getKey().tableName(), body);
        }
        return new Written(fresh.size(), rows, batches.size() - fresh.size());
    }

    /**
     * Forgets the ids of batches stored before {@code day} (UTC), so the ledger stays small; a
     * batch delivered again after that is stored again. Returns the number of days dropped.
     */
    public int forgetBatchesBefore(LocalDate day) {
        return ledger.forgetBefore(day);
    }
}
