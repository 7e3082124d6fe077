package dev.tracehound.agent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Any Spring AI {@link ChatModel} behind the agent's port. Tools are declared to the model but
 * never run by Spring AI: the declared callbacks refuse to run, and a chat model (unlike a
 * {@code ChatClient} with its tool-calling advisor) only hands the calls back. Text streams
 * through {@link ChatModel#stream} when the model streams and this adapter was built streaming.
 */
public final class SpringAiModel extends FrameworkModel {

    private final ChatModel chatModel;
    private final boolean streaming;

    private SpringAiModel(ChatModel chatModel, String name, int contextWindow, boolean streaming) {
        if (chatModel == null) {
            throw new IllegalArgumentException("chatModel is required");
        }
        super(name, contextWindow);
        this.chatModel = chatModel;
        this.streaming = streaming;
    }

    /** Streams text as it comes; falls back to one blocking call when the model cannot stream. */
    public static SpringAiModel streaming(ChatModel chatModel, String name, int contextWindow) {
        return new SpringAiModel(chatModel, name, contextWindow, true);
    }

    /** One blocking call per reply; the text is passed on all at once. */
    public static SpringAiModel blocking(ChatModel chatModel, String name, int contextWindow) {
        return new SpringAiModel(chatModel, name, contextWindow, false);
    }

    @Override
    ModelReply call(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException {
        Prompt prompt = new Prompt(messages(request.turns()), options(request));
        BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        Disposable subscription = responses(prompt).subscribe(
                response -> signals.add(new Signal.Next(response)),
                error -> signals.add(new Signal.Failed(error)),
                () -> signals.add(new Signal.Completed()));
        try {
            ReplyCollector collector = new ReplyCollector();
            while (true) {
                switch (signals.take()) {
                    case Signal.Next next -> {
                        String delta = collector.add(next.response());
                        if (!delta.isEmpty()) {
                            textDeltas.accept(delta);
                        }
                    }
                    case Signal.Failed failed -> throw ModelErrors.toModelException(failed.error());
                    case Signal.Completed _ -> {
                        return collector.reply();
                    }
                }
            }
        } finally {
            // On interruption, failure or a throwing consumer this cancels the provider's stream.
            subscription.dispose();
        }
    }

    private Flux<ChatResponse> responses(Prompt prompt) {
        if (streaming) {
            try {
                return chatModel.stream(prompt);
            } catch (UnsupportedOperationException notStreaming) {
                // ChatModel's default stream() says so at once; such a model is called instead.
            }
        }
        return Flux.create(sink -> {
            Thread call = Thread.ofVirtual().name("spring-ai-call").start(() -> {
                try {
                    sink.next(chatModel.call(prompt));
                    sink.complete();
                } catch (Throwable error) {
                    sink.error(error);
                }
            });
            sink.onCancel(call::interrupt);
        });
    }

    private ChatOptions options(ModelRequest request) {
        ChatOptions.Builder<?> builder = chatModel.getOptions().mutate();
        builder.maxTokens(request.maxOutputTokens());
        if (builder instanceof ToolCallingChatOptions.Builder<?> toolOptions) {
            toolOptions.toolCallbacks(request.tools().stream().map(DeclaredTool::new).map(ToolCallback.class::cast).toList());
        } else if (!request.tools().isEmpty()) {
            throw new IllegalArgumentException("the chat model's options (" + builder.getClass().getName()
                    + ") cannot carry tool definitions");
        }
        return builder.build();
    }

    static List<Message> messages(List<ChatTurn> turns) {
        List<Message> messages = new ArrayList<>();
        List<ToolResponseMessage.ToolResponse> pendingResults = new ArrayList<>();
        for (ChatTurn turn : turns) {
            if (turn instanceof ChatTurn.ToolResult result) {
                pendingResults.add(new ToolResponseMessage.ToolResponse(result.callId(), result.toolName(), result.content()));
                continue;
            }
            flushToolResults(pendingResults, messages);
            messages.add(switch (turn) {
                case ChatTurn.System system -> new SystemMessage(system.text());
                case ChatTurn.User user -> new UserMessage(user.text());
                case ChatTurn.Assistant assistant -> assistantMessage(assistant);
                case ChatTurn.ToolResult _ -> throw new IllegalStateException("handled above");
            });
        }
        flushToolResults(pendingResults, messages);
        return messages;
    }

    /** Results of one step's calls travel together, as providers that group them (Anthropic) require. */
    private static void flushToolResults(List<ToolResponseMessage.ToolResponse> pending, List<Message> messages) {
        if (!pending.isEmpty()) {
            messages.add(ToolResponseMessage.builder().responses(List.copyOf(pending)).build());
            pending.clear();
        }
    }

    private static AssistantMessage assistantMessage(ChatTurn.Assistant assistant) {
        List<AssistantMessage.ToolCall> calls = assistant.toolCalls().stream()
                .map(call -> new AssistantMessage.ToolCall(call.id(), "function", call.name(), call.arguments()))
                .toList();
        // Some providers reject an empty text part beside tool calls.
        String text = assistant.text().isEmpty() && !calls.isEmpty() ? null : assistant.text();
        return AssistantMessage.builder().content(text).toolCalls(calls).build();
    }

    private sealed interface Signal {
        record Next(ChatResponse response) implements Signal {}

        record Failed(Throwable error) implements Signal {}

        record Completed() implements Signal {}
    }

    /** Adds up a reply from the responses of one call: a stream's many, or a blocking call's one. */
    private static final class ReplyCollector {
        private final StringBuilder text = new StringBuilder();
        private final ToolCallIds toolCalls = new ToolCallIds();
        private final SpringAiUsage usage = new SpringAiUsage();

        /** Returns the text this response adds. */
        String add(ChatResponse response) {
            StringBuilder added = new StringBuilder();
            for (Generation generation : response.getResults()) {
                AssistantMessage output = generation.getOutput();
                if (output.getText() != null) {
                    added.append(output.getText());
                }
                for (AssistantMessage.ToolCall call : output.getToolCalls()) {
                    toolCalls.add(call.id(), call.name(), call.arguments());
                }
            }
            usage.add(response.getMetadata().getUsage());
            text.append(added);
            return added.toString();
        }

        ModelReply reply() {
            return new ModelReply(text.toString(), toolCalls.calls(), usage.counts());
        }
    }

    /** A tool the model is told about; the agent loop runs it, never Spring AI. */
    private record DeclaredTool(ModelRequest.ToolSpec spec) implements ToolCallback {
        @Override
        public ToolDefinition getToolDefinition() {
            return ToolDefinition.builder()
                    .name(spec.name())
                    .description(spec.description())
                    .inputSchema(spec.inputSchema())
                    .build();
        }

        @Override
        public String call(String toolInput) {
            throw new UnsupportedOperationException(
                    "tool " + spec.name() + " is run by the agent loop, not by the model's framework");
        }
    }
}
