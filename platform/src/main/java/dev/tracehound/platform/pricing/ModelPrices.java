package dev.tracehound.platform.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What LLM calls cost, in USD: the one price table of the product, read from the repository's
 * {@code pricing/llm-prices.json} and overridable by configuration. Ingest enrichment, the
 * agent's metering and the demo data all price with it, so one call costs the same everywhere.
 *
 * <p>Model names match ignoring case, after a provider path ({@code openai/},
 * {@code models/}) and the file's {@code strip_prefixes} ({@code us.anthropic.}) are removed:
 * first the exact name or alias, then the longest known name the model starts with followed
 * by {@code -}, {@code :}, {@code @} or {@code [}, so dated snapshots such as
 * {@code gpt-4o-2024-08-06} or {@code claude-sonnet-4-5-20250929} take their family's price.
 * Token counts follow {@link TokenCounts}' convention; arithmetic is exact {@link BigDecimal}.
 */
public final class ModelPrices {

    private static final String SEPARATORS = "-:@[";

    private final String version;
    private final List<String> stripPrefixes;
    private final Map<String, ModelPrice> byName;
    private final Map<String, String> aliasToName;
    private final List<String> longestFirst;

    private ModelPrices(String version, List<String> stripPrefixes, Map<String, ModelPrice> byName,
            Map<String, String> aliasToName) {
        this.version = version;
        this.stripPrefixes = stripPrefixes;
        this.byName = Map.copyOf(byName);
        this.aliasToName = Map.copyOf(aliasToName);
        var known = new ArrayList<String>(new HashSet<>(byName.keySet()));
        aliasToName.keySet().stream().filter(alias -> !byName.containsKey(alias)).forEach(known::add);
        known.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        this.longestFirst = List.copyOf(known);
    }

    private static final class BuiltIn {
        static final ModelPrices TABLE = from(PriceFile.builtIn(), PriceFile.BUILT_IN);
    }

    /** The table in the repository, as released with this version of the service. */
    public static ModelPrices builtIn() {
        return BuiltIn.TABLE;
    }

    static ModelPrices from(PriceFile file, String where) {
        List<String> prefixes = file.prefixesToStrip().stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).toList();
        Map<String, ModelPrice> byName = new HashMap<>();
        Map<String, String> aliases = new HashMap<>();
        for (PriceFile.Named model : file.models(where)) {
            String name = normalise(model.name(), prefixes);
            if (byName.put(name, model.price()) != null) {
                throw new IllegalStateException("the LLM price table " + where + " lists " + name + " twice");
            }
            for (String alias : model.aliases()) {
                String normalised = normalise(alias, prefixes);
                if (aliases.put(normalised, name) != null) {
                    throw new IllegalStateException("the LLM price table " + where + " gives the alias " + normalised
                            + " to two models");
                }
            }
        }
        for (String alias : aliases.keySet()) {
            if (byName.containsKey(alias)) {
                throw new IllegalStateException("the LLM price table " + where + " has " + alias
                        + " both as a model and as an alias of " + aliases.get(alias));
            }
        }
        return new ModelPrices(file.version(), prefixes, byName, aliases);
    }

    /**
     * This table with some models' prices added or replaced, e.g. from {@code tracehound.llm-prices}.
     * An override replaces a model's whole price; names are matched as {@link #priceOf} does.
     */
    public ModelPrices withOverrides(Map<String, ModelPrice> overrides) {
        Map<String, ModelPrice> merged = new HashMap<>(byName);
        overrides.forEach((model, price) -> {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("an LLM price override needs a model name");
            }
            if (price == null) {
                throw new IllegalArgumentException("the LLM price override for " + model + " has no prices");
            }
            merged.put(normalise(model, stripPrefixes), price);
        });
        return new ModelPrices(version, stripPrefixes, merged, aliasToName);
    }

    /** The {@code version} of the file this table was read from. */
    public String version() {
        return version;
    }

    /** The price of a model by its name as a provider or an instrumentation reports it; empty if unknown. */
    public Optional<ModelPrice> priceOf(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String name = normalise(model, stripPrefixes);
        ModelPrice exact = byName.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String alias = aliasToName.get(name);
        if (alias != null) {
            return Optional.of(byName.get(alias));
        }
        for (String known : longestFirst) {
            if (name.length() > known.length() && name.startsWith(known)
                    && SEPARATORS.indexOf(name.charAt(known.length())) >= 0) {
                ModelPrice direct = byName.get(known);
                return Optional.of(direct != null ? direct : byName.get(aliasToName.get(known)));
            }
        }
        return Optional.empty();
    }

    /** What a call cost in USD, exactly; empty when the model's price is unknown. */
    public Optional<BigDecimal> cost(String model, TokenCounts tokens) {
        return priceOf(model).map(price -> price.cost(tokens));
    }

    private static String normalise(String model, List<String> stripPrefixes) {
        String name = model.strip().toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('/') + 1);
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : stripPrefixes) {
                if (name.length() > prefix.length() && name.startsWith(prefix)) {
                    name = name.substring(prefix.length());
                    stripped = true;
                }
            }
        }
        return name;
    }
}
