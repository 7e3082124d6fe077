package dev.tracehound.agent.model;

import java.util.List;
import java.util.Optional;

/**
 * A model's whole answer to one call. {@code usage} is empty when the provider reported none;
 * the loop then estimates the tokens with a tokenizer.
 */
public record ModelReply(String text, List<ToolCall> toolCalls, Optional<TokenUsage> usage) {

    public ModelReply {
        text = text == null ? "" : text;
        toolCalls = List.copyOf(toolCalls);
    }

    /** Tokens of one model call, as its provider counted them (or as estimated). */
    public record TokenUsage(long inputTokens, long outputTokens) {}
}
