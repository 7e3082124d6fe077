package dev.tracehound.app.api;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent: which model answers, its limits and budgets, and what its tools may reach.
 *
 * @param provider         {@code offline} (the built-in investigator), {@code openai} (any
 *                         OpenAI-compatible server) or {@code anthropic}; blank picks openai when
 *                         {@code base-url} or {@code api-key} is set, offline otherwise
 * @param baseUrl          the provider's endpoint, e.g. {@code http://localhost:11434/v1}
 * @param apiKey           the provider's key (blank for servers that need none)
 * @param anthropicApiKey  Anthropic's key: with no OpenAI settings, it picks the anthropic provider
 * @param model            the model name the provider knows
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
 * @param prices           USD per million input and output tokens, by model, over the built-in table
 * @param sessionBudgetUsd a session's spending limit (0: none)
 * @param monthlyBudgetUsd a workspace's spending limit per calendar month (0: none)
 */
@ConfigurationProperties("tracehound.agent")
record AgentProperties(
        String provider,
        String baseUrl,
        String apiKey,
        String anthropicApiKey,
        @DefaultValue("gpt-4o-mini") String model,
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
        Map<String, Price> prices,
        @DefaultValue("0") BigDecimal sessionBudgetUsd,
        @DefaultValue("0") BigDecimal monthlyBudgetUsd) {

    record Price(BigDecimal input, BigDecimal output) {}

    String resolvedProvider() {
        if (provider != null && !provider.isBlank()) {
            return provider.strip().toLowerCase(java.util.Locale.ROOT);
        }
        if (present(baseUrl) || present(apiKey)) {
            return "openai";
        }
        return present(anthropicApiKey) ? "anthropic" : "offline";
    }

    /** The key for the resolved provider: Anthropic's own when that provider has no other. */
    String resolvedApiKey() {
        return resolvedProvider().equals("anthropic") && !present(apiKey) ? anthropicApiKey : apiKey;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
