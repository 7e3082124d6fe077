package dev.tracehound.agent.metering;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What model calls cost, in USD per million input and output tokens, by model name. A name
 * the provider versions ({@code gpt-4o-mini-2024-07-18}, {@code claude-sonnet-4-20250514},
 * {@code llama3:8b}) takes the price of the longest known name it starts with, followed by
 * {@code -}, {@code :} or {@code @}. Names are compared ignoring case. A model the table does
 * not know costs 0 and is marked unpriced.
 */
public final class PriceTable {

    /** Prices per million tokens in USD. */
    public record ModelPrice(BigDecimal inputUsdPerMillion, BigDecimal outputUsdPerMillion) {

        public ModelPrice {
            if (inputUsdPerMillion == null || outputUsdPerMillion == null || inputUsdPerMillion.signum() < 0
                    || outputUsdPerMillion.signum() < 0) {
                throw new IllegalArgumentException("model prices must be 0 or more USD per million tokens, were "
                        + inputUsdPerMillion + " and " + outputUsdPerMillion);
            }
        }

        public static ModelPrice of(String inputUsdPerMillion, String outputUsdPerMillion) {
            return new ModelPrice(new BigDecimal(inputUsdPerMillion), new BigDecimal(outputUsdPerMillion));
        }
    }

    /** A call's cost in micro-dollars; {@code priced} is false when the model's price is unknown. */
    public record Cost(long micros, boolean priced) {}

    // List prices when this table was written; deployments override them in configuration.
    private static final Map<String, ModelPrice> DEFAULTS = Map.ofEntries(
            // The built-in offline investigator (OfflineInvestigator.MODEL_NAME) runs here and costs nothing.
            Map.entry("offline-investigator", ModelPrice.of("0", "0")),
            Map.entry("gpt-4o", ModelPrice.of("2.50", "10.00")),
            Map.entry("gpt-4o-mini", ModelPrice.of("0.15", "0.60")),
            Map.entry("gpt-4.1", ModelPrice.of("2.00", "8.00")),
            Map.entry("gpt-4.1-mini", ModelPrice.of("0.40", "1.60")),
            Map.entry("gpt-4.1-nano", ModelPrice.of("0.10", "0.40")),
            Map.entry("gpt-5", ModelPrice.of("1.25", "10.00")),
            Map.entry("gpt-5-mini", ModelPrice.of("0.25", "2.00")),
            Map.entry("gpt-5-nano", ModelPrice.of("0.05", "0.40")),
            Map.entry("o3", ModelPrice.of("2.00", "8.00")),
            Map.entry("o3-mini", ModelPrice.of("1.10", "4.40")),
            Map.entry("o4-mini", ModelPrice.of("1.10", "4.40")),
            Map.entry("claude-3-5-haiku", ModelPrice.of("0.80", "4.00")),
            Map.entry("claude-3-5-sonnet", ModelPrice.of("3.00", "15.00")),
            Map.entry("claude-3-7-sonnet", ModelPrice.of("3.00", "15.00")),
            Map.entry("claude-sonnet-4", ModelPrice.of("3.00", "15.00")),
            Map.entry("claude-sonnet-4-5", ModelPrice.of("3.00", "15.00")),
            Map.entry("claude-haiku-4-5", ModelPrice.of("1.00", "5.00")),
            Map.entry("claude-opus-4", ModelPrice.of("15.00", "75.00")),
            Map.entry("claude-opus-4-1", ModelPrice.of("15.00", "75.00")),
            Map.entry("claude-opus-4-5", ModelPrice.of("5.00", "25.00")));

    private final Map<String, ModelPrice> prices;

    public PriceTable(Map<String, ModelPrice> prices) {
        Map<String, ModelPrice> normalised = new HashMap<>();
        prices.forEach((model, price) -> {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("a price table entry needs a model name");
            }
            normalised.put(model.strip().toLowerCase(Locale.ROOT), Objects.requireNonNull(price, model));
        });
        this.prices = Map.copyOf(normalised);
    }

    /** Prices of a few well-known OpenAI and Anthropic models, and the offline investigator's (0). */
    public static PriceTable defaults() {
        return new PriceTable(DEFAULTS);
    }

    /** This table with some prices added or replaced, e.g. from configuration. */
    public PriceTable with(Map<String, ModelPrice> overrides) {
        Map<String, ModelPrice> merged = new HashMap<>(prices);
        merged.putAll(new PriceTable(overrides).prices);
        return new PriceTable(merged);
    }

    public Optional<ModelPrice> priceOf(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String name = model.strip().toLowerCase(Locale.ROOT);
        ModelPrice exact = prices.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String known : prices.keySet()) {
            if (name.length() > known.length() && name.startsWith(known) && "-:@".indexOf(name.charAt(known.length())) >= 0
                    && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return Optional.ofNullable(best).map(prices::get);
    }

    public Cost cost(String model, long inputTokens, long outputTokens) {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative: " + inputTokens + ", " + outputTokens);
        }
        return priceOf(model)
                // USD per million tokens times tokens is micro-dollars.
                .map(price -> new Cost(price.inputUsdPerMillion().multiply(BigDecimal.valueOf(inputTokens))
                        .add(price.outputUsdPerMillion().multiply(BigDecimal.valueOf(outputTokens)))
                        .setScale(0, RoundingMode.HALF_UP)
                        .longValueExact(), true))
                .orElse(new Cost(0, false));
    }
}
