package dev.tracehound.agent.session;

import dev.tracehound.platform.pricing.TokenCounts;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The tokens and cost of one model call. {@code tokens} follow {@link TokenCounts}' convention:
 * input includes the cached input and cache writes, output the reasoning. {@code estimated}: the
 * tokens were counted with a tokenizer because the provider reported none. {@code priced}: the
 * price table knew the model; an unpriced call costs 0.
 */
public record ModelUsage(UUID sessionId, UUID workspaceId, String userId, String model, TokenCounts tokens,
        boolean estimated, long costMicros, boolean priced, Instant at) {

    public ModelUsage {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(at, "at");
        if (costMicros < 0) {
            throw new IllegalArgumentException("a model call's cost cannot be negative: " + costMicros + " micro-dollars");
        }
    }

    public long totalTokens() {
        return tokens.input() + tokens.output();
    }
}
