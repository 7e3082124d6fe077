package dev.tracehound.analytics.query;

/**
 * One LLM call: a span with a model. Times in nanoseconds since the epoch.
 *
 * @param cachedInputTokens part of {@code inputTokens}: read from the provider's prompt cache
 * @param cacheWriteTokens  part of {@code inputTokens}: written to the provider's prompt cache
 * @param reasoningTokens   part of {@code outputTokens}
 */
public record LlmCall(String traceId, String spanId, String serviceName, String spanName, String system, String model,
        long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens, long reasoningTokens,
        double costUsd, long durationNanos, long startTimeNanos) {}
