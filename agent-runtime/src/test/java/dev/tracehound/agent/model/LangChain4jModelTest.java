package dev.tracehound.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.FakeModelServer.Call;
import dev.tracehound.fixtures.FakeModelServer.Reply;
import dev.tracehound.fixtures.FakeOpenAiServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tracehound.platform.pricing.TokenCounts;
import tools.jackson.databind.JsonNode;

/** Drives the real LangChain4j OpenAI clients, through {@link LangChain4jModel}, against {@link FakeOpenAiServer}. */
class LangChain4jModelTest {

    private static final ModelRequest.ToolSpec TRACE_SEARCH = new ModelRequest.ToolSpec("trace_search",
            "Finds traces matching a filter.",
            """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"service":{"type":"string"},"limit":{"type":"integer"}},"required":["service"]}""");
    private static final ModelRequest.ToolSpec LOG_SEARCH = new ModelRequest.ToolSpec("log_search",
            "Finds log lines.", """
            {"type":"object","properties":{"query":{"type":"string"}}}""");

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final List<String> deltas = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private AgentModel streamingModel() {
        return LangChain4jModel.streaming(OpenAiStreamingChatModel.builder()
                .baseUrl(server.baseUrl()).apiKey("test-key").modelName(FakeOpenAiServer.MODEL)
                .timeout(Duration.ofSeconds(20))
                .build(), FakeOpenAiServer.MODEL, 128_000);
    }

    private AgentModel blockingModel(int maxRetries) {
        return LangChain4jModel.blocking(OpenAiChatModel.builder()
                .baseUrl(server.baseUrl()).apiKey("test-key").modelName(FakeOpenAiServer.MODEL)
                .timeout(Duration.ofSeconds(20)).maxRetries(maxRetries)
                .build(), FakeOpenAiServer.MODEL, 128_000);
    }

    private static ModelRequest question(String text, ModelRequest.ToolSpec... tools) {
        return new ModelRequest(List.of(new ChatTurn.System("You investigate."), new ChatTurn.User(text)), List.of(tools), 1000);
    }

    @Test
    void streamedTextArrivesInOrderWithTheProvidersUsage() throws Exception {
        server.enqueue(Reply.text("Checkout ", "is slow ", "since the ", "deploy.").withUsage(120, 9));

        ModelReply reply = streamingModel().reply(question("why is checkout slow?", TRACE_SEARCH), deltas::add);

        assertThat(deltas).containsExactly("Checkout ", "is slow ", "since the ", "deploy.");
        assertThat(reply.text()).isEqualTo("Checkout is slow since the deploy.");
        assertThat(reply.usage()).contains(TokenCounts.of(120, 9));
        FakeOpenAiServer.RecordedRequest sent = server.lastRequest();
        assertThat(sent.streamed()).isTrue();
        assertThat(sent.toolNames()).containsExactly("trace_search");
        JsonNode parameters = sent.json().path("tools").get(0).path("function").path("parameters");
        assertThat(parameters.path("required").get(0).asString()).isEqualTo("service");
        assertThat(parameters.path("properties").path("limit").path("type").asString()).isEqualTo("integer");
        assertThat(sent.lastUserMessage()).isEqualTo("why is checkout slow?");
    }

    @Test
    void threeParallelStreamedToolCallsComeBackWhole() throws Exception {
        server.enqueue(Reply.toolCalls(
                        new Call("call_1", "trace_search", "{\"service\":\"checkout\"}"),
                        new Call("call_2", "log_search", "{\"query\":\"timeout\"}"),
                        new Call("call_3", "trace_search", "{\"service\":\"payment\",\"limit\":5}"))
                .argumentPieces(3));

        ModelReply reply = streamingModel().reply(question("why?", TRACE_SEARCH, LOG_SEARCH), deltas::add);

        assertThat(reply.toolCalls()).containsExactly(
                new ToolCall("call_1", "trace_search", "{\"service\":\"checkout\"}"),
                new ToolCall("call_2", "log_search", "{\"query\":\"timeout\"}"),
                new ToolCall("call_3", "trace_search", "{\"service\":\"payment\",\"limit\":5}"));
    }

    @Test
    void aSingleToolCallFromABlockingModelComesBackWithUsage() throws Exception {
        server.enqueue(Reply.toolCalls(new Call("call_abc", "trace_search", "{\"service\":\"checkout\"}")).withUsage(80, 12));

        ModelReply reply = blockingModel(0).reply(question("why?", TRACE_SEARCH), deltas::add);

        assertThat(server.lastRequest().streamed()).isFalse();
        assertThat(reply.toolCalls()).containsExactly(new ToolCall("call_abc", "trace_search", "{\"service\":\"checkout\"}"));
        assertThat(reply.usage()).contains(TokenCounts.of(80, 12));
    }

    @Test
    void malformedArgumentsArePassedThroughRaw() throws Exception {
        server.enqueue(Reply.toolCalls(new Call("call_bad", "trace_search", "{\"service\": oops")));

        ModelReply reply = streamingModel().reply(question("why?", TRACE_SEARCH), deltas::add);

        assertThat(reply.toolCalls()).containsExactly(new ToolCall("call_bad", "trace_search", "{\"service\": oops"));
    }

    @Test
    void toolResultsGoBackInTheNextRequestAnsweringTheirCalls() throws Exception {
        server.enqueue(request -> Reply.text("Saw: " + request.lastToolResult()));
        List<ChatTurn> conversation = List.of(
                new ChatTurn.User("why?"),
                new ChatTurn.Assistant("", List.of(
                        new ToolCall("call_1", "trace_search", "{\"service\":\"checkout\"}"),
                        new ToolCall("call_2", "log_search", "{\"query\":\"timeout\"}"))),
                new ChatTurn.ToolResult("call_1", "trace_search", "3 slow traces"),
                new ChatTurn.ToolResult("call_2", "log_search", "stripe_v3 timeout"));

        ModelReply reply = blockingModel(0).reply(new ModelRequest(conversation, List.of(TRACE_SEARCH, LOG_SEARCH), 500), deltas::add);

        assertThat(reply.text()).isEqualTo("Saw: stripe_v3 timeout");
        assertThat(deltas).containsExactly("Saw: stripe_v3 timeout");
        JsonNode assistant = server.lastRequest().messages().get(1);
        assertThat(assistant.path("tool_calls").get(0).path("id").asString()).isEqualTo("call_1");
        assertThat(assistant.path("tool_calls").get(1).path("function").path("name").asString()).isEqualTo("log_search");
        assertThat(assistant.path("tool_calls").get(1).path("function").path("arguments").asString())
                .isEqualTo("{\"query\":\"timeout\"}");
        List<JsonNode> results = server.lastRequest().toolResults();
        assertThat(results).extracting(result -> result.path("tool_call_id").asString()).containsExactly("call_1", "call_2");
        assertThat(results).extracting(result -> result.path("content").asString())
                .containsExactly("3 slow traces", "stripe_v3 timeout");
    }

    @Test
    void noUsageFromTheProviderGivesNone() throws Exception {
        server.enqueue(Reply.text("quiet").withoutUsage());

        assertThat(streamingModel().reply(question("hi"), deltas::add).usage()).isEmpty();
    }

    @Test
    void aServerErrorIsRetriedByTheBlockingClientThenSucceeds() throws Exception {
        server.enqueue(Reply.error(500, "upstream exploded"));
        server.enqueue(Reply.text("recovered"));

        assertThat(blockingModel(2).reply(question("hi"), deltas::add).text()).isEqualTo("recovered");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aStreamedServerErrorIsARetryableModelException() {
        server.enqueue(Reply.error(500, "upstream exploded"));

        assertThatThrownBy(() -> streamingModel().reply(question("hi"), deltas::add))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void aRateLimitIsRetryableAndABadRequestIsNot() {
        server.enqueue(Reply.error(429, "slow down"));
        server.enqueue(Reply.error(400, "bad tool schema"));

        assertThatThrownBy(() -> blockingModel(0).reply(question("hi"), deltas::add))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue());
        assertThatThrownBy(() -> blockingModel(0).reply(question("hi"), deltas::add))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void interruptionMidStreamStopsTheCallQuickly() throws Exception {
        String[] many = new String[100];
        Arrays.fill(many, "word ");
        server.enqueue(Reply.text(many).slow(Duration.ZERO, Duration.ofMillis(100)));
        AgentModel model = streamingModel();
        InterruptionProbe probe = InterruptionProbe.run(() -> model.reply(question("hi"), deltas::add), deltas);

        assertThat(probe.thrown()).isInstanceOf(InterruptedException.class);
        assertThat(probe.stoppedAfterInterrupt()).isLessThan(Duration.ofSeconds(1));
        probe.awaitCondition(() -> server.abandonedStreams() == 1, Duration.ofSeconds(5));
    }

    @Test
    void interruptionOfABlockingCallStopsItQuickly() throws Exception {
        server.enqueue(Reply.text("late").slow(Duration.ofSeconds(10), Duration.ZERO));
        AgentModel model = blockingModel(0);
        InterruptionProbe probe = InterruptionProbe.runAndInterruptAfter(
                () -> model.reply(question("hi"), deltas::add), Duration.ofMillis(300));

        assertThat(probe.thrown()).isInstanceOf(InterruptedException.class);
        assertThat(probe.stoppedAfterInterrupt()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aSchemaThatIsNotJsonIsAClearError() {
        ModelRequest request = question("hi", new ModelRequest.ToolSpec("broken", "x", "{not json"));

        assertThatThrownBy(() -> blockingModel(0).reply(request, deltas::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool broken");
    }
}
