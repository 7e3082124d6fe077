package dev.tracehound.app.api;

import dev.tracehound.analytics.ReadLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one query of the query API may cost. The time limit is the ClickHouse query timeout
 * ({@code tracehound.clickhouse.query-timeout}), enforced by the server.
 *
 * @param maxRowsToRead the most rows one query may read; above it the query is refused with a 400 that says
 *                      how to narrow it
 * @param maxResultRows the most rows one query may return from ClickHouse
 * @param tailPollInterval how often a live tail looks for newly stored records
 * @param tailHeartbeat    how often a live tail sends a comment line, so idle streams stay open
 */
@ConfigurationProperties("tracehound.query")
record QueryProperties(
        @DefaultValue("1000000000") long maxRowsToRead,
        @DefaultValue("1000000") long maxResultRows,
        @DefaultValue("500ms") Duration tailPollInterval,
        @DefaultValue("15s") Duration tailHeartbeat) {

    ReadLimits limits() {
        return new ReadLimits(maxRowsToRead, maxResultRows);
    }
}
