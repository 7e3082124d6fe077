package dev.tracehound.agent.model;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * How to reach a chat model provider.
 *
 * @param provider       which client to build
 * @param baseUrl        the provider's API root; for OpenAI-compatible servers it ends in {@code /v1};
 *                       null for the provider's public endpoint
 * @param apiKey         null or blank for servers that need none (no Authorization header is sent)
 * @param model          the model's name as the provider knows it, e.g. {@code gpt-4o-mini}
 * @param contextWindow  the model's context window, in tokens
 * @param requestTimeout the longest one model call may take, streaming included
 * @param maxRetries     how often the client itself retries a call that failed with 408, 429, 5xx or a broken connection
 */
public record ModelSettings(Provider provider, String baseUrl, String apiKey, String model, int contextWindow,
                            Duration requestTimeout, int maxRetries) {

    public ModelSettings {
        if (provider == null) {
            throw new IllegalArgumentException("a model provider is required: one of " + Arrays.toString(Provider.names()));
        }
        if (baseUrl != null && baseUrl.isBlank()) {
            baseUrl = null;
        }
        if (baseUrl != null) {
            URI uri;
            try {
                uri = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model base URL is not a URL: " + baseUrl, e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("model base URL must be an http(s) URL with a host, was " + baseUrl);
            }
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a model name is required");
        }
        if (contextWindow < 1) {
            throw new IllegalArgumentException("model context window must be positive, was " + contextWindow);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("model request timeout must be positive, was " + requestTimeout);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("model max retries cannot be negative, was " + maxRetries);
        }
    }

    @Override
    public String toString() {
        // Keeps the API key out of logs.
        return "ModelSettings[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", model=" + model + ", contextWindow=" + contextWindow + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + "]";
    }

    /**
     * The providers this build can reach. Ollama is not among them: spring-ai-ollama 2.0.1 needs
     * spring-ai-retry 2.0.1, which Maven Central does not have; an Ollama server can still be
     * used through its OpenAI-compatible endpoint ({@code http://host:11434/v1}).
     */
    public enum Provider {
        OPENAI, ANTHROPIC;

        /** Reads a provider name such as {@code openai}, case-insensitively. */
        public static Provider parse(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a model provider is required: one of " + Arrays.toString(names()));
            }
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (Provider provider : values()) {
                if (provider.name().equals(wanted)) {
                    return provider;
                }
            }
            String hint = wanted.equals("OLLAMA")
                    ? " (for Ollama, use provider openai with base URL http://<host>:11434/v1)" : "";
            throw new IllegalArgumentException("unknown model provider '" + name + "': expected one of "
                    + Arrays.toString(names()) + hint);
        }

        static String[] names() {
            return Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
        }
    }
}
