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
        Map<String, LlmPrices.Price> llmPrices) {

    IngestSettings settings() {
        return new IngestSettings(maxBody.toBytes(), maxDecompressedBody.toBytes(), maxBatchRows, linger, capacityRows,
                retryAfter);
    }
}
