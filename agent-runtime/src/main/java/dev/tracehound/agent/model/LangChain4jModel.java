package dev.tracehound.agent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import dev.tracehound.platform.pricing.TokenCounts;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any LangChain4j chat model behind the agent's port. Tool specifications go with the request;
 * LangChain4j's chat models (unlike its AI services) never run tools, they hand the calls back.
 */
public final class LangChain4jModel extends FrameworkModel {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ChatModel chatModel;
    private final StreamingChatModel streamingModel;
    // Every step of a run offers the same tools: each schema is parsed and converted once, not per call.
    private final Map<ModelRequest.ToolSpec, ToolSpecification> specifications = new ConcurrentHashMap<>();

    private LangChain4jModel(ChatModel chatModel, StreamingChatModel streamingModel, String name, int contextWindow) {
        super(name, contextWindow);
        this.chatModel = chatModel;
        this.streamingModel = streamingModel;
    }

    /** One blocking call per reply; the text is passed on all at once. */
    public static LangChain4jModel blocking(ChatModel chatModel, String name, int contextWindow) {
        if (chatModel == null) {
            throw new IllegalArgumentException("chatModel is required");
        }
        return new LangChain4jModel(chatModel, null, name, contextWindow);
    }

    /** Streams text as the model writes it. */
    public static LangChain4jModel streaming(StreamingChatModel streamingModel, String name, int contextWindow) {
        if (streamingModel == null) {
            throw new IllegalArgumentException("streamingModel is required");
        }
        return new LangChain4jModel(null, streamingModel, name, contextWindow);
    }

    @Override
    ModelReply call(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException {
        ChatRequest chatRequest = ChatRequest.builder()
                .messages(messages(request.turns()))
                .toolSpecifications(request.tools().stream()
                        .map(spec -> specifications.computeIfAbsent(spec, LangChain4jModel::toolSpecification))
                        .toList())
                .maxOutputTokens(request.maxOutputTokens())
                .build();
        return streamingModel != null ? streamed(chatRequest, textDeltas) : blocking(chatRequest, textDeltas);
    }

    private ModelReply blocking(ChatRequest chatRequest, Consumer<String> textDeltas) throws InterruptedException {
        CompletableFuture<ChatResponse> response = new CompletableFuture<>();
        Thread call = Thread.ofVirtual().name("langchain4j-call").start(() -> {
            try {
                response.complete(chatModel.chat(chatRequest));
            } catch (Throwable error) {
                response.completeExceptionally(error);
            }
        });
        ChatResponse chatResponse;
        try {
            chatResponse = response.get();
        } catch (InterruptedException e) {
            call.interrupt();
            throw e;
        } catch (ExecutionException e) {
            throw ModelErrors.toModelException(e.getCause());
        }
        ModelReply reply = reply(chatResponse, "");
        if (!reply.text().isEmpty()) {
            textDeltas.accept(reply.text());
        }
        return reply;
    }

    private ModelReply streamed(ChatRequest chatRequest, Consumer<String> textDeltas) throws InterruptedException {
        StreamListener listener = new StreamListener();
        try {
            streamingModel.chat(chatRequest, listener);
        } catch (RuntimeException e) {
            throw ModelErrors.toModelException(e);
        }
        StringBuilder streamedText = new StringBuilder();
        try {
            while (true) {
                switch (listener.signals.take()) {
                    case Signal.Delta delta -> {
                        streamedText.append(delta.text());
                        textDeltas.accept(delta.text());
                    }
                    case Signal.Completed completed -> {
                        return reply(completed.response(), streamedText.toString());
                    }
                    case Signal.Failed failed -> throw ModelErrors.toModelException(failed.error());
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            listener.cancel();
            throw e;
        }
    }

    private static ModelReply reply(ChatResponse response, String streamedText) {
        AiMessage message = response.aiMessage();
        String text = message != null && message.text() != null ? message.text() : streamedText;
        ToolCallIds calls = new ToolCallIds();
        if (message != null && message.hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : message.toolExecutionRequests()) {
                calls.add(call.id(), call.name(), call.arguments());
            }
        }
        return new ModelReply(text, calls.calls(), usage(response.tokenUsage()));
    }

    /**
     * The provider's counts in {@link TokenCounts}' convention. LangChain4j passes them on as each
     * provider counts them: OpenAI's input includes the cached tokens and its output the reasoning
     * ({@link OpenAiTokenUsage}'s details), Anthropic's input leaves out the cache reads and writes
     * ({@link AnthropicTokenUsage}); Ollama reports neither.
     */
    private static Optional<TokenCounts> usage(TokenUsage usage) {
        if (usage == null) {
            return Optional.empty();
        }
        long input = orZero(usage.inputTokenCount());
        long output = orZero(usage.outputTokenCount());
        TokenCounts counts = switch (usage) {
            // A count that cannot be part of its total is a provider's slip; it is capped, not
            // allowed to fail the run.
            case OpenAiTokenUsage openAi -> TokenCounts.fromOpenAi(input, output, Math.min(input, cachedTokens(openAi)),
                    Math.min(output, reasoningTokens(openAi)));
            case AnthropicTokenUsage anthropic -> TokenCounts.fromAnthropic(input, output,
                    orZero(anthropic.cacheReadInputTokens()), orZero(anthropic.cacheCreationInputTokens()));
            default -> TokenCounts.of(input, output);
        };
        return counts.input() == 0 && counts.output() == 0 ? Optional.empty() : Optional.of(counts);
    }

    private static long cachedTokens(OpenAiTokenUsage usage) {
        return usage.inputTokensDetails() == null ? 0 : orZero(usage.inputTokensDetails().cachedTokens());
    }

    private static long reasoningTokens(OpenAiTokenUsage usage) {
        return usage.outputTokensDetails() == null ? 0 : orZero(usage.outputTokensDetails().reasoningTokens());
    }

    private static long orZero(Integer tokens) {
        return tokens == null ? 0 : tokens;
    }

    static List<ChatMessage> messages(List<ChatTurn> turns) {
        List<ChatMessage> messages = new ArrayList<>();
        for (ChatTurn turn : turns) {
            messages.add(switch (turn) {
                case ChatTurn.System system -> SystemMessage.from(system.text());
                case ChatTurn.User user -> UserMessage.from(user.text());
                case ChatTurn.Assistant assistant -> AiMessage.builder()
                        // Some providers reject an empty text part beside tool calls.
                        .text(assistant.text().isEmpty() && !assistant.toolCalls().isEmpty() ? null : assistant.text())
                        .toolExecutionRequests(assistant.toolCalls().stream()
                                .map(call -> ToolExecutionRequest.builder()
                                        .id(call.id()).name(call.name()).arguments(call.arguments()).build())
                                .toList())
                        .build();
                case ChatTurn.ToolResult result -> ToolExecutionResultMessage.from(result.callId(), result.toolName(), result.content());
            });
        }
        return messages;
    }

    static ToolSpecification toolSpecification(ModelRequest.ToolSpec spec) {
        ObjectNode tool = JSON.createObjectNode();
        tool.put("name", spec.name());
        tool.put("description", spec.description());
        JsonNode schema;
        try {
            schema = JSON.readTree(spec.inputSchema());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("input schema of tool " + spec.name() + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(schema instanceof ObjectNode schemaObject)) {
            throw new IllegalArgumentException("input schema of tool " + spec.name() + " is not a JSON object");
        }
        ObjectNode parameters = schemaObject.deepCopy();
        // Meta keywords say nothing a model needs, and LangChain4j's typed schema has no place for them.
        parameters.remove(List.of("$schema", "$id"));
        tool.set("parameters", parameters);
        try {
            return ToolSpecification.fromJson(JSON.writeValueAsString(tool));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input schema of tool " + spec.name() + " cannot be given to LangChain4j: "
                    + e.getMessage(), e);
        }
    }

    private sealed interface Signal {
        record Delta(String text) implements Signal {}

        record Completed(ChatResponse response) implements Signal {}

        record Failed(Throwable error) implements Signal {}
    }

    /** Queues what the model's thread reports, for the caller's thread to take. */
    private static final class StreamListener implements StreamingChatResponseHandler {
        final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        private volatile StreamingHandle handle;
        private volatile boolean cancelled;

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            remember(context.streamingHandle());
            if (!partialResponse.text().isEmpty()) {
                signals.add(new Signal.Delta(partialResponse.text()));
            }
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            remember(context.streamingHandle());
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            signals.add(new Signal.Completed(completeResponse));
        }

        @Override
        public void onError(Throwable error) {
            signals.add(new Signal.Failed(error));
        }

        private void remember(StreamingHandle streamingHandle) {
            handle = streamingHandle;
            if (cancelled) {
                streamingHandle.cancel();
            }
        }

        /** A stream that has not yet said anything is cancelled by its first event. */
        void cancel() {
            cancelled = true;
            StreamingHandle current = handle;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
