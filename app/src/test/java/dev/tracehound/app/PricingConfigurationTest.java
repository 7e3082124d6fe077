package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** tracehound.llm-prices over the repository's table, and the removed keys of the old tables refused. */
class PricingConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Parts.class, PricingConfiguration.class);

    @Test
    void withoutOverridesTheRepositoryTablePrices() {
        context.run(app -> {
            ModelPrices prices = app.getBean(ModelPrices.class);
            assertThat(prices.version()).isEqualTo(ModelPrices.builtIn().version());
            assertThat(prices.priceOf("gpt-4o-2024-08-06").orElseThrow().rates().input()).isEqualByComparingTo("2.50");
        });
    }

    @Test
    void anOverrideReplacesAModelsPriceWithCachedReasoningAndLongContextRates() {
        context.withPropertyValues(
                "tracehound.llm-prices.[gpt-4o].input=1.00",
                "tracehound.llm-prices.[gpt-4o].output=4.00",
                "tracehound.llm-prices.[gpt-4o].cached-input=0.25",
                "tracehound.llm-prices.[gpt-4o].reasoning=6.00",
                "tracehound.llm-prices.[my-model.v2].input=1",
                "tracehound.llm-prices.[my-model.v2].output=1",
                "tracehound.llm-prices.[my-model.v2].long-context.above-input-tokens=1000",
                "tracehound.llm-prices.[my-model.v2].long-context.input=3",
                "tracehound.llm-prices.[my-model.v2].long-context.output=3").run(app -> {
            ModelPrices prices = app.getBean(ModelPrices.class);

            // 500k x 1.00 + 500k x 0.25 + 750k x 4.00 + 250k x 6.00, per million.
            assertThat(prices.cost("gpt-4o-2024-08-06", new TokenCounts(1_000_000, 1_000_000, 500_000, 0, 250_000)))
                    .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("5.125"));
            assertThat(prices.cost("my-model.v2", TokenCounts.of(2_000, 0)))
                    .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.006"));
            assertThat(prices.cost("claude-sonnet-4-5", TokenCounts.of(100_000, 0)))
                    .as("models not overridden keep the table's price")
                    .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.3"));
        });
    }

    @Test
    void anOverrideWithoutAnOutputPriceStopsStartUpNamingTheProperty() {
        context.withPropertyValues("tracehound.llm-prices.[gpt-4o].input=1.00").run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).hasStackTraceContaining("tracehound.llm-prices")
                    .hasStackTraceContaining("the output price is missing");
        });
    }

    @Test
    void theRemovedIngestKeyStopsStartUpNamingTheKeyThatReplacedIt() {
        context.withPropertyValues("tracehound.ingest.llm-prices.[gpt-4o].input-per-million=2.50").run(app -> {
            assertThat(app).hasFailed();
            FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(app.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("tracehound.ingest.llm-prices is set")
                    .contains("tracehound.llm-prices.[gpt-4o].input");
        });
    }

    @Test
    void theAgentsRemovedPriceKeyStopsStartUpNamingTheOneTable() {
        context.withPropertyValues("tracehound.agent.prices.[gpt-4o].input=2.50",
                "tracehound.agent.prices.[gpt-4o].output=10.00").run(app -> {
            assertThat(app).hasFailed();
            FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(app.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).startsWith("tracehound.agent.prices is set (in ")
                    .contains("no longer read")
                    .contains("the agent's model calls and LLM spans alike")
                    .contains("tracehound.llm-prices.[gpt-4o].input: 2.50");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LlmPriceProperties.class)
    static class Parts {}
}
