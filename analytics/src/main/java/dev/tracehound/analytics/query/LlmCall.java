package dev.tracehound.analytics.query;

/** One LLM call: a span with a model. Times in nanoseconds since the epoch. */
public record LlmCall(String traceId, String spanId, String serviceName, String spanName, String system, String model,
        long inputTokens, long outputTokens, double costUsd, long durationNanos, long startTimeNanos) {}
