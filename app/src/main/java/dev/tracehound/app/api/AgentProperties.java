package dev.tracehound.app.api;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent: which model answers, its limits and budgets, and what its tools may reach.
 *
 * @param stack            the client library: {@code spring-ai} (default) or {@code langchain4j}
 * @param provider         {@code offline} (the built-in investigator), {@code openai} (any
 *                         OpenAI-compatible server), {@code anthropic} or {@code ollama}; blank picks
 *                         openai when {@code base-url} or {@code api-key} is set, else anthropic when
 *                         {@code anthropic-api-key} is, else ollama when {@code ollama-base-url} is,
 *                         else offline
 * @param baseUrl          the OpenAI-compatible endpoint, ending in /v1, e.g. {@code http://localhost:8000/v1};
 *                         other providers use it when their own is blank
 * @param apiKey           the OpenAI-compatible server's key (blank for servers that need none);
 *                         other providers use it when their own is blank
 * @param anthropicBaseUrl Anthropic's endpoint (blank: https://api.anthropic.com)
 * @param anthropicApiKey  Anthropic's key: with no OpenAI settings, it picks the anthropic provider
 * @param ollamaBaseUrl    the Ollama server, e.g. {@code http://127.0.0.1:11434} or OLLAMA_HOST's
 *                         {@code host:port}: with no OpenAI or Anthropic settings, it picks ollama
 * @param ollamaApiKey     a bearer key for Ollama's cloud or a proxy in front of Ollama (blank: none)
 * @param model            the model name the provider knows (blank: gpt-4o-mini, claude-sonnet-4-5 or
 *                         llama3.1, by provider)
 * @param contextWindow    the model's context window, in tokens
 * @param requestTimeout   the longest one model call may take
 * @param maxSteps         model calls in one run
 * @param maxRunTokens     tokens in one run
 * @param wallClock        how long one run may take
 * @param maxOutputTokens  tokens one model call may write
 * @param approvalRequired tools whose every call waits for a person (shell with network always does)
 * @param sandboxTtl       how long a session's sandbox lives
 * @param sandboxNetwork   whether a shell command a person approved as needing the network runs
 *                         (in a second sandbox of the session, on tracehound.sandbox.bridge-network)
 * @param gitPaths         repositories on this host the git tool may clone
 * @param gitUrls          repository URLs the git tool may clone (needs a sandbox network)
 * @param sessionBudgetUsd a session's spending limit (0: none)
 * @param monthlyBudgetUsd a workspace's spending limit per calendar month (0: none)
 */
@ConfigurationProperties("tracehound.agent")
record AgentProperties(
        @DefaultValue("spring-ai") String stack,
        String provider,
        String baseUrl,
        String apiKey,
        String anthropicBaseUrl,
        String anthropicApiKey,
        String ollamaBaseUrl,
        String ollamaApiKey,
        String model,
        @DefaultValue("128000") int contextWindow,
        @DefaultValue("120s") Duration requestTimeout,
        @DefaultValue("12") int maxSteps,
        @DefaultValue("400000") long maxRunTokens,
        @DefaultValue("10m") Duration wallClock,
        @DefaultValue("4096") int maxOutputTokens,
        Set<String> approvalRequired,
        @DefaultValue("30m") Duration sandboxTtl,
        @DefaultValue("true") boolean sandboxNetwork,
        List<Path> gitPaths,
        List<String> gitUrls,
        @DefaultValue("0") BigDecimal sessionBudgetUsd,
        @DefaultValue("0") BigDecimal monthlyBudgetUsd) {

    /**
     * The provider as set, lower case, or the one the other settings point at; not checked
     * against the known ones (ModelChoice does that, naming the setting).
     */
    String resolvedProvider() {
        if (present(provider)) {
            return provider.strip().toLowerCase(Locale.ROOT);
        }
        if (present(baseUrl) || present(apiKey)) {
            return "openai";
        }
        if (present(anthropicApiKey)) {
            return "anthropic";
        }
        return present(ollamaBaseUrl) ? "ollama" : "offline";
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
