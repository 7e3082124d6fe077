package dev.tracehound.agent;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a conversation into a model's context window. Tool results from before the latest
 * question are shortened; if that is not enough, the oldest exchanges are dropped whole (an
 * assistant's tool calls always keep their results), and a note says so. The latest question
 * and everything after it are always kept.
 */
final class ContextWindow {

    /** What the model sees, and what was left out of it. */
    record Fitted(List<ChatTurn> turns, int shortened, int dropped) {}

    private final TokenEstimator estimator;
    private final String model;
    private final int olderToolResultChars;
    private final Map<ChatTurn, Long> tokens = new IdentityHashMap<>();

    ContextWindow(TokenEstimator estimator, String model, int olderToolResultChars) {
        this.estimator = estimator;
        this.model = model;
        this.olderToolResultChars = olderToolResultChars;
    }

    /** {@code budget}: tokens the turns may take, after the system prompt, tools and the reply. */
    Fitted fit(List<ChatTurn> conversation, long budget) {
        int lastQuestion = lastUserTurn(conversation);
        var turns = new ArrayList<ChatTurn>(conversation.size());
        int shortened = 0;
        for (int i = 0; i < conversation.size(); i++) {
            ChatTurn turn = conversation.get(i);
            if (i < lastQuestion && turn instanceof ChatTurn.ToolResult result
                    && result.content().length() > olderToolResultChars) {
                turns.add(new ChatTurn.ToolResult(result.callId(), result.toolName(),
                        result.content().substring(0, olderToolResultChars) + "\n[shortened: "
                                + (result.content().length() - olderToolResultChars)
                                + " more characters of an earlier result were left out]"));
                shortened++;
            } else {
                turns.add(turn);
            }
        }
        long total = 0;
        for (ChatTurn turn : turns) {
            total += tokensOf(turn);
        }
        int dropped = 0;
        int keepFrom = 0;
        int protectedFrom = Math.max(0, lastQuestion);
        while (total > budget && keepFrom < protectedFrom) {
            int end = endOfExchange(turns, keepFrom);
            if (end > protectedFrom) {
                break;
            }
            for (int i = keepFrom; i < end; i++) {
                total -= tokensOf(turns.get(i));
            }
            dropped += end - keepFrom;
            keepFrom = end;
        }
        List<ChatTurn> kept = new ArrayList<>(turns.subList(keepFrom, turns.size()));
        if (dropped > 0) {
            kept.addFirst(new ChatTurn.System("Earlier in this session " + dropped
                    + " turns were dropped to fit the context window; ask the person if you need them."));
        }
        return new Fitted(kept, shortened, dropped);
    }

    private long tokensOf(ChatTurn turn) {
        return tokens.computeIfAbsent(turn, t -> switch (t) {
            case ChatTurn.System system -> estimator.count(model, system.text()) + 4;
            case ChatTurn.User user -> estimator.count(model, user.text()) + 4;
            case ChatTurn.Assistant assistant -> estimator.count(model, assistant.text()) + 4
                    + assistant.toolCalls().stream()
                            .mapToLong(call -> estimator.count(model, call.name() + call.arguments()) + 8).sum();
            case ChatTurn.ToolResult result -> estimator.count(model, result.content()) + 8;
        });
    }

    /** Where the exchange starting at {@code from} ends: past an assistant turn's tool results. */
    private static int endOfExchange(List<ChatTurn> turns, int from) {
        int i = from + 1;
        while (i < turns.size() && turns.get(i) instanceof ChatTurn.ToolResult) {
            i++;
        }
        return i;
    }

    private static int lastUserTurn(List<ChatTurn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i) instanceof ChatTurn.User) {
                return i;
            }
        }
        return turns.size();
    }
}
