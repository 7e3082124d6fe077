package dev.tracehound.agent.metering;

import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.ModelUsage;
import dev.tracehound.agent.session.SessionStore;
import java.time.Clock;
import java.util.Objects;

/**
 * The door of {@code dev.tracehound.agent.metering}, which promises what a model call cost and
 * whether a session and its workspace may make another ({@link Budgets}). It prices by
 * {@link PriceTable} (one small class, to be replaced by a shared price table) and counts
 * tokens a provider did not report with {@link TokenEstimator}; usage is kept by the session
 * store.
 *
 * <p>Turns a model call into a usage record and stores it: the provider's token counts when it
 * gave them, a tokenizer's estimate otherwise, priced by the price table.
 */
public final class Meter {

    private final SessionStore store;
    private final PriceTable prices;
    private final TokenEstimator estimator;
    private final Clock clock;

    public Meter(SessionStore store, PriceTable prices, TokenEstimator estimator, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records one call of {@code model} in the session, on behalf of the session's user, and
     * returns what was recorded (for the stream's {@code usage} event).
     */
    ModelUsage record(AgentSession session, String model, ModelRequest request, ModelReply reply) {
        ModelUsage usage = measure(session, model, request, reply);
        store.recordUsage(usage);
        return usage;
    }

    /** What {@link #record} would record, without storing it: for a caller that stores it with more. */
    public ModelUsage measure(AgentSession session, String model, ModelRequest request, ModelReply reply) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reply, "reply");
        long input;
        long output;
        boolean estimated = reply.usage().isEmpty();
        if (estimated) {
            input = estimator.inputTokens(model, request);
            output = estimator.outputTokens(model, reply);
        } else {
            input = reply.usage().get().inputTokens();
            output = reply.usage().get().outputTokens();
        }
        PriceTable.Cost cost = prices.cost(model, input, output);
        return new ModelUsage(session.id(), session.workspaceId(), session.userId(), model, input, output,
                estimated, cost.micros(), cost.priced(), clock.instant());
    }
}
