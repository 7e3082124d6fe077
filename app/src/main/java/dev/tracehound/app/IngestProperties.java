package dev.tracehound.app;

import dev.tracehound.ingest.IngestSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * OTLP ingest: the mode and its limits. LLM prices are {@code tracehound.llm-prices} ({@link LlmPriceProperties}).
 *
 * @param keyCacheTtl how long an API key look-up is remembered; a revoked key may work this long
 * @param dedupDays   how long a stored batch is recognised when delivered again
 */
@ConfigurationProperties("tracehound.ingest")
record IngestProperties(
        Mode mode,
        Kafka kafka,
        DataSize maxBody,
        DataSize maxDecompressedBody,
        int maxBatchRows,
        Duration linger,
        int capacityRows,
        Duration retryAfter,
        Duration keyCacheTtl,
        int dedupDays,
        RateLimit rateLimit,
        Quota quota) {

    /** Embedded: answer after the ClickHouse insert. Kafka: answer after Kafka acknowledged; writers insert. */
    enum Mode { EMBEDDED, KAFKA }

    /**
     * Distributed mode. The brokers and client settings are Spring Boot's {@code spring.kafka.*}.
     *
     * @param topicPrefix the topics are {@code <prefix>spans}, {@code logs}, {@code metrics} and {@code dead-letter}
     * @param partitions  partitions of each table topic when this service creates it
     * @param replicas    replication of the topics it creates; 0 leaves it to the broker's default
     * @param writer      whether this instance also stores what is on the topics into ClickHouse
     */
    record Kafka(String topicPrefix, int partitions, short replicas, Writer writer) {}

    /**
     * @param groupId     the consumer group all writers share
     * @param concurrency consumers in this instance
     * @param maxBackOff  the longest wait between attempts while ClickHouse is unavailable
     */
    record Writer(boolean enabled, String groupId, int concurrency, Duration maxBackOff) {}

    /** Per project, in records (spans, log records, data points) per second. */
    record RateLimit(double recordsPerSecond, double burstSeconds) {}

    /**
     * How the plan's quota is checked: cached, and failing open when the check is slow.
     *
     * @param enabled false: ingest holds no project to its plan's monthly limits (every request is let through)
     */
    record Quota(boolean enabled, Duration cacheTtl, Duration timeout, Duration overQuotaRetryAfter) {

        /** With the plan's own cache ({@code PlanEntitlements.MAX_TTL}), a plan change reaches ingest within a minute. */
        static final Duration MAX_CACHE_TTL = Duration.ofSeconds(30);

        Quota {
            if (cacheTtl != null && (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0)) {
                throw new IllegalArgumentException("tracehound.ingest.quota.cache-ttl must be 0s to 30s, so that a plan "
                        + "change reaches ingest within a minute; was " + cacheTtl);
            }
        }
    }


    IngestSettings settings() {
        return new IngestSettings(maxBody.toBytes(), maxDecompressedBody.toBytes(), maxBatchRows, linger, capacityRows,
                retryAfter);
    }
}
