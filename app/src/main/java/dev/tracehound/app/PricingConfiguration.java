package dev.tracehound.app;

import dev.tracehound.platform.pricing.ModelPrices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/** The one LLM price table, with the deployment's overrides, for ingest enrichment (and the agent's metering next). */
@Configuration(proxyBeanMethods = false)
class PricingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PricingConfiguration.class);

    static final String REMOVED_INGEST_KEY = "tracehound.ingest.llm-prices";

    @Bean
    ModelPrices modelPrices(LlmPriceProperties properties, Environment environment) {
        refuseRemovedKey(environment);
        ModelPrices prices = ModelPrices.builtIn().withOverrides(properties.overrides());
        log.info("LLM prices: table {} with {} override(s) from tracehound.llm-prices", prices.version(),
                properties.llmPrices().size());
        return prices;
    }

    /**
     * The old ingest-only table is not mapped over: its rates had another shape and were
     * matched differently, so a silent mapping could price calls unlike before.
     */
    private static void refuseRemovedKey(Environment environment) {
        var removed = ConfigurationPropertyName.of(REMOVED_INGEST_KEY);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.containsDescendantOf(removed) == ConfigurationPropertyState.PRESENT) {
                throw new RemovedSettingException(REMOVED_INGEST_KEY + " is set (in " + name(source)
                        + ") but no longer read: LLM prices are one table now, overridden under tracehound.llm-prices, "
                        + "e.g. tracehound.llm-prices.[gpt-4o].input: 2.50 and .output: 10.00 (USD per million tokens; "
                        + "input-per-million becomes input, output-per-million becomes output; cached-input and "
                        + "reasoning may be given too)");
            }
        }
    }

    private static String name(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> named ? named.getName() : "the configuration";
    }
}
