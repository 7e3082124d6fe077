package dev.tracehound.analytics.query;

import java.util.List;
import java.util.Optional;

/**
 * LLM usage per group, the costliest first (then by calls, then by key); groups beyond the
 * request's limit are summed in {@code other}. Every figure is an exact sum over the calls.
 *
 * @param total all calls selected, whatever their group
 */
public record LlmUsageReport(List<Group> groups, Optional<Group> other, Usage total) {

    public LlmUsageReport {
        groups = List.copyOf(groups);
    }

    /** @param key as {@link AggregateResult.Group#key()} */
    public record Group(List<String> key, long groupCount, Usage usage) {

        public Group {
            key = List.copyOf(key);
        }
    }

    /**
     * @param cachedInputTokens part of {@code inputTokens}: read from the providers' prompt caches
     * @param cacheWriteTokens  part of {@code inputTokens}: written to the providers' prompt caches
     * @param reasoningTokens   part of {@code outputTokens}
     */
    public record Usage(long calls, long inputTokens, long outputTokens, long cachedInputTokens,
            long cacheWriteTokens, long reasoningTokens, double costUsd) {

        static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, 0);

        Usage plus(Usage other) {
            return new Usage(calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                    cachedInputTokens + other.cachedInputTokens, cacheWriteTokens + other.cacheWriteTokens,
                    reasoningTokens + other.reasoningTokens, costUsd + other.costUsd);
        }
    }
}
