package dev.tracehound.agent.model;

import dev.tracehound.platform.pricing.TokenCounts;
import java.util.List;
import java.util.Optional;

/**
 * A model's whole answer to one call. {@code usage} is the provider's token counts, converted
 * at the adapter to {@link TokenCounts}' one convention (input includes cached input and cache
 * writes, output includes reasoning); empty when the provider reported none, and the loop then
 * estimates the tokens with a tokenizer.
 */
public record ModelReply(String text, List<ToolCall> toolCalls, Optional<TokenCounts> usage) {

    public ModelReply {
        text = text == null ? "" : text;
        toolCalls = List.copyOf(toolCalls);
    }
}
