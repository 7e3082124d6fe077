package dev.tracehound.agent;

import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.ChatTurn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a conversation into a model's context window. Tool results from before the latest
 * question are shortened; if that is not enough, the oldest rounds (a question and everything
 * up to the next one) are dropped whole, and a note says so; if even that is not enough, the
 * results of the current question's earlier steps are shortened too, oldest first. The latest
 * question, every turn after it and the latest step's results are always kept whole. What is
 * kept is well-formed for every provider: it starts with a question, and every tool call keeps
 * its results.
 */
final class ContextWindow {

    /** What the model sees, and what was left out of it. */
    record Fitted(List<ChatTurn> turns, int shortened, int dropped) {}

    private final TokenEstimator estimator;
    private final String model;
    private final int olderToolResultChars;
    // Turns are values: the same turn seen again in a later step is not counted again.
    private final Map<ChatTurn, Long> tokens = new HashMap<>();

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
            if (i < lastQuestion && isLong(turn)) {
                turns.add(shorten((ChatTurn.ToolResult) turn));
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
        while (total > budget && keepFrom < lastQuestion) {
            int end = nextUserTurn(turns, keepFrom + 1, lastQuestion);
            for (int i = keepFrom; i < end; i++) {
                total -= tokensOf(turns.get(i));
            }
            dropped += end - keepFrom;
            keepFrom = end;
        }
        int latestStep = lastAssistantTurn(turns, lastQuestion);
        for (int i = Math.max(keepFrom, lastQuestion); total > budget && i < latestStep; i++) {
            if (isLong(turns.get(i))) {
                ChatTurn.ToolResult whole = (ChatTurn.ToolResult) turns.get(i);
                ChatTurn.ToolResult shorter = shorten(whole);
                total += tokensOf(shorter) - tokensOf(whole);
                turns.set(i, shorter);
                shortened++;
            }
        }
        List<ChatTurn> kept = new ArrayList<>(turns.subList(keepFrom, turns.size()));
        if (dropped > 0) {
            kept.addFirst(new ChatTurn.System("Earlier in this session " + dropped
                    + " turns were dropped to fit the context window; ask the person if you need them."));
        }
        return new Fitted(kept, shortened, dropped);
    }

    private boolean isLong(ChatTurn turn) {
        return turn instanceof ChatTurn.ToolResult result && result.content().length() > olderToolResultChars;
    }

    private ChatTurn.ToolResult shorten(ChatTurn.ToolResult result) {
        return new ChatTurn.ToolResult(result.callId(), result.toolName(),
                result.content().substring(0, olderToolResultChars) + "\n[shortened: "
                        + (result.content().length() - olderToolResultChars)
                        + " more characters of an earlier result were left out]");
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

    /** The first question at or after {@code from}, or {@code limit} if none comes before it. */
    private static int nextUserTurn(List<ChatTurn> turns, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (turns.get(i) instanceof ChatTurn.User) {
                return i;
            }
        }
        return limit;
    }

    /** The latest assistant turn at or after {@code from}; its results are the latest step's. */
    private static int lastAssistantTurn(List<ChatTurn> turns, int from) {
        for (int i = turns.size() - 1; i >= from; i--) {
            if (turns.get(i) instanceof ChatTurn.Assistant) {
                return i;
            }
        }
        return from;
    }

    /** The latest question; 0 when there is none, so that nothing is dropped. */
    private static int lastUserTurn(List<ChatTurn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i) instanceof ChatTurn.User) {
                return i;
            }
        }
        return 0;
    }
}
