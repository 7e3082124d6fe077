package dev.tracehound.platform.pricing;

/**
 * The tokens of one model call, counted one way: {@code input} is every prompt token, the
 * ones read from the provider's cache ({@code cachedInput}) and written to it
 * ({@code cacheWrite}) included; {@code output} is every generated token, {@code reasoning}
 * included. That is OpenAI's way and the OpenTelemetry GenAI conventions' way
 * ({@code gen_ai.usage.cache_read.input_tokens} is part of {@code gen_ai.usage.input_tokens},
 * {@code gen_ai.usage.reasoning.output_tokens} part of {@code gen_ai.usage.output_tokens}).
 * Providers that count otherwise are converted by the factories below, at the edge.
 */
public record TokenCounts(long input, long output, long cachedInput, long cacheWrite, long reasoning) {

    public static final TokenCounts NONE = new TokenCounts(0, 0, 0, 0, 0);

    public TokenCounts {
        if (input < 0 || output < 0 || cachedInput < 0 || cacheWrite < 0 || reasoning < 0) {
            throw new IllegalArgumentException("token counts cannot be negative: " + describe(input, output, cachedInput,
                    cacheWrite, reasoning));
        }
        if (cachedInput > input || cacheWrite > input - cachedInput) {
            throw new IllegalArgumentException("cached input and cache writes are part of input and cannot exceed it: "
                    + describe(input, output, cachedInput, cacheWrite, reasoning)
                    + "; if the provider counts them apart from input (Anthropic does), use TokenCounts.fromAnthropic");
        }
        if (reasoning > output) {
            throw new IllegalArgumentException("reasoning tokens are part of output and cannot exceed it: "
                    + describe(input, output, cachedInput, cacheWrite, reasoning)
                    + "; if the provider counts them apart from output (Gemini does), use TokenCounts.fromGemini");
        }
    }

    /** A call whose provider reports no cache or reasoning tokens (or has none). */
    public static TokenCounts of(long input, long output) {
        return new TokenCounts(input, output, 0, 0, 0);
    }

    /**
     * OpenAI, and OpenAI-compatible APIs that follow it (DeepSeek, most hosts of open models):
     * chat completions' {@code prompt_tokens} includes {@code prompt_tokens_details.cached_tokens}
     * and {@code completion_tokens} includes {@code completion_tokens_details.reasoning_tokens};
     * the Responses API's {@code input_tokens}/{@code output_tokens} and their details likewise.
     * OpenAI has no priced cache writes.
     */
    public static TokenCounts fromOpenAi(long promptTokens, long completionTokens, long cachedTokens,
            long reasoningTokens) {
        return new TokenCounts(promptTokens, completionTokens, cachedTokens, 0, reasoningTokens);
    }

    /**
     * Anthropic's messages API: {@code input_tokens} counts only the tokens after the last cache
     * breakpoint, so {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} are
     * added to it; {@code output_tokens} already includes extended thinking, which is billed as
     * output, so reasoning is not told apart.
     */
    public static TokenCounts fromAnthropic(long inputTokens, long outputTokens, long cacheReadInputTokens,
            long cacheCreationInputTokens) {
        return new TokenCounts(Math.addExact(Math.addExact(inputTokens, cacheReadInputTokens), cacheCreationInputTokens),
                outputTokens, cacheReadInputTokens, cacheCreationInputTokens, 0);
    }

    /**
     * Gemini's {@code usageMetadata}: {@code promptTokenCount} includes
     * {@code cachedContentTokenCount}, but {@code candidatesTokenCount} leaves out
     * {@code thoughtsTokenCount}, so the thoughts are added to output.
     */
    public static TokenCounts fromGemini(long promptTokenCount, long candidatesTokenCount, long cachedContentTokenCount,
            long thoughtsTokenCount) {
        return new TokenCounts(promptTokenCount, Math.addExact(candidatesTokenCount, thoughtsTokenCount),
                cachedContentTokenCount, 0, thoughtsTokenCount);
    }

    /** Input tokens neither read from nor written to the cache: the ones at the full input price. */
    public long uncachedInput() {
        return input - cachedInput - cacheWrite;
    }

    /** Output tokens that are not reasoning: the ones at the output price. */
    public long outputBesidesReasoning() {
        return output - reasoning;
    }

    private static String describe(long input, long output, long cachedInput, long cacheWrite, long reasoning) {
        return "input " + input + " (cached " + cachedInput + ", cache writes " + cacheWrite + "), output " + output
                + " (reasoning " + reasoning + ")";
    }
}
