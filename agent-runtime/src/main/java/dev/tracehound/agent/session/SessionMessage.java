package dev.tracehound.agent.session;

import dev.tracehound.agent.model.ChatTurn;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A turn of a session's conversation as stored; ordinals start at 1 and have no gaps. */
public record SessionMessage(UUID sessionId, int ordinal, ChatTurn turn, Instant createdAt) {

    /**
     * The answer to the last question of a conversation: the last thing the agent said without
     * calling a tool, else the last thing it said; empty when it said nothing since the question.
     */
    public static String lastAnswer(List<SessionMessage> messages) {
        String last = "";
        for (SessionMessage message : messages.reversed()) {
            if (message.turn() instanceof ChatTurn.Assistant assistant && !assistant.text().isBlank()) {
                if (assistant.toolCalls().isEmpty()) {
                    return assistant.text().strip();
                }
                if (last.isEmpty()) {
                    last = assistant.text().strip();
                }
            }
            if (message.turn() instanceof ChatTurn.User) {
                break;
            }
        }
        return last;
    }
}
