package dev.tracehound.agent.model;

import static dev.tracehound.agent.model.SampleRequests.LOG_SEARCH;
import static dev.tracehound.agent.model.SampleRequests.TRACE_SEARCH;
import static dev.tracehound.agent.model.SampleRequests.question;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.tracehound.agent.model.ModelSettings.Provider;
import dev.tracehound.fixtures.FakeModelServer.Call;
import dev.tracehound.fixtures.FakeModelServer.Reply;
import dev.tracehound.fixtures.FakeOpenAiServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * What both adapters, {@link SpringAiModel} and {@link LangChain4jModel}, promise behind the port
 * alike, each through its stack's real OpenAI client against {@link FakeOpenAiServer}. What one
 * stack does its own way (retries, the request's details) is in {@link SpringAiModelTest} and
 * {@link LangChain4jModelTest}.
 */
class ModelAdaptersTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final List<String> deltas = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private AgentModel streaming(ModelStack stack) {
        ModelSettings settings = new ModelSettings(Provider.OPENAI, server.baseUrl(), "test-key", FakeOpenAiServer.MODEL,
                128_000, Duration.ofSeconds(20), 0);
        return switch (stack) {
            case SPRING_AI -> SpringAiModel.streaming(ModelProviders.springAi(settings), FakeOpenAiServer.MODEL, 128_000);
            case LANGCHAIN4J -> LangChain4jModel.streaming(ModelProviders.langChain4j(settings), FakeOpenAiServer.MODEL,
                    128_000);
        };
    }

    private AgentModel blocking(ModelStack stack) {
        ModelSettings settings = new ModelSettings(Provider.OPENAI, server.baseUrl(), "test-key", FakeOpenAiServer.MODEL,
                128_000, Duration.ofSeconds(30), 0);
        return switch (stack) {
            case SPRING_AI -> SpringAiModel.blocking(ModelProviders.springAi(settings), FakeOpenAiServer.MODEL, 128_000);
            // The provider choice builds LangChain4j's streaming clients only; its blocking one is built here.
            case LANGCHAIN4J -> LangChain4jModel.blocking(OpenAiChatModel.builder()
                    .baseUrl(server.baseUrl()).apiKey("test-key").modelName(FakeOpenAiServer.MODEL)
                    .timeout(settings.requestTimeout()).maxRetries(0)
                    .build(), FakeOpenAiServer.MODEL, 128_000);
        };
    }

    @ParameterizedTest
    @EnumSource(ModelStack.class)
    void threeParallelStreamedToolCallsComeBackWholeInOrderWithTheTextBeforeThem(ModelStack stack) throws Exception {
        server.enqueue(Reply.toolCalls(
                        new Call("call_1", "trace_search", "{\"service\":\"checkout\"}"),
                        new Call("call_2", "log_search", "{\"query\":\"timeout\"}"),
                        new Call("call_3", "trace_search", "{\"service\":\"payment\",\"limit\":5}"))
                .withText("Let me ", "look.")
                .argumentPieces(3));

        ModelReply reply = streaming(stack).reply(question("why?", TRACE_SEARCH, LOG_SEARCH), deltas::add);

        assertThat(reply.toolCalls()).containsExactly(
                new ToolCall("call_1", "trace_search", "{\"service\":\"checkout\"}"),
                new ToolCall("call_2", "log_search", "{\"query\":\"timeout\"}"),
                new ToolCall("call_3", "trace_search", "{\"service\":\"payment\",\"limit\":5}"));
        assertThat(reply.text()).isEqualTo("Let me look.");
        assertThat(deltas).containsExactly("Let me ", "look.");
    }

    @ParameterizedTest
    @EnumSource(ModelStack.class)
    void malformedArgumentsArePassedThroughRaw(ModelStack stack) throws Exception {
        server.enqueue(Reply.toolCalls(new Call("call_bad", "trace_search", "{\"service\": \"checkout\", limit:")));

        ModelReply reply = streaming(stack).reply(question("why?", TRACE_SEARCH), deltas::add);

        assertThat(reply.toolCalls()).containsExactly(new ToolCall("call_bad", "trace_search", "{\"service\": \"checkout\", limit:"));
    }

    @ParameterizedTest
    @EnumSource(ModelStack.class)
    void toolResultsGoBackInTheNextRequestAnsweringTheirCalls(ModelStack stack) throws Exception {
        server.enqueue(request -> Reply.text("Saw: " + request.lastToolResult()));
        List<ChatTurn> conversation = List.of(
                new ChatTurn.System("You investigate."),
                new ChatTurn.User("why?"),
                new ChatTurn.Assistant("Checking.", List.of(
                        new ToolCall("call_1", "trace_search", "{\"service\":\"checkout\"}"),
                        new ToolCall("call_2", "log_search", "{\"query\":\"timeout\"}"))),
                new ChatTurn.ToolResult("call_1", "trace_search", "3 slow traces: t1, t2, t3"),
                new ChatTurn.ToolResult("call_2", "log_search", "error: stripe_v3 timeout"));

        ModelReply reply = blocking(stack).reply(new ModelRequest(conversation, List.of(TRACE_SEARCH, LOG_SEARCH), 500),
                deltas::add);

        assertThat(reply.text()).isEqualTo("Saw: error: stripe_v3 timeout");
        assertThat(deltas).as("a blocking call's text, passed on at once").containsExactly("Saw: error: stripe_v3 timeout");
        JsonNode messages = server.lastRequest().messages();
        assertThat(messages).hasSize(5);
        JsonNode assistant = messages.get(2);
        assertThat(assistant.path("role").asString()).isEqualTo("assistant");
        assertThat(assistant.path("content").asString()).isEqualTo("Checking.");
        assertThat(assistant.path("tool_calls")).hasSize(2);
        assertThat(assistant.path("tool_calls").get(0).path("id").asString()).isEqualTo("call_1");
        assertThat(assistant.path("tool_calls").get(0).path("type").asString()).isEqualTo("function");
        assertThat(assistant.path("tool_calls").get(0).path("function").path("name").asString()).isEqualTo("trace_search");
        assertThat(assistant.path("tool_calls").get(0).path("function").path("arguments").asString())
                .isEqualTo("{\"service\":\"checkout\"}");
        assertThat(assistant.path("tool_calls").get(1).path("id").asString()).isEqualTo("call_2");
        assertThat(assistant.path("tool_calls").get(1).path("function").path("name").asString()).isEqualTo("log_search");
        List<JsonNode> results = server.lastRequest().toolResults();
        assertThat(results).extracting(result -> result.path("tool_call_id").asString()).containsExactly("call_1", "call_2");
        assertThat(results).extracting(result -> result.path("content").asString())
                .containsExactly("3 slow traces: t1, t2, t3", "error: stripe_v3 timeout");
    }

    @ParameterizedTest
    @EnumSource(ModelStack.class)
    void anAssistantTurnWithOnlyToolCallsSendsNoEmptyText(ModelStack stack) throws Exception {
        server.enqueue(Reply.text("done"));
        List<ChatTurn> conversation = List.of(
                new ChatTurn.User("why?"),
                new ChatTurn.Assistant("", List.of(new ToolCall("call_1", "trace_search", "{}"))),
                new ChatTurn.ToolResult("call_1", "trace_search", "nothing"));

        streaming(stack).reply(new ModelRequest(conversation, List.of(TRACE_SEARCH), 500), deltas::add);

        JsonNode assistant = server.lastRequest().messages().get(1);
        assertThat(assistant.path("content").isMissingNode() || assistant.path("content").isNull())
                .as("content of %s", assistant).isTrue();
        assertThat(assistant.path("tool_calls").get(0).path("id").asString()).isEqualTo("call_1");
    }

    @ParameterizedTest
    @EnumSource(ModelStack.class)
    void noUsageFromTheProviderGivesNone(ModelStack stack) throws Exception {
        server.enqueue(Reply.text("no ", "usage").withoutUsage());

        ModelReply reply = streaming(stack).reply(question("hi"), deltas::add);

        assertThat(reply.text()).isEqualTo("no usage");
        assertThat(reply.usage()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ModelStack.class)
    void interruptionMidStreamStopsTheCallAndTheStreamQuickly(ModelStack stack) throws Exception {
        String[] many = new String[100];
        Arrays.fill(many, "word ");
        server.enqueue(Reply.text(many).slow(Duration.ZERO, Duration.ofMillis(100)));
        AgentModel model = streaming(stack);
        InterruptionProbe probe = InterruptionProbe.run(() -> model.reply(question("hi"), deltas::add), deltas);

        assertThat(probe.thrown()).isInstanceOf(InterruptedException.class);
        assertThat(probe.stoppedAfterInterrupt()).isLessThan(Duration.ofSeconds(1));
        assertThat(deltas.size()).isLessThan(100);
        probe.awaitCondition(() -> server.abandonedStreams() == 1, Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(ModelStack.class)
    void interruptionOfABlockingCallStopsItQuickly(ModelStack stack) throws Exception {
        server.enqueue(Reply.text("late").slow(Duration.ofSeconds(10), Duration.ZERO));
        AgentModel model = blocking(stack);
        InterruptionProbe probe = InterruptionProbe.runAndInterruptAfter(
                () -> model.reply(question("hi"), deltas::add), Duration.ofMillis(300));

        assertThat(probe.thrown()).isInstanceOf(InterruptedException.class);
        assertThat(probe.stoppedAfterInterrupt()).isLessThan(Duration.ofSeconds(1));
    }
}
