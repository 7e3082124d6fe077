package dev.tracehound.analytics;

/**
 * What one read may cost, enforced by the server: it stops a query that would read more rows
 * than {@code maxRowsToRead} (before reading them, when the index says so) or return more
 * than {@code maxResultRows}. Zero means no limit. The time limit is the settings' query
 * timeout, sent as {@code max_execution_time} with every statement.
 */
public record ReadLimits(long maxRowsToRead, long maxResultRows) {

    /** For the service's own statements: migrations, the batch ledger, health. */
    static final ReadLimits NONE = new ReadLimits(0, 0);

    public ReadLimits {
        if (maxRowsToRead < 0 || maxResultRows < 0) {
            throw new IllegalArgumentException("read limits are zero (none) or positive");
        }
    }
}
