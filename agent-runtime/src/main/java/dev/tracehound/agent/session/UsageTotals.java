package dev.tracehound.agent.session;

/**
 * Model usage added up over some calls. {@code includesEstimates} and {@code includesUnpriced}
 * say whether any call's tokens were estimated, or its cost unknown (counted as 0).
 */
public record UsageTotals(long modelCalls, long inputTokens, long outputTokens, long costMicros,
        boolean includesEstimates, boolean includesUnpriced) {

    public static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, false, false);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** These totals and one more call. */
    public UsageTotals plus(ModelUsage call) {
        return new UsageTotals(modelCalls + 1, inputTokens + call.inputTokens(), outputTokens + call.outputTokens(),
                costMicros + call.costMicros(), includesEstimates || call.estimated(), includesUnpriced || !call.priced());
    }
}
