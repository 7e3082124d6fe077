package dev.tracehound.agent.model;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * How to reach a chat model provider: the same typed settings build a Spring AI or a LangChain4j
 * client, and name the settings to fix when the provider refuses them.
 *
 * @param provider       which provider's API to speak
 * @param baseUrl        the provider's API root (see {@link Provider}); null for its default endpoint
 * @param apiKey         null or blank for servers that need none (no key header is sent)
 * @param model          the model's name as the provider knows it, e.g. {@code gpt-4o-mini}
 * @param contextWindow  the model's context window, in tokens
 * @param requestTimeout the longest one model call may take, streaming included
 * @param maxRetries     how often the client itself retries a call that failed with 408, 429, 5xx or a broken connection
 * @param names          where the base URL, key and model came from, for error messages
 */
public record ModelSettings(Provider provider, String baseUrl, String apiKey, String model, int contextWindow,
                            Duration requestTimeout, int maxRetries, SettingNames names) {

    public ModelSettings {
        if (provider == null) {
            throw new IllegalArgumentException("a model provider is required: one of " + Arrays.toString(Provider.names()));
        }
        if (baseUrl != null && baseUrl.isBlank()) {
            baseUrl = null;
        }
        if (baseUrl != null) {
            baseUrl = provider.apiRoot(baseUrl.strip());
            URI uri;
            try {
                uri = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting(Field.BASE_URL, "model base URL is not a URL: " + baseUrl, e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidSetting(Field.BASE_URL, "model base URL must be an http(s) URL with a host, was " + baseUrl, null);
            }
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (model == null || model.isBlank()) {
            throw new InvalidSetting(Field.MODEL, "a model name is required", null);
        }
        if (contextWindow < 1) {
            throw new InvalidSetting(Field.CONTEXT_WINDOW, "model context window must be positive, was " + contextWindow, null);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new InvalidSetting(Field.REQUEST_TIMEOUT, "model request timeout must be positive, was " + requestTimeout, null);
        }
        if (maxRetries < 0) {
            throw new InvalidSetting(Field.MAX_RETRIES, "model max retries cannot be negative, was " + maxRetries, null);
        }
        if (names == null) {
            names = SettingNames.GENERIC;
        }
    }

    /** Settings whose errors name the settings generically ("the model base URL"). */
    public ModelSettings(Provider provider, String baseUrl, String apiKey, String model, int contextWindow,
            Duration requestTimeout, int maxRetries) {
        this(provider, baseUrl, apiKey, model, contextWindow, requestTimeout, maxRetries, SettingNames.GENERIC);
    }

    /** The URL the client is given: the configured base URL, or the provider's default endpoint. */
    public String endpoint() {
        return baseUrl != null ? baseUrl : provider.defaultBaseUrl;
    }

    @Override
    public String toString() {
        // Keeps the API key out of logs.
        return "ModelSettings[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", model=" + model + ", contextWindow=" + contextWindow + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + "]";
    }

    /** The settings that can be wrong. */
    public enum Field { BASE_URL, API_KEY, MODEL, CONTEXT_WINDOW, REQUEST_TIMEOUT, MAX_RETRIES }

    /** A setting that cannot work; {@link #field()} says which, so a caller can name it as its user knows it. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final Field field;

        InvalidSetting(Field field, String message, Throwable cause) {
            super(message, cause);
            this.field = field;
        }

        public Field field() {
            return field;
        }
    }

    /**
     * The settings a person sets, as error messages name them, e.g. {@code tracehound.agent.api-key
     * (OPENAI_API_KEY)}.
     */
    public record SettingNames(String baseUrl, String apiKey, String model) {
        public static final SettingNames GENERIC = new SettingNames("the model base URL", "the model API key",
                "the model name");

        public SettingNames {
            if (baseUrl == null || apiKey == null || model == null) {
                throw new IllegalArgumentException("every setting needs a name");
            }
        }
    }

    /** The providers this build speaks to, each in its own wire protocol. */
    public enum Provider {
        /** OpenAI's chat completions, or any server that speaks them (vLLM, LM Studio, Ollama's /v1); the root ends in {@code /v1}. */
        OPENAI("https://api.openai.com/v1"),
        /** Anthropic's messages API; the root has no {@code /v1} (one given is dropped). */
        ANTHROPIC("https://api.anthropic.com"),
        /** Ollama's native /api/chat; the root is the server ({@code host:port} as in OLLAMA_HOST is read too). */
        OLLAMA("http://localhost:11434");

        private static final int OLLAMA_PORT = 11434;

        private final String defaultBaseUrl;

        Provider(String defaultBaseUrl) {
            this.defaultBaseUrl = defaultBaseUrl;
        }

        /** The provider's name as settings spell it, e.g. {@code openai}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads a provider name such as {@code openai}, case-insensitively. */
        public static Provider parse(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a model provider is required: one of " + Arrays.toString(names()));
            }
            String wanted = name.strip().toUpperCase(Locale.ROOT);
            for (Provider provider : values()) {
                if (provider.name().equals(wanted)) {
                    return provider;
                }
            }
            throw new IllegalArgumentException("unknown model provider '" + name.strip() + "': expected one of "
                    + Arrays.toString(names()));
        }

        /** Every provider's label, e.g. {@code [openai, anthropic, ollama]}. */
        public static String[] names() {
            return Arrays.stream(values()).map(Provider::label).toArray(String[]::new);
        }

        /** The base URL as this provider's clients expect it. */
        private String apiRoot(String baseUrl) {
            String url = withoutTrailingSlash(baseUrl);
            return switch (this) {
                case OPENAI -> url;
                case ANTHROPIC -> withoutSuffix(url, "/v1");
                case OLLAMA -> ollamaRoot(url);
            };
        }

        /** Accepts OLLAMA_HOST's forms too: {@code 127.0.0.1}, {@code 127.0.0.1:11434}, {@code https://host}. */
        private static String ollamaRoot(String url) {
            String withScheme = url.contains("://") ? url : "http://" + url;
            String root = withoutSuffix(withoutSuffix(withScheme, "/v1"), "/api");
            try {
                URI uri = URI.create(root);
                if (uri.getPort() == -1 && "http".equals(uri.getScheme()) && uri.getHost() != null
                        && (uri.getPath() == null || uri.getPath().isEmpty())) {
                    return root + ":" + OLLAMA_PORT;
                }
            } catch (IllegalArgumentException notAUrl) {
                // The record's own check says what is wrong with it.
            }
            return root;
        }

        private static String withoutTrailingSlash(String url) {
            String result = url;
            while (result.endsWith("/")) {
                result = result.substring(0, result.length() - 1);
            }
            return result;
        }

        private static String withoutSuffix(String url, String suffix) {
            return url.endsWith(suffix) ? url.substring(0, url.length() - suffix.length()) : url;
        }
    }
}
