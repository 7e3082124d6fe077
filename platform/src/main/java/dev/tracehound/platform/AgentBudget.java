package dev.tracehound.platform;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A workspace's agent budgets: {@code monthly} caps all its sessions together within one
 * calendar month (UTC), {@code perSession} caps each session over its whole life.
 */
public record AgentBudget(Limit monthly, Limit perSession) {

    public static final AgentBudget UNLIMITED = new AgentBudget(Limit.UNLIMITED, Limit.UNLIMITED);

    public AgentBudget {
        Objects.requireNonNull(monthly, "monthly");
        Objects.requireNonNull(perSession, "perSession");
    }

    /**
     * A cap on model spend in micro-dollars (1 USD = 1,000,000) and/or on tokens (input plus
     * output); an empty part is unlimited, and a limit reached by either part is reached.
     */
    public record Limit(OptionalLong usdMicros, OptionalLong tokens) {

        public static final Limit UNLIMITED = new Limit(OptionalLong.empty(), OptionalLong.empty());

        public Limit {
            Objects.requireNonNull(usdMicros, "usdMicros");
            Objects.requireNonNull(tokens, "tokens");
            if (usdMicros.isPresent() && usdMicros.getAsLong() < 0) {
                throw new IllegalArgumentException("a USD limit cannot be negative, was " + usdMicros.getAsLong() + " micro-dollars");
            }
            if (tokens.isPresent() && tokens.getAsLong() < 0) {
                throw new IllegalArgumentException("a token limit cannot be negative, was " + tokens.getAsLong());
            }
        }

        public static Limit usdMicros(long micros) {
            return new Limit(OptionalLong.of(micros), OptionalLong.empty());
        }

        public static Limit tokens(long tokens) {
            return new Limit(OptionalLong.empty(), OptionalLong.of(tokens));
        }

        public boolean unlimited() {
            return usdMicros.isEmpty() && tokens.isEmpty();
        }

        /** The smaller of the two limits, part by part: what both allow. */
        public Limit tighter(Limit other) {
            return new Limit(smaller(usdMicros, other.usdMicros), smaller(tokens, other.tokens));
        }

        private static OptionalLong smaller(OptionalLong a, OptionalLong b) {
            if (a.isEmpty()) {
                return b;
            }
            return b.isEmpty() || a.getAsLong() <= b.getAsLong() ? a : b;
        }
    }
}
