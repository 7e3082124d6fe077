package dev.tracehound.agent.metering;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import java.util.Locale;

/**
 * Counts the tokens of a model call when the provider reported none. OpenAI's newer models
 * use the o200k encoding and older ones cl100k; other vendors' tokenizers are not public, so
 * cl100k stands in for them: close enough for metering and budgets, not for an invoice. The
 * encodings ship inside the tokenizer's jar and load when the estimator is made, not on first
 * use: loading them from a nested jar holds the jar's lock while reading, and on a virtual
 * thread that pins the carrier, so two agent runs loading at once on a 2-core machine could
 * stop every virtual thread of the service. Create one estimator and share it.
 */
public final class TokenEstimator {

    // OpenAI's chat format spends a few tokens per message on the role and delimiters, and
    // primes every reply with a few more; a tool is described with some framing too.
    private static final int PER_TURN = 4;
    private static final int PER_TOOL_CALL = 4;
    private static final int PER_TOOL_SPEC = 8;
    private static final int REPLY_PRIMING = 3;

    private final Encoding o200k;
    private final Encoding cl100k;

    public TokenEstimator() {
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
        // Counting once loads the classes counting needs, here rather than on a run's thread.
        o200k.countTokensOrdinary("warm up");
        cl100k.countTokensOrdinary("warm up");
    }

    /** The tokens a model reads for this request: every turn and every tool's description. */
    public long inputTokens(String model, ModelRequest request) {
        Encoding encoding = encodingFor(model);
        long tokens = REPLY_PRIMING;
        for (ChatTurn turn : request.turns()) {
            tokens += PER_TURN + switch (turn) {
                case ChatTurn.System s -> count(encoding, s.text());
                case ChatTurn.User u -> count(encoding, u.text());
                case ChatTurn.Assistant a -> count(encoding, a.text()) + toolCalls(encoding, a.toolCalls());
                case ChatTurn.ToolResult r -> count(encoding, r.toolName()) + count(encoding, r.content());
            };
        }
        for (ModelRequest.ToolSpec tool : request.tools()) {
            tokens += PER_TOOL_SPEC + count(encoding, tool.name()) + count(encoding, tool.description())
                    + count(encoding, tool.inputSchema());
        }
        return tokens;
    }

    /** The tokens a model wrote in this reply: its text and its tool calls. */
    public long outputTokens(String model, ModelReply reply) {
        Encoding encoding = encodingFor(model);
        return count(encoding, reply.text()) + toolCalls(encoding, reply.toolCalls());
    }

    /** The tokens of one text as this model's tokenizer (or its stand-in) splits it. */
    public long count(String model, String text) {
        return count(encodingFor(model), text);
    }

    private static long toolCalls(Encoding encoding, List<ToolCall> calls) {
        long tokens = 0;
        for (ToolCall call : calls) {
            tokens += PER_TOOL_CALL + count(encoding, call.name()) + count(encoding, call.arguments());
        }
        return tokens;
    }

    private static long count(Encoding encoding, String text) {
        // Ordinary: text that happens to contain "<|endoftext|>" is counted, not refused.
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    private Encoding encodingFor(String model) {
        String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
        boolean newer = name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-4.5")
                || name.startsWith("gpt-5") || name.startsWith("chatgpt-") || name.startsWith("o1")
                || name.startsWith("o3") || name.startsWith("o4");
        return newer ? o200k : cl100k;
    }
}
