package dev.tracehound.analytics;

/** The tables ingest writes to. */
public enum TelemetryTable {
    SPANS("spans"),
    LOGS("logs"),
    METRICS("metrics");

    private final String tableName;

    TelemetryTable(String tableName) {
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }
}
