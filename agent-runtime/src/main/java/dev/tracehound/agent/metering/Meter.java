package dev.tracehound.agent.metering;

import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.ModelUsage;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.platform.pricing.ModelPrice;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The door of {@code dev.tracehound.agent.metering}, which promises what a model call cost and
 * whether a session and its workspace may make another ({@link Budgets}). It prices with the
 * product's one price table ({@link ModelPrices}), the one ingest prices LLM spans with, so a
 * call costs the same in the agent's usage as in a span; it counts the tokens a provider did
 * not report with {@link TokenEstimator}; usage is kept by the session store.
 *
 * <p>Turns a model call into a usage record and stores it: the provider's token counts when it
 * gave them (cached input, cache writes and reasoning included, each priced at its rate), a
 * tokenizer's estimate otherwise, priced by the table and rounded to the micro-dollar.
 */
public final class Meter {

    private final SessionStore store;
    private final ModelPrices prices;
    private final TokenEstimator estimator;
    private final Clock clock;

    public Meter(SessionStore store, ModelPrices prices, TokenEstimator estimator, Clock clock) {
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
        ModelUsage usage = measure(session, model, priceOf(model), request, reply);
        store.recordUsage(usage);
        return usage;
    }

    /**
     * The model's price in the table, empty if it has none: looked up once for a run, whose calls
     * are all of one model, and passed to {@link #measure} at each step.
     */
    public Optional<ModelPrice> priceOf(String model) {
        return prices.priceOf(model);
    }

    /**
     * What {@link #record} would record, without storing it: for a caller that stores it with more.
     * {@code price}: the model's, from {@link #priceOf}.
     */
    public ModelUsage measure(AgentSession session, String model, Optional<ModelPrice> price, ModelRequest request,
            ModelReply reply) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reply, "reply");
        boolean estimated = reply.usage().isEmpty();
        TokenCounts tokens = reply.usage().orElseGet(() -> TokenCounts.of(estimator.inputTokens(model, request),
                estimator.outputTokens(model, reply)));
        Optional<BigDecimal> usd = price.map(p -> p.cost(tokens));
        return new ModelUsage(session.id(), session.workspaceId(), session.userId(), model, tokens, estimated,
                usd.map(Meter::micros).orElse(0L), usd.isPresent(), clock.instant());
    }

    /** USD to whole micro-dollars, half up: what budgets and usage add up. */
    static long micros(BigDecimal usd) {
        return usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
