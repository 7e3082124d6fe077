package dev.tracehound.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code ingest_batches} table: which batches are stored already. ClickHouse fills it
 * through materialized views within each insert, so a batch that is in it is stored.
 */
final class BatchLedger {

    /** Keeps each look-up well under ClickHouse's 256 KiB limit on the text of a query. */
    private static final int IDS_PER_QUERY = 2_000;

    private static final String STORED_BATCHES = """
            SELECT batch_id FROM ingest_batches
            WHERE project_id IN (SELECT arrayJoin({projects:Array(String)}))
              AND batch_id IN (SELECT arrayJoin({ids:Array(String)}))""";

    /** Batch ids found in a table itself; used only for batches whose last insert failed. */
    private static final String BATCHES_IN_TABLE = """
            SELECT DISTINCT ingest_batch AS batch_id FROM <table>
            WHERE project_id IN (SELECT arrayJoin({projects:Array(String)}))
              AND ingest_batch IN (SELECT arrayJoin({ids:Array(String)}))""";

    /** The ledger's days before {@code day}; a partition is named by its date, quoted on some versions. */
    private static final String PARTITIONS_BEFORE = """
            SELECT DISTINCT partition FROM system.parts
            WHERE database = currentDatabase() AND table = 'ingest_batches' AND active
              AND replaceAll(partition, '\\'', '') < {day:String}""";

    private static final String DROP_PARTITION = "ALTER TABLE ingest_batches DROP PARTITION {partition:String}";

    private final ClickHouse clickHouse;

    BatchLedger(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** The ids among {@code batches} that are stored already. */
    Set<String> storedAmong(Collection<RowBatch> batches) {
        var stored = new HashSet<String>();
        var all = new ArrayList<>(batches);
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            List<RowBatch> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
            var projects = chunk.stream().map(RowBatch::projectId).distinct().toList();
            var ids = chunk.stream().map(RowBatch::batchId).distinct().toList();
            for (Row row : clickHouse.query(Sql.of(STORED_BATCHES)
                    .bind("projects", projects)
                    .bind("ids", ids))) {
                stored.add(row.string("batch_id"));
            }
        }
        return stored;
    }

    /**
     * The ids among {@code batches} whose rows are in their table although the ledger may not
     * say so, and records them in the ledger. ClickHouse fills the ledger after the table within
     * one insert, so an insert cut short (the server killed) can leave rows the ledger misses.
     * This reads the tables, so it is only for batches whose last insert failed.
     */
    Set<String> storedInTables(Collection<RowBatch> batches) {
        var found = new HashSet<String>();
        var byTable = new EnumMap<TelemetryTable, List<RowBatch>>(TelemetryTable.class);
        batches.forEach(batch -> byTable.computeIfAbsent(batch.table(), t -> new ArrayList<>()).add(batch));
        byTable.forEach((table, inTable) -> {
            for (int from = 0; from < inTable.size(); from += IDS_PER_QUERY) {
                List<RowBatch> chunk = inTable.subList(from, Math.min(inTable.size(), from + IDS_PER_QUERY));
                for (Row row : clickHouse.query(Sql.of(BATCHES_IN_TABLE.replace("<table>", table.tableName()))
                        .bind("projects", chunk.stream().map(RowBatch::projectId).distinct().toList())
                        .bind("ids", chunk.stream().map(RowBatch::batchId).distinct().toList()))) {
                    found.add(row.string("batch_id"));
                }
            }
        });
        var missing = batches.stream().filter(batch -> found.contains(batch.batchId())).toList();
        if (!missing.isEmpty()) {
            var json = new JsonLineWriter(missing.size() * 128);
            long now = Instant.now().getEpochSecond();
            for (RowBatch batch : missing) {
                json.beginRow();
                json.string("project_id", batch.projectId());
                json.string("batch_id", batch.batchId());
                json.number("stored_at", now);
                json.endRow();
            }
            clickHouse.insertJsonEachRow("ingest_batches", json.toByteArray());
        }
        return found;
    }

    /**
     * Drops the days of batch ids before {@code day}; returns how many days were dropped. A
     * day's partition is named by its date ({@code 2026-11-22}), quoted on some versions.
     */
    int forgetBefore(LocalDate day) {
        List<Row> old = clickHouse.query(Sql.of(PARTITIONS_BEFORE).bind("day", day.toString()));
        for (Row row : old) {
            clickHouse.execute(Sql.of(DROP_PARTITION)
                    .bind("partition", row.string("partition"))
                    .render());
        }
        return old.size();
    }
}
