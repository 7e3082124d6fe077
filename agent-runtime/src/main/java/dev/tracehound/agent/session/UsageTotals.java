package dev.tracehound.agent.session;

/**
 * Model usage added up over some calls. The token counts follow {@link ModelUsage#tokens()}'
 * convention: {@code inputTokens} includes {@code cachedInputTokens} and {@code cacheWriteTokens},
 * {@code outputTokens} includes {@code reasoningTokens}. {@code includesEstimates} and
 * {@code includesUnpriced} say whether any call's tokens were estimated, or its cost unknown
 * (counted as 0).
 */
public record UsageTotals(long modelCalls, long inputTokens, long outputTokens, long cachedInputTokens,
        long cacheWriteTokens, long reasoningTokens, long costMicros, boolean includesEstimates,
        boolean includesUnpriced) {

    public static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, 0, 0, 0, false, false);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** These totals and one more call. */
    public UsageTotals plus(ModelUsage call) {
        var tokens = call.tokens();
        return new UsageTotals(modelCalls + 1, inputTokens + tokens.input(), outputTokens + tokens.output(),
                cachedInputTokens + tokens.cachedInput(), cacheWriteTokens + tokens.cacheWrite(),
                reasoningTokens + tokens.reasoning(), costMicros + call.costMicros(),
                includesEstimates || call.estimated(), includesUnpriced || !call.priced());
    }
}
