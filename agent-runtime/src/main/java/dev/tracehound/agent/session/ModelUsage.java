package dev.tracehound.agent.session;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The tokens and cost of one model call. {@code estimated}: the tokens were counted with a
 * tokenizer because the provider reported none. {@code priced}: the price table knew the
 * model; an unpriced call costs 0.
 */
public record ModelUsage(UUID sessionId, UUID workspaceId, String userId, String model, long inputTokens,
        long outputTokens, boolean estimated, long costMicros, boolean priced, Instant at) {

    public ModelUsage {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(at, "at");
        if (inputTokens < 0 || outputTokens < 0 || costMicros < 0) {
            throw new IllegalArgumentException("tokens and cost cannot be negative: input " + inputTokens + ", output "
                    + outputTokens + ", cost " + costMicros + " micro-dollars");
        }
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
