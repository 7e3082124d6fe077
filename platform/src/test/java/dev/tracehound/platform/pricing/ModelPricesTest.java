package dev.tracehound.platform.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelPricesTest {

    private final ModelPrices prices = ModelPrices.builtIn();

    @Test
    void theRepositoryTableHasAVersionAndPricesTheCurrentFamiliesByTheirProvidersIds() {
        assertThat(prices.version()).isNotBlank();
        List<String> ids = List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o1", "o3", "o3-mini",
                "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano", "claude-3-5-sonnet-20241022", "claude-3-7-sonnet-20250219",
                "claude-sonnet-4-20250514", "claude-sonnet-4-5-20250929", "claude-opus-4-20250514",
                "claude-opus-4-1-20250805", "claude-3-5-haiku-20241022", "claude-haiku-4-5-20251001", "gemini-1.5-pro-002",
                "gemini-1.5-flash", "gemini-2.0-flash-001", "gemini-2.0-flash-lite", "gemini-2.5-pro", "gemini-2.5-flash",
                "gemini-2.5-flash-lite", "llama-3.3-70b-versatile", "meta-llama/Llama-3.1-8B-Instruct-Turbo",
                "mistral-large-latest", "open-mixtral-8x7b", "mistralai/Mixtral-8x7B-Instruct-v0.1",
                "Qwen/Qwen2.5-72B-Instruct-Turbo", "deepseek-chat", "deepseek-reasoner", "deepseek-ai/DeepSeek-V3",
                "deepseek-ai/DeepSeek-R1", "text-embedding-3-small", "offline-investigator");
        assertThat(ids).allSatisfy(id -> assertThat(prices.priceOf(id)).as(id).isPresent());
    }

    @Test
    void aDatedSnapshotTakesItsFamilysPriceAndTheLongestKnownNameWins() {
        assertThat(input("gpt-4o-2024-08-06")).isEqualByComparingTo("2.50");
        assertThat(input("gpt-4o-mini-2024-07-18")).isEqualByComparingTo("0.15");
        assertThat(input("claude-sonnet-4-5-20250929")).isEqualByComparingTo("3.00");
        assertThat(input("claude-opus-4-5-20251101")).isEqualByComparingTo("5.00");
        assertThat(input("claude-opus-4-20250514")).isEqualByComparingTo("15.00");
        assertThat(input("claude-3-5-sonnet-v2@20241022")).isEqualByComparingTo("3.00");
        assertThat(input("gemini-2.5-flash-lite-preview-06-17")).isEqualByComparingTo("0.10");
    }

    @Test
    void anExactNameBeatsItsFamily() {
        assertThat(input("gpt-4o-2024-05-13")).isEqualByComparingTo("5.00");
        assertThat(input("gemini-2.5-flash-preview-04-17")).isEqualByComparingTo("0.15");
    }

    @Test
    void namesMatchIgnoringCaseProviderPathsAndBedrockPrefixes() {
        assertThat(input("OpenAI/GPT-4o")).isEqualByComparingTo("2.50");
        assertThat(input("models/gemini-2.5-pro")).isEqualByComparingTo("1.25");
        assertThat(input("us.anthropic.claude-sonnet-4-20250514-v1:0")).isEqualByComparingTo("3.00");
        assertThat(input("anthropic/claude-sonnet-4.5")).isEqualByComparingTo("3.00");
        assertThat(input("claude-sonnet-4-5[1m]")).isEqualByComparingTo("3.00");
    }

    @Test
    void aPrefixOnlyMatchesUpToASeparatorSoANeighbouringModelIsNotMistakenForIt() {
        assertThat(input("gpt-4.5-preview")).isEqualByComparingTo("75.00");
        assertThat(prices.priceOf("gpt-4.7")).isEmpty();
        assertThat(prices.priceOf("o3x")).isEmpty();
        assertThat(prices.priceOf("my-local-model")).isEmpty();
        assertThat(prices.priceOf("")).isEmpty();
        assertThat(prices.priceOf(null)).isEmpty();
        assertThat(prices.cost("my-local-model", TokenCounts.of(10, 10))).isEmpty();
    }

    @Test
    void openAiCachedTokensArePricedAtTheCachedRateAndReasoningAsOutput() {
        // prompt_tokens 10,000 of which 4,000 cached; completion_tokens 2,000 of which 500 reasoning.
        var tokens = TokenCounts.fromOpenAi(10_000, 2_000, 4_000, 500);

        // 6,000 x 2.50 + 4,000 x 1.25 + 2,000 x 10.00 = 40,000 per million.
        assertThat(prices.cost("gpt-4o-2024-08-06", tokens)).hasValueSatisfying(
                usd -> assertThat(usd).isEqualByComparingTo("0.04"));
    }

    @Test
    void anthropicCacheReadsAndWritesAreAddedToInputAndPricedAtTheirRates() {
        // input_tokens 1,000 after the cache; 20,000 read from it, 2,000 written to it; 500 out.
        var tokens = TokenCounts.fromAnthropic(1_000, 500, 20_000, 2_000);
        assertThat(tokens.input()).isEqualTo(23_000);

        // 1,000 x 3.00 + 20,000 x 0.30 + 2,000 x 3.75 + 500 x 15.00 = 24,000 per million.
        assertThat(prices.cost("claude-sonnet-4-5-20250929", tokens)).hasValueSatisfying(
                usd -> assertThat(usd).isEqualByComparingTo("0.024"));
    }

    @Test
    void reasoningIsPricedApartWhereTheProviderBillsItApart() {
        // Gemini leaves thoughts out of candidatesTokenCount: 200 visible + 800 thinking.
        var tokens = TokenCounts.fromGemini(1_000, 200, 0, 800);
        assertThat(tokens.output()).isEqualTo(1_000);

        // 1,000 x 0.15 + 200 x 0.60 + 800 x 3.50 = 3,070 per million.
        assertThat(prices.cost("gemini-2.5-flash-preview-04-17", tokens)).hasValueSatisfying(
                usd -> assertThat(usd).isEqualByComparingTo("0.00307"));
    }

    @Test
    void aRateTheTableLeavesOutTakesItsBase() {
        // Llama has no cache discount and no separate reasoning price.
        var tokens = new TokenCounts(1_000, 1_000, 400, 0, 300);

        assertThat(prices.cost("llama-3.3-70b", tokens)).hasValueSatisfying(
                usd -> assertThat(usd).isEqualByComparingTo("0.00176"));
    }

    @Test
    void aLongPromptIsPricedWholeAtTheLongContextRates() {
        var longPrompt = TokenCounts.fromOpenAi(250_000, 1_000, 50_000, 0);
        var atTheLimit = TokenCounts.fromOpenAi(200_000, 1_000, 0, 0);

        // 200,000 x 2.50 + 50,000 x 0.25 + 1,000 x 15.00 = 527,500 per million.
        assertThat(prices.cost("gemini-2.5-pro", longPrompt)).hasValueSatisfying(
                usd -> assertThat(usd).isEqualByComparingTo("0.5275"));
        // 200,000 x 1.25 + 1,000 x 10.00 = 260,000 per million.
        assertThat(prices.cost("gemini-2.5-pro", atTheLimit)).hasValueSatisfying(
                usd -> assertThat(usd).isEqualByComparingTo("0.26"));
    }

    @Test
    void costsAreExactDecimalsWithoutFloatingPointDrift() {
        var tokens = TokenCounts.of(1, 1);

        // In doubles 0.05 / 1e6 + 0.40 / 1e6 is not 4.5e-7; in decimals it is.
        assertThat(prices.cost("gpt-5-nano", tokens)).hasValueSatisfying(usd -> {
            assertThat(usd).isEqualByComparingTo("0.00000045");
            assertThat(usd.doubleValue()).isEqualTo(4.5e-7);
        });
    }

    @Test
    void anOverrideReplacesAModelsWholePriceForItsSnapshotsAndAliasesToo() {
        ModelPrices overridden = prices.withOverrides(Map.of(
                "gpt-4o", ModelPrice.of("1", "2"),
                "Claude-Sonnet-4-5", ModelPrice.of("4", "20"),
                "my-finetune", ModelPrice.of("0.5", "0.5")));

        assertThat(overridden.cost("gpt-4o-2024-08-06", TokenCounts.fromOpenAi(1_000_000, 0, 500_000, 0)))
                .as("the override has no cached rate, so cached tokens cost the input rate")
                .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("1"));
        assertThat(overridden.priceOf("anthropic/claude-sonnet-4.5").orElseThrow().rates().input())
                .isEqualByComparingTo("4");
        assertThat(overridden.priceOf("my-finetune-v2").orElseThrow().rates().output()).isEqualByComparingTo("0.5");
        assertThat(overridden.version()).isEqualTo(prices.version());
        assertThat(input("gpt-4o")).as("the built-in table is unchanged").isEqualByComparingTo("2.50");
    }

    @Test
    void tokenCountsRefuseCachedOrReasoningTokensOutsideTheirTotalsNamingTheFix() {
        assertThatThrownBy(() -> new TokenCounts(100, 10, 200, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part of input").hasMessageContaining("fromAnthropic");
        assertThatThrownBy(() -> new TokenCounts(100, 10, 0, 0, 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part of output").hasMessageContaining("fromGemini");
        assertThatThrownBy(() -> TokenCounts.of(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void aNegativeOrMissingRateIsRefusedNamingIt() {
        assertThatThrownBy(() -> ModelPrice.of("-1", "2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input price must be 0 or more");
        assertThatThrownBy(() -> new ModelPrice.Rates(BigDecimal.ONE, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output price is missing");
    }

    @Test
    void aFileWithAMisspeltRateAModelWithoutAPriceOrAnAliasUsedTwiceIsRefused() {
        assertThatThrownBy(() -> read("""
                {"version": "t", "families": [{"family": "f", "models": [
                  {"name": "m", "input": 1, "output": 2, "cached_inptu": 0.5}]}]}"""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cached_inptu");
        assertThatThrownBy(() -> read("""
                {"version": "t", "families": [{"family": "f", "models": [{"name": "m", "input": 1}]}]}"""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("m: the output price is missing");
        assertThatThrownBy(() -> read("""
                {"version": "t", "families": [{"family": "f", "models": [
                  {"name": "a", "aliases": ["x"], "input": 1, "output": 2},
                  {"name": "b", "aliases": ["X"], "input": 1, "output": 2}]}]}"""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("alias x to two models");
        assertThatThrownBy(() -> read("""
                {"families": [{"family": "f", "models": [{"name": "m", "input": 1, "output": 2}]}]}"""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no version");
    }

    private BigDecimal input(String model) {
        return prices.priceOf(model).orElseThrow(() -> new AssertionError("no price for " + model)).rates().input();
    }

    private static ModelPrices read(String json) {
        return ModelPrices.from(PriceFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test"),
                "test");
    }
}
