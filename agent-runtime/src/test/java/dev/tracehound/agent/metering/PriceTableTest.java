package dev.tracehound.agent.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.agent.offline.OfflineInvestigator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private final PriceTable prices = PriceTable.defaults();

    @Test
    void costIsTokensTimesThePricePerMillionInMicroDollars() {
        // gpt-4o: $2.50 in, $10.00 out per million: 1,000 in = 2,500 micros, 500 out = 5,000 micros.
        assertThat(prices.cost("gpt-4o", 1_000, 500)).isEqualTo(new PriceTable.Cost(7_500, true));
        assertThat(prices.cost("gpt-4o", 1_000_000, 1_000_000)).isEqualTo(new PriceTable.Cost(12_500_000, true));
        // gpt-4o-mini: $0.15 in: 3 tokens are 0.45 micros, rounded to 0; 7 tokens are 1.05, rounded to 1.
        assertThat(prices.cost("gpt-4o-mini", 3, 0).micros()).isZero();
        assertThat(prices.cost("gpt-4o-mini", 7, 0).micros()).isEqualTo(1);
    }

    @Test
    void versionedNamesTakeThePriceOfTheLongestKnownNameTheyStartWith() {
        assertThat(prices.priceOf("gpt-4o-mini-2024-07-18")).isEqualTo(prices.priceOf("gpt-4o-mini"));
        assertThat(prices.priceOf("gpt-4o-2024-08-06")).isEqualTo(prices.priceOf("gpt-4o"));
        assertThat(prices.priceOf("GPT-4o-Mini")).isEqualTo(prices.priceOf("gpt-4o-mini"));
        assertThat(prices.priceOf("claude-sonnet-4-20250514")).isEqualTo(prices.priceOf("claude-sonnet-4"));
        assertThat(prices.priceOf("claude-opus-4-5-20251101")).isEqualTo(prices.priceOf("claude-opus-4-5"));
        assertThat(prices.priceOf("claude-opus-4-5-20251101")).isNotEqualTo(prices.priceOf("claude-opus-4"));
        assertThat(prices.priceOf("gpt-4oo")).as("a longer word is another model").isEmpty();
    }

    @Test
    void anUnknownModelCostsNothingAndIsMarkedUnpriced() {
        assertThat(prices.cost("llama3:8b", 10_000, 10_000)).isEqualTo(new PriceTable.Cost(0, false));
        assertThat(prices.cost("", 1, 1).priced()).isFalse();
    }

    @Test
    void theOfflineInvestigatorIsPricedAtZero() {
        assertThat(prices.cost(OfflineInvestigator.MODEL_NAME, 50_000, 5_000)).isEqualTo(new PriceTable.Cost(0, true));
    }

    @Test
    void configuredPricesAddToAndReplaceTheDefaults() {
        PriceTable configured = prices.with(Map.of(
                "llama3", PriceTable.ModelPrice.of("0.10", "0.20"),
                "GPT-4o", PriceTable.ModelPrice.of("1", "2")));

        assertThat(configured.cost("llama3:8b", 1_000_000, 1_000_000)).isEqualTo(new PriceTable.Cost(300_000, true));
        assertThat(configured.cost("gpt-4o", 1_000_000, 0).micros()).isEqualTo(1_000_000);
        assertThat(configured.cost("gpt-4o-mini", 1_000_000, 0).micros()).isEqualTo(150_000);
        assertThat(prices.cost("gpt-4o", 1_000_000, 0).micros()).as("the defaults are unchanged").isEqualTo(2_500_000);
    }

    @Test
    void badPricesAndCountsAreRefused() {
        assertThatThrownBy(() -> PriceTable.ModelPrice.of("-1", "0")).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> new PriceTable(Map.of(" ", PriceTable.ModelPrice.of("1", "1"))))
                .hasMessageContaining("needs a model name");
        assertThatThrownBy(() -> prices.cost("gpt-4o", -1, 0)).hasMessageContaining("cannot be negative");
    }
}
