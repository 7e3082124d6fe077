package dev.tracehound.analytics.retention;

/**
 * The tables whose rows age out, each with the time column its daily partitions are cut by
 * ({@code PARTITION BY toDate(<column>)}). The batch ledger ({@code ingest_batches}) is not one
 * of them: its ids are forgotten by day after the de-duplication window, whatever the project.
 */
enum RetainedTable {
    SPANS("spans", "timestamp"),
    LOGS("logs", "timestamp"),
    TRACE_INDEX("trace_index", "start_time"),
    METRICS("metrics", "timestamp");

    private final String tableName;
    private final String timeColumn;

    RetainedTable(String tableName, String timeColumn) {
        this.tableName = tableName;
        this.timeColumn = timeColumn;
    }

    String tableName() {
        return tableName;
    }

    String timeColumn() {
        return timeColumn;
    }
}
