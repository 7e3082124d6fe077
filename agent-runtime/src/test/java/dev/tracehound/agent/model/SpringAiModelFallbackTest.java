package dev.tracehound.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/** A chat model that cannot stream, and one whose options cannot carry tools: the adapter's edges. */
class SpringAiModelFallbackTest {

    /** Answers every call with the same message and remembers the prompt; has no stream(), like ChatModel's default. */
    private static final class CannedModel implements ChatModel {
        final AtomicReference<Prompt> lastPrompt = new AtomicReference<>();
        private final AssistantMessage answer;

        CannedModel(AssistantMessage answer) {
            this.answer = answer;
        }

        @Override
        public ChatResponse call(Prompt prompt) {
            lastPrompt.set(prompt);
            return new ChatResponse(List.of(new Generation(answer)));
        }
    }

    @Test
    void aModelThatCannotStreamIsCalledOnceAndMissingCallIdsAreMadeUp() throws Exception {
        CannedModel chatModel = new CannedModel(AssistantMessage.builder().content("Looking.")
                .toolCalls(List.of(new AssistantMessage.ToolCall("", "function", "trace_search", "{}"),
                        new AssistantMessage.ToolCall("", "function", "log_search", "{\"q\":1}")))
                .build());
        List<String> deltas = new ArrayList<>();

        ModelReply reply = SpringAiModel.streaming(chatModel, "canned", 8_000)
                .reply(new ModelRequest(List.of(new ChatTurn.User("hi")), List.of(), 100), deltas::add);

        assertThat(deltas).containsExactly("Looking.");
        assertThat(reply.toolCalls()).containsExactly(new ToolCall("call_1", "trace_search", "{}"),
                new ToolCall("call_2", "log_search", "{\"q\":1}"));
        assertThat(reply.usage()).isEmpty();
    }

    @Test
    void consecutiveToolResultsTravelAsOneMessage() throws Exception {
        CannedModel chatModel = new CannedModel(new AssistantMessage("done"));

        SpringAiModel.blocking(chatModel, "canned", 8_000).reply(new ModelRequest(List.of(
                new ChatTurn.System("sys"),
                new ChatTurn.User("hi"),
                new ChatTurn.Assistant("", List.of(new ToolCall("a", "t", "{}"), new ToolCall("b", "t", "{}"))),
                new ChatTurn.ToolResult("a", "t", "ra"),
                new ChatTurn.ToolResult("b", "t", "rb"),
                new ChatTurn.User("and?")), List.of(), 100), delta -> {});

        List<Message> sent = chatModel.lastPrompt.get().getInstructions();
        assertThat(sent).extracting(Message::getMessageType).containsExactly(
                MessageType.SYSTEM, MessageType.USER, MessageType.ASSISTANT, MessageType.TOOL, MessageType.USER);
        assertThat(((ToolResponseMessage) sent.get(3)).getResponses()).containsExactly(
                new ToolResponseMessage.ToolResponse("a", "t", "ra"), new ToolResponseMessage.ToolResponse("b", "t", "rb"));
    }

    @Test
    void toolsForAModelWhoseOptionsCannotCarryThemAreAClearError() {
        CannedModel chatModel = new CannedModel(new AssistantMessage("x"));
        ModelRequest withTool = new ModelRequest(List.of(new ChatTurn.User("hi")),
                List.of(new ModelRequest.ToolSpec("t", "d", "{\"type\":\"object\"}")), 100);

        assertThatThrownBy(() -> SpringAiModel.blocking(chatModel, "canned", 8_000).reply(withTool, delta -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot carry tool definitions");
    }

    @Test
    void anAlreadyInterruptedCallerGetsInterruptedExceptionWithoutACall() {
        CannedModel chatModel = new CannedModel(new AssistantMessage("x"));
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> SpringAiModel.blocking(chatModel, "canned", 8_000)
                .reply(new ModelRequest(List.of(new ChatTurn.User("hi")), List.of(), 100), delta -> {}))
                .isInstanceOf(InterruptedException.class);
        assertThat(chatModel.lastPrompt.get()).isNull();
    }
}
