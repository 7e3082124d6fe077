package dev.tracehound.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
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
