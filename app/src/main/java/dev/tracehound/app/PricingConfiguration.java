package dev.tracehound.app;

import dev.tracehound.platform.pricing.ModelPrices;
import java.util.List;
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

/** The one LLM price table, with the deployment's overrides, for ingest enrichment and the agent's metering. */
@Configuration(proxyBeanMethods = false)
class PricingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PricingConfiguration.class);

    static final String REMOVED_INGEST_KEY = "tracehound.ingest.llm-prices";
    static final String REMOVED_AGENT_KEY = "tracehound.agent.prices";

    /** A key of an old price table, and how to move its entries. */
    private record RemovedKey(String key, String howToMove) {}

    /**
     * Neither old table is mapped over: the ingest table's rates had another shape and both were
     * matched differently, so a silent mapping could price calls unlike before.
     */
    private static final List<RemovedKey> REMOVED_KEYS = List.of(
            new RemovedKey(REMOVED_INGEST_KEY, "e.g. tracehound.llm-prices.[gpt-4o].input: 2.50 and .output: 10.00 "
                    + "(USD per million tokens; input-per-million becomes input, output-per-million becomes output; "
                    + "cached-input and reasoning may be given too)"),
            new RemovedKey(REMOVED_AGENT_KEY, "which prices the agent's model calls and LLM spans alike, e.g. "
                    + "tracehound.llm-prices.[gpt-4o].input: 2.50 and .output: 10.00 (USD per million tokens, input "
                    + "and output as before; cached-input and reasoning may be given too)"));

    @Bean
    ModelPrices modelPrices(LlmPriceProperties properties, Environment environment) {
        refuseRemovedKeys(environment);
        ModelPrices prices = ModelPrices.builtIn().withOverrides(properties.overrides());
        log.info("LLM prices: table {} with {} override(s) from tracehound.llm-prices", prices.version(),
                properties.llmPrices().size());
        return prices;
    }

    private static void refuseRemovedKeys(Environment environment) {
        for (RemovedKey removed : REMOVED_KEYS) {
            var property = ConfigurationPropertyName.of(removed.key());
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                if (source.containsDescendantOf(property) == ConfigurationPropertyState.PRESENT) {
                    throw new RemovedSettingException(removed.key() + " is set (in " + name(source) + ") but no longer "
                            + "read: LLM prices are one table now, overridden under tracehound.llm-prices, "
                            + removed.howToMove());
                }
            }
        }
    }

    private static String name(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> named ? named.getName() : "the configuration";
    }
}
