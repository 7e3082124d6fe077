package dev.tracehound.ingest;

import dev.tracehound.analytics.SpanRow.LlmUsage;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * An LLM call's model, tokens and cost from its span's attributes. Names are read in order:
 * the current OpenTelemetry GenAI conventions, the older names instrumentations still send
 * (OpenLLMetry's {@code prompt_tokens}, {@code cache_read_input_tokens}, {@code reasoning_tokens};
 * Sentry's {@code input_tokens.cached}), then OpenInference's {@code llm.*}. Tokens are counted
 * as {@link TokenCounts} counts them (cached tokens part of input, reasoning part of output). A
 * span that sends its own cost ({@code gen_ai.usage.cost}, or OpenInference's
 * {@code llm.cost.total}) keeps it; otherwise the price table prices the call, and an unknown
 * model costs 0.
 */
final class GenAiUsage {

    private static final String[] MODEL = {"gen_ai.response.model", "gen_ai.request.model", "llm.model_name"};
    private static final String[] SYSTEM = {"gen_ai.system", "gen_ai.provider.name", "llm.provider", "llm.system"};
    private static final String[] INPUT = {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens",
            "llm.token_count.prompt"};
    private static final String[] OUTPUT = {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens",
            "llm.token_count.completion"};
    private static final String[] CACHE_READ = {"gen_ai.usage.cache_read.input_tokens",
            "gen_ai.usage.cache_read_input_tokens", "gen_ai.usage.input_tokens.cached",
            "llm.token_count.prompt_details.cache_read"};
    private static final String[] CACHE_WRITE = {"gen_ai.usage.cache_creation.input_tokens",
            "gen_ai.usage.cache_creation_input_tokens", "gen_ai.usage.input_tokens.cache_write",
            "llm.token_count.prompt_details.cache_write"};
    private static final String[] REASONING = {"gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens",
            "gen_ai.usage.output_tokens.reasoning", "llm.token_count.completion_details.reasoning"};
    private static final String[] COST = {"gen_ai.usage.cost", "llm.cost.total"};

    /** No call has this many tokens; the cap keeps sums of sent counts from overflowing. */
    private static final long MAX_TOKENS = 1L << 52;

    private final ModelPrices prices;

    GenAiUsage(ModelPrices prices) {
        this.prices = prices;
    }

    LlmUsage read(Map<String, String> attributes) {
        String model = first(attributes, MODEL);
        String input = first(attributes, INPUT);
        String output = first(attributes, OUTPUT);
        if (model.isEmpty() && input.isEmpty() && output.isEmpty()) {
            return LlmUsage.NONE;
        }
        TokenCounts tokens = tokens(count(input), count(output), count(first(attributes, CACHE_READ)),
                count(first(attributes, CACHE_WRITE)), count(first(attributes, REASONING)));
        double cost = givenCost(first(attributes, COST))
                .orElseGet(() -> prices.cost(model, tokens).map(BigDecimal::doubleValue).orElse(0.0));
        return new LlmUsage(first(attributes, SYSTEM), model, tokens.input(), tokens.output(), tokens.cachedInput(),
                tokens.cacheWrite(), tokens.reasoning(), cost);
    }

    /**
     * The conventions count cache reads and writes inside input and reasoning inside output.
     * Counts that cannot be parts of their totals were sent the other way (Anthropic's input,
     * Gemini's output), so they are added to the total instead of dropped.
     */
    private static TokenCounts tokens(long input, long output, long cacheRead, long cacheWrite, long reasoning) {
        long allInput = cacheRead + cacheWrite > input ? input + cacheRead + cacheWrite : input;
        long allOutput = reasoning > output ? output + reasoning : output;
        return new TokenCounts(allInput, allOutput, cacheRead, cacheWrite, reasoning);
    }

    private static String first(Map<String, String> attributes, String... keys) {
        for (String key : keys) {
            String value = attributes.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    private static long count(String text) {
        try {
            double value = text.isEmpty() ? 0 : Double.parseDouble(text);
            return Double.isFinite(value) ? (long) Math.min(Math.max(0, value), MAX_TOKENS) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Double> givenCost(String text) {
        try {
            double cost = Double.parseDouble(text);
            return Double.isFinite(cost) && cost >= 0 ? Optional.of(cost) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
