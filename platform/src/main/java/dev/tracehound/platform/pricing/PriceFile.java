package dev.tracehound.platform.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The price table's file as written in the repository ({@code pricing/llm-prices.json}): a
 * version, the rules in words, and families of models, each with where its prices come from.
 */
record PriceFile(String version, String updated, String currency, String unit, List<String> rules,
        List<String> stripPrefixes, List<Family> families) {

    static final String BUILT_IN = "/pricing/llm-prices.json";

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // A misspelt rate ("cached_inptu") must fail loudly, not price at the input rate.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    record Family(String family, String source, Boolean estimate, String note, List<Model> models) {}

    record Model(String name, List<String> aliases, BigDecimal input, BigDecimal output, BigDecimal cachedInput,
            BigDecimal cacheWrite, BigDecimal reasoning, Boolean estimate, String note, Tier longContext) {}

    record Tier(Long aboveInputTokens, BigDecimal input, BigDecimal output, BigDecimal cachedInput,
            BigDecimal cacheWrite, BigDecimal reasoning) {}

    /** A price and the names (aliases first-class) it is known by. */
    record Named(String name, List<String> aliases, ModelPrice price) {}

    static PriceFile read(InputStream json, String where) {
        PriceFile file;
        try (json) {
            file = JSON.readValue(json, PriceFile.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("the LLM price table " + where + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the LLM price table " + where, e);
        }
        if (file == null || file.version() == null || file.version().isBlank()) {
            throw new IllegalStateException("the LLM price table " + where + " has no version");
        }
        if (file.families() == null || file.families().isEmpty()) {
            throw new IllegalStateException("the LLM price table " + where + " lists no model families");
        }
        return file;
    }

    static PriceFile builtIn() {
        InputStream json = PriceFile.class.getResourceAsStream(BUILT_IN);
        if (json == null) {
            throw new IllegalStateException("the LLM price table " + BUILT_IN + " is missing from the platform jar");
        }
        return read(json, BUILT_IN);
    }

    List<String> prefixesToStrip() {
        return stripPrefixes == null ? List.of() : stripPrefixes;
    }

    /** Every model with its price, in file order; a model that cannot be priced names itself. */
    List<Named> models(String where) {
        var models = new ArrayList<Named>();
        for (Family family : families) {
            for (Model model : family.models() == null ? List.<Model>of() : family.models()) {
                if (model.name() == null || model.name().isBlank()) {
                    throw new IllegalStateException("the LLM price table " + where + " has a model without a name in "
                            + family.family());
                }
                try {
                    models.add(new Named(model.name(), model.aliases() == null ? List.of() : model.aliases(),
                            new ModelPrice(new ModelPrice.Rates(model.input(), model.output(), model.cachedInput(),
                                    model.cacheWrite(), model.reasoning()), tier(model.longContext()))));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("the LLM price table " + where + ": " + model.name() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(models);
    }

    private static Optional<ModelPrice.LongContext> tier(Tier tier) {
        if (tier == null) {
            return Optional.empty();
        }
        if (tier.aboveInputTokens() == null) {
            throw new IllegalArgumentException("long_context needs above_input_tokens");
        }
        return Optional.of(new ModelPrice.LongContext(tier.aboveInputTokens(), new ModelPrice.Rates(tier.input(),
                tier.output(), tier.cachedInput(), tier.cacheWrite(), tier.reasoning())));
    }
}
