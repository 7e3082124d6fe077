package dev.tracehound.agent.model;

import static dev.tracehound.agent.model.SampleRequests.LOG_SEARCH;
import static dev.tracehound.agent.model.SampleRequests.TRACE_SEARCH;
import static dev.tracehound.agent.model.SampleRequests.question;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.FakeModelServer.Call;
import dev.tracehound.fixtures.FakeModelServer.Reply;
import dev.tracehound.fixtures.FakeOpenAiServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tracehound.agent.model.ModelSettings.Provider;
import dev.tracehound.platform.pricing.TokenCounts;
import tools.jackson.databind.JsonNode;

/**
 * Drives the real Spring AI OpenAI client, through {@link SpringAiModel}, against
 * {@link FakeOpenAiServer}: what Spring AI does its own way. What both adapters promise alike is
 * in {@link ModelAdaptersTest}.
 */
class SpringAiModelTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final List<String> deltas = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private AgentModel streamingModel(int maxRetries) {
        return SpringAiModel.streaming(ModelProviders.springAi(settings(maxRetries, Duration.ofSeconds(20))),
                FakeOpenAiServer.MODEL, 128_000);
    }

    private ModelSettings settings(int maxRetries, Duration timeout) {
        return new ModelSettings(Provider.OPENAI, server.baseUrl(), "test-key", FakeOpenAiServer.MODEL, 128_000,
                timeout, maxRetries);
    }

    @Test
    void streamedTextArrivesInOrderAndAddsUpToTheReply() throws Exception {
        server.enqueue(Reply.text("Checkout ", "is slow ", "since the ", "deploy.").withUsage(120, 9));

        ModelReply reply = streamingModel(0).reply(question("why is checkout slow?", TRACE_SEARCH), deltas::add);

        assertThat(deltas).containsExactly("Checkout ", "is slow ", "since the ", "deploy.");
        assertThat(reply.text()).isEqualTo("Checkout is slow since the deploy.");
        assertThat(reply.toolCalls()).isEmpty();
        assertThat(reply.usage()).contains(TokenCounts.of(120, 9));

        FakeOpenAiServer.RecordedRequest sent = server.lastRequest();
        assertThat(sent.streamed()).isTrue();
        assertThat(sent.model()).isEqualTo(FakeOpenAiServer.MODEL);
        assertThat(sent.authorization()).isEqualTo("Bearer test-key");
        assertThat(sent.json().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.messages()).hasSize(2);
        assertThat(sent.messages().get(0).path("role").asString()).isEqualTo("system");
        assertThat(sent.messages().get(0).path("content").asString()).isEqualTo("You investigate.");
        assertThat(sent.lastUserMessage()).isEqualTo("why is checkout slow?");
    }

    @Test
    void toolsAreOfferedWithTheirSchemasAndTheOutputCap() throws Exception {
        server.enqueue(Reply.text("ok"));

        streamingModel(0).reply(question("look", TRACE_SEARCH, LOG_SEARCH), deltas::add);

        JsonNode sent = server.lastRequest().json();
        assertThat(server.lastRequest().toolNames()).containsExactly("trace_search", "log_search");
        JsonNode function = sent.path("tools").get(0).path("function");
        assertThat(function.path("description").asString()).isEqualTo("Finds traces matching a filter.");
        assertThat(function.path("parameters").path("required").get(0).asString()).isEqualTo("service");
        assertThat(function.path("parameters").path("properties").path("limit").path("type").asString()).isEqualTo("integer");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(1000);
    }

    @Test
    void aRequestWithoutToolsOffersNone() throws Exception {
        server.enqueue(Reply.text("final answer"));

        streamingModel(0).reply(question("answer now"), deltas::add);

        assertThat(server.lastRequest().json().has("tools")).isFalse();
    }

    @Test
    void aSingleStreamedToolCallComesBackWhole() throws Exception {
        server.enqueue(Reply.toolCalls(new Call("call_abc", "trace_search", "{\"service\":\"checkout\",\"limit\":20}"))
                .argumentPieces(5));

        ModelReply reply = streamingModel(0).reply(question("why?", TRACE_SEARCH), deltas::add);

        assertThat(reply.toolCalls()).containsExactly(
                new ToolCall("call_abc", "trace_search", "{\"service\":\"checkout\",\"limit\":20}"));
        assertThat(reply.text()).isEmpty();
        assertThat(deltas).isEmpty();
    }

    @Test
    void aTwoStepInvestigationAnswersFromTheFirstStepsToolResult() throws Exception {
        server.enqueue(Reply.toolCalls(new Call("call_1", "trace_search", "{\"service\":\"checkout\"}")));
        server.enqueue(request -> Reply.text("The slowest trace is ", request.lastToolResult().split(",")[0] + "."));
        AgentModel model = streamingModel(0);
        List<ChatTurn> conversation = new java.util.ArrayList<>(List.of(new ChatTurn.User("why is checkout slow?")));

        ModelReply first = model.reply(new ModelRequest(conversation, List.of(TRACE_SEARCH), 500), deltas::add);
        conversation.add(new ChatTurn.Assistant(first.text(), first.toolCalls()));
        ToolCall call = first.toolCalls().getFirst();
        conversation.add(new ChatTurn.ToolResult(call.id(), call.name(), "trace 4bf92f35, trace 00f067aa"));
        ModelReply second = model.reply(new ModelRequest(conversation, List.of(TRACE_SEARCH), 500), deltas::add);

        assertThat(second.text()).isEqualTo("The slowest trace is trace 4bf92f35.");
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).toolResults().getFirst().path("tool_call_id").asString()).isEqualTo("call_1");
    }

    @Test
    void aServerErrorIsRetriedByTheClientThenSucceeds() throws Exception {
        server.enqueue(Reply.error(500, "upstream exploded"));
        server.enqueue(Reply.text("recovered"));

        ModelReply reply = streamingModel(2).reply(question("hi"), deltas::add);

        assertThat(reply.text()).isEqualTo("recovered");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aServerErrorWithoutRetriesIsARetryableModelException() {
        server.enqueue(Reply.error(500, "upstream exploded"));

        assertThatThrownBy(() -> streamingModel(0).reply(question("hi"), deltas::add))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("500");
                });
    }

    @Test
    void aRateLimitIsARetryableModelException() {
        server.enqueue(Reply.error(429, "slow down"));

        assertThatThrownBy(() -> streamingModel(0).reply(question("hi"), deltas::add))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("429");
                });
    }

    @Test
    void aBadRequestIsAModelExceptionNotWorthRetrying() {
        server.enqueue(Reply.error(400, "context too long"));

        assertThatThrownBy(() -> streamingModel(2).reply(question("hi"), deltas::add))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("400");
                });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aCallSlowerThanTheTimeoutIsARetryableModelException() {
        server.enqueue(Reply.text("late").slow(Duration.ofSeconds(5), Duration.ZERO));
        AgentModel model = SpringAiModel.streaming(ModelProviders.springAi(settings(0, Duration.ofMillis(300))),
                FakeOpenAiServer.MODEL, 128_000);

        assertThatThrownBy(() -> model.reply(question("hi"), deltas::add))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void blockingModeMakesOneNonStreamingCall() throws Exception {
        server.enqueue(Reply.toolCalls(
                        new Call("call_1", "trace_search", "{\"service\":\"checkout\"}"),
                        new Call("call_2", "log_search", "{\"query\":\"x\"}"))
                .withText("Looking.")
                .withUsage(300, 25));
        AgentModel model = SpringAiModel.blocking(ModelProviders.springAi(settings(0, Duration.ofSeconds(10))),
                FakeOpenAiServer.MODEL, 128_000);

        ModelReply reply = model.reply(question("why?", TRACE_SEARCH, LOG_SEARCH), deltas::add);

        assertThat(server.lastRequest().streamed()).isFalse();
        assertThat(reply.text()).isEqualTo("Looking.");
        assertThat(deltas).containsExactly("Looking.");
        assertThat(reply.toolCalls()).containsExactly(
                new ToolCall("call_1", "trace_search", "{\"service\":\"checkout\"}"),
                new ToolCall("call_2", "log_search", "{\"query\":\"x\"}"));
        assertThat(reply.usage()).contains(TokenCounts.of(300, 25));
    }

    @Test
    void aFailedBlockingCallIsAModelException() {
        server.enqueue(Reply.error(503, "overloaded"));
        AgentModel model = SpringAiModel.blocking(ModelProviders.springAi(settings(0, Duration.ofSeconds(10))),
                FakeOpenAiServer.MODEL, 128_000);

        assertThatThrownBy(() -> model.reply(question("hi"), deltas::add))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("503");
                });
    }

}
