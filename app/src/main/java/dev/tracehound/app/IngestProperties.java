package dev.tracehound.app;

import dev.tracehound.ingest.IngestSettings;
import dev.tracehound.ingest.LlmPrices;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * OTLP ingest limits and the LLM price table (USD per million tokens, by model prefix).
 *
 * @param keyCacheTtl how long an API key look-up is remembered; a revoked key may work this long
 */
@ConfigurationProperties("tracehound.ingest")
record IngestProperties(
        DataSize maxBody,
        DataSize maxDecompressedBody,
        int maxBatchRows,
        Duration linger,
        int capacityRows,
        Duration retryAfter,
        Duration keyCacheTtl,
        RateLimit rateLimit,
        Quota quota,
        Map<String, LlmPrices.Price> llmPrices) {

    /** Per project, in records (spans, log records, data points) per second. */
    record RateLimit(double recordsPerSecond, double burstSeconds) {}

    /** How the plan's quota is checked: cached, and failing open when the check is slow. */
    record Quota(Duration cacheTtl, Duration timeout, Duration overQuotaRetryAfter) {}


    IngestSettings settings() {
        return new IngestSettings(maxBody.toBytes(), maxDecompressedBody.toBytes(), maxBatchRows, linger, capacityRows,
                retryAfter);
    }
}
