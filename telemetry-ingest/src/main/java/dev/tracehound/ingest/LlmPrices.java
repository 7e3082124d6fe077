package dev.tracehound.ingest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * USD per million input and output tokens, by model name prefix; the longest matching
 * prefix wins, so {@code gpt-4o-mini} is not priced as {@code gpt-4o}. Configured, since
 * prices change more often than code.
 */
public final class LlmPrices {

    public record Price(double inputPerMillion, double outputPerMillion) {
        public Price {
            if (inputPerMillion < 0 || outputPerMillion < 0) {
                throw new IllegalArgumentException("prices must not be negative");
            }
        }
    }

    private final List<Map.Entry<String, Price>> byLongestPrefix;

    public LlmPrices(Map<String, Price> byModelPrefix) {
        this.byLongestPrefix = byModelPrefix.entrySet().stream()
                .map(e -> Map.entry(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()))
                .sorted(Comparator.comparingInt((Map.Entry<String, Price> e) -> e.getKey().length()).reversed())
                .toList();
    }

    Optional<Double> cost(String model, long inputTokens, long outputTokens) {
        String name = model.toLowerCase(java.util.Locale.ROOT);
        for (var entry : byLongestPrefix) {
            if (name.startsWith(entry.getKey())) {
                Price price = entry.getValue();
                return Optional.of((inputTokens * price.inputPerMillion() + outputTokens * price.outputPerMillion()) / 1e6);
            }
        }
        return Optional.empty();
    }
}
