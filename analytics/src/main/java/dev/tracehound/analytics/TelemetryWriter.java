package dev.tracehound.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes spans, logs and metric data points to ClickHouse, one insert per table per call.
 * Callers batch (thousands of rows per call); a call returns once ClickHouse holds the rows.
 * Ingest writes {@link RowBatch}es, which are stored once however often they are written;
 * the plain {@code write*} methods are for rows that are never sent twice (demo data).
 */
public final class TelemetryWriter {

    private static final int MAX_IN_DOUBT = 65_536;

    private final ClickHouse clickHouse;
    private final BatchLedger ledger;
    /**
     * Batches whose last insert failed: their rows may be stored while the ledger misses them.
     * Bounded, oldest forgotten first, for batches never written again (dead-lettered ones).
     */
    private final Set<String> inDoubt = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_IN_DOUBT;
                }
            }));

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

    public void writeMetrics(Collection<MetricRow> points) {
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
     * batches stores each exactly once, even when ClickHouse died between storing a table's rows
     * and recording them in the batch ledger (such batches are looked for in the tables).
     */
    public Written write(Collection<RowBatch> batches) {
        if (batches.isEmpty()) {
            return new Written(0, 0, 0);
        }
        Set<String> stored = ledger.storedAmong(batches);
        var doubtful = batches.stream()
                .filter(batch -> inDoubt.contains(batch.batchId()) && !stored.contains(batch.batchId()))
                .toList();
        if (!doubtful.isEmpty()) {
            stored.addAll(ledger.storedInTables(doubtful));
        }
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
        long rows;
        try {
            rows = insert(byTable);
        } catch (RuntimeException e) {
            fresh.keySet().forEach(inDoubt::add);
            throw e;
        }
        batches.forEach(batch -> inDoubt.remove(batch.batchId()));
        return new Written(fresh.size(), rows, batches.size() - fresh.size());
    }

    private long insert(Map<TelemetryTable, List<RowBatch>> byTable) {
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
        return rows;
    }

    /**
     * Forgets the ids of batches stored before {@code day} (UTC), so the ledger stays small; a
     * batch delivered again after that is stored again. Returns the number of days dropped.
     */
    public int forgetBatchesBefore(LocalDate day) {
        return ledger.forgetBefore(day);
    }
}
