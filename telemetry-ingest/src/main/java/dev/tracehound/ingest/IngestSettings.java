package dev.tracehound.ingest;

import java.time.Duration;

/**
 * Limits of the receivers and the embedded batcher.
 *
 * @param maxBodyBytes         largest request body accepted, as sent (compressed or not)
 * @param maxDecompressedBytes largest body after gzip is undone
 * @param maxBatchRows         rows per ClickHouse insert
 * @param linger               how long the first waiting row may wait for others to share its insert
 * @param capacityRows         rows waiting for storage before requests are refused with 429
 * @param retryAfter           what 429 and 503 answers tell clients to wait
 */
public record IngestSettings(
        long maxBodyBytes, long maxDecompressedBytes, int maxBatchRows, Duration linger, int capacityRows,
        Duration retryAfter) {

    static final IngestSettings DEFAULTS =
            new IngestSettings(16L << 20, 64L << 20, 10_000, Duration.ofMillis(20), 200_000, Duration.ofSeconds(5));

    public IngestSettings {
        if (maxBodyBytes <= 0 || maxDecompressedBytes < maxBodyBytes) {
            throw new IllegalArgumentException("need 0 < maxBodyBytes <= maxDecompressedBytes");
        }
    }
}
