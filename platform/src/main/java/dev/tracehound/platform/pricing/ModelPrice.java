package dev.tracehound.platform.pricing;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What one model's tokens cost, in USD per million tokens, and, for models that charge more
 * for long prompts, the rates above a prompt size.
 */
public record ModelPrice(Rates rates, Optional<LongContext> longContext) {

    public ModelPrice {
        Objects.requireNonNull(rates, "rates");
        longContext = longContext == null ? Optional.empty() : longContext;
    }

    public ModelPrice(Rates rates) {
        this(rates, Optional.empty());
    }

    /** Input and output only: cached input and cache writes at the input rate, reasoning at the output rate. */
    public static ModelPrice of(String inputUsdPerMillion, String outputUsdPerMillion) {
        return new ModelPrice(new Rates(new BigDecimal(inputUsdPerMillion), new BigDecimal(outputUsdPerMillion), null,
                null, null));
    }

    /**
     * USD per million tokens. A rate given as null takes its base: {@code cachedInput} and
     * {@code cacheWrite} the input rate (no discount), {@code reasoning} the output rate (the
     * provider bills reasoning as output).
     */
    public record Rates(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite,
            BigDecimal reasoning) {

        public Rates {
            input = required(input, "input");
            output = required(output, "output");
            cachedInput = optional(cachedInput, input, "cached-input");
            cacheWrite = optional(cacheWrite, input, "cache-write");
            reasoning = optional(reasoning, output, "reasoning");
        }

        private static BigDecimal required(BigDecimal rate, String name) {
            if (rate == null) {
                throw new IllegalArgumentException("the " + name + " price is missing (USD per million tokens)");
            }
            return checked(rate, name);
        }

        private static BigDecimal optional(BigDecimal rate, BigDecimal base, String name) {
            return rate == null ? base : checked(rate, name);
        }

        private static BigDecimal checked(BigDecimal rate, String name) {
            if (rate.signum() < 0) {
                throw new IllegalArgumentException("the " + name + " price must be 0 or more USD per million tokens, was "
                        + rate.toPlainString());
            }
            return rate;
        }
    }

    /** Every token of a request whose input is above {@code aboveInputTokens} is priced at {@code rates}. */
    public record LongContext(long aboveInputTokens, Rates rates) {

        public LongContext {
            if (aboveInputTokens <= 0) {
                throw new IllegalArgumentException("the long-context threshold must be a positive number of input tokens, was "
                        + aboveInputTokens);
            }
            Objects.requireNonNull(rates, "rates");
        }
    }

    /** The rates that apply to a call of this size. */
    public Rates ratesFor(TokenCounts tokens) {
        return longContext.filter(tier -> tokens.input() > tier.aboveInputTokens()).map(LongContext::rates).orElse(rates);
    }

    /** What the call cost in USD, exactly (rates times tokens, over a million; no rounding). */
    public BigDecimal cost(TokenCounts tokens) {
        Rates applied = ratesFor(tokens);
        BigDecimal perMillion = applied.input().multiply(BigDecimal.valueOf(tokens.uncachedInput()))
                .add(applied.cachedInput().multiply(BigDecimal.valueOf(tokens.cachedInput())))
                .add(applied.cacheWrite().multiply(BigDecimal.valueOf(tokens.cacheWrite())))
                .add(applied.output().multiply(BigDecimal.valueOf(tokens.outputBesidesReasoning())))
                .add(applied.reasoning().multiply(BigDecimal.valueOf(tokens.reasoning())));
        return perMillion.movePointLeft(6);
    }
}
