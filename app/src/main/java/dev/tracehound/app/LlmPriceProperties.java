package dev.tracehound.app;

import dev.tracehound.platform.pricing.ModelPrice;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Overrides of the LLM price table ({@code pricing/llm-prices.json} in the platform module), by
 * model name: {@code tracehound.llm-prices.[gpt-4o].input: 2.50}. Rates are USD per million
 * tokens. An override replaces the model's whole price: give {@code input} and {@code output};
 * {@code cached-input} and {@code cache-write} default to input, {@code reasoning} to output.
 *
 * @param llmPrices the overrides, keyed by model name (brackets keep dots in a key)
 */
@ConfigurationProperties("tracehound")
record LlmPriceProperties(Map<String, Price> llmPrices) {

    LlmPriceProperties {
        llmPrices = llmPrices == null ? Map.of() : Map.copyOf(llmPrices);
    }

    /** @param longContext the rates for requests whose input is above {@code above-input-tokens} */
    record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite,
            BigDecimal reasoning, LongContext longContext) {

        Price {
            // Checked here, so a bad override fails binding with its property name.
            toModelPrice(input, output, cachedInput, cacheWrite, reasoning, longContext);
        }

        ModelPrice toModelPrice() {
            return toModelPrice(input, output, cachedInput, cacheWrite, reasoning, longContext);
        }

        private static ModelPrice toModelPrice(BigDecimal input, BigDecimal output, BigDecimal cachedInput,
                BigDecimal cacheWrite, BigDecimal reasoning, LongContext longContext) {
            return new ModelPrice(new ModelPrice.Rates(input, output, cachedInput, cacheWrite, reasoning),
                    Optional.ofNullable(longContext).map(LongContext::toLongContext));
        }
    }

    record LongContext(Long aboveInputTokens, BigDecimal input, BigDecimal output, BigDecimal cachedInput,
            BigDecimal cacheWrite, BigDecimal reasoning) {

        ModelPrice.LongContext toLongContext() {
            if (aboveInputTokens == null) {
                throw new IllegalArgumentException("long-context needs above-input-tokens");
            }
            return new ModelPrice.LongContext(aboveInputTokens,
                    new ModelPrice.Rates(input, output, cachedInput, cacheWrite, reasoning));
        }
    }

    Map<String, ModelPrice> overrides() {
        var overrides = new LinkedHashMap<String, ModelPrice>();
        llmPrices.forEach((model, price) -> overrides.put(model, price.toModelPrice()));
        return overrides;
    }
}
