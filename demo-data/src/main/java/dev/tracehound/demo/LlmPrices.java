package dev.tracehound.demo;

import java.util.Map;

/** List prices in USD per million tokens for the models the recommendation service calls. */
final class LlmPrices {

    private record Price(double inputPerMillion, double outputPerMillion) {
    }

    private static final Map<String, Price> BY_REQUEST_MODEL = Map.of(
            "gpt-4o-mini", new Price(0.15, 0.60),
            "claude-3-5-haiku-latest", new Price(0.80, 4.00),
            "text-embedding-3-small", new Price(0.02, 0));

    private LlmPrices() {
    }

    static double costUsd(String requestModel, long inputTokens, long outputTokens) {
        Price price = BY_REQUEST_MODEL.get(requestModel);
        if (price == null) {
            throw new IllegalArgumentException("no price for model " + requestModel);
        }
        return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
    }
}
