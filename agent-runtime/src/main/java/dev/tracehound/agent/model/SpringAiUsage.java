package dev.tracehound.agent.model;

import dev.tracehound.platform.pricing.TokenCounts;
import java.util.Optional;

import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;

import com.openai.models.completions.CompletionUsage;

/**
 * The tokens of one Spring AI call, added up over the responses of a stream (or a blocking
 * call's one) and converted to {@link TokenCounts}' convention. Spring AI passes each
 * provider's counts on as that provider counts them: OpenAI's prompt tokens include the cached
 * ones (Spring AI's {@link Usage#getCacheReadInputTokens()}), Anthropic's leave out the cache
 * reads and writes. So the provider is told by the SDK type of {@link Usage#getNativeUsage()}:
 * OpenAI's {@link CompletionUsage}, which also carries the reasoning tokens, or Anthropic's
 * {@code Usage} and {@code MessageDeltaUsage}. Ollama reports neither cache nor reasoning.
 */
final class SpringAiUsage {

    private enum Counting { PLAIN, OPENAI, ANTHROPIC }

    private boolean reported;
    private Counting counting = Counting.PLAIN;
    private long prompt;
    private long completion;
    private long cacheRead;
    private long cacheWrite;
    private long reasoning;

    void add(Usage usage) {
        if (usage == null || usage instanceof EmptyUsage) {
            return;
        }
        reported = true;
        // Some providers report usage cumulatively over a stream, others once at its end.
        prompt = Math.max(prompt, orZero(usage.getPromptTokens()));
        completion = Math.max(completion, orZero(usage.getCompletionTokens()));
        switch (usage.getNativeUsage()) {
            case CompletionUsage openAi -> {
                counting = Counting.OPENAI;
                cacheRead = Math.max(cacheRead, orZero(usage.getCacheReadInputTokens()));
                reasoning = Math.max(reasoning, openAi.completionTokensDetails()
                        .flatMap(CompletionUsage.CompletionTokensDetails::reasoningTokens).orElse(0L));
            }
            case com.anthropic.models.messages.Usage _, com.anthropic.models.messages.MessageDeltaUsage _ -> {
                counting = Counting.ANTHROPIC;
                cacheRead = Math.max(cacheRead, orZero(usage.getCacheReadInputTokens()));
                cacheWrite = Math.max(cacheWrite, orZero(usage.getCacheWriteInputTokens()));
            }
            case null, default -> {}
        }
    }

    /** Empty when the provider reported no usage, or only zeros. */
    Optional<TokenCounts> counts() {
        if (!reported || prompt == 0 && completion == 0 && cacheRead == 0 && cacheWrite == 0) {
            return Optional.empty();
        }
        return Optional.of(switch (counting) {
            // A count that cannot be part of its total is a provider's slip; it is capped, not
            // allowed to fail the run.
            case OPENAI -> TokenCounts.fromOpenAi(prompt, completion, Math.min(cacheRead, prompt),
                    Math.min(reasoning, completion));
            case ANTHROPIC -> TokenCounts.fromAnthropic(prompt, completion, cacheRead, cacheWrite);
            case PLAIN -> TokenCounts.of(prompt, completion);
        });
    }

    private static long orZero(Number tokens) {
        return tokens == null ? 0 : tokens.longValue();
    }
}
