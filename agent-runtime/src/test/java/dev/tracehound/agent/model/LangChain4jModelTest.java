package dev.tracehound.agent.model;

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

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tracehound.platform.pricing.TokenCounts;
import tools.jackson.databind.JsonNode;

/**
 * Drives the real LangChain4j OpenAI clients, through {@link LangChain4jModel}, against
 * {@link FakeOpenAiServer}: what LangChain4j does its own way. What both adapters promise alike is
 * in {@link ModelAdaptersTest}.
 */
class LangChain4jModelTest {

    // With the meta keyword $schema, which LangChain4j's typed schema has no place for.
    private static final ModelRequest.ToolSpec TRACE_SEARCH = new ModelRequest.ToolSpec("trace_search",
            "Finds traces matching a filter.",
            """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"service":{"type":"string"},"limit":{"type":"integer"}},"required":["service"]}""");

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
    void aSingleToolCallFromABlockingModelComesBackWithUsage() throws Exception {
        server.enqueue(Reply.toolCalls(new Call("call_abc", "trace_search", "{\"service\":\"checkout\"}")).withUsage(80, 12));

        ModelReply reply = blockingModel(0).reply(question("why?", TRACE_SEARCH), deltas::add);

        assertThat(server.lastRequest().streamed()).isFalse();
        assertThat(reply.toolCalls()).containsExactly(new ToolCall("call_abc", "trace_search", "{\"service\":\"checkout\"}"));
        assertThat(reply.usage()).contains(TokenCounts.of(80, 12));
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
    void aSchemaThatIsNotJsonIsAClearError() {
        ModelRequest request = question("hi", new ModelRequest.ToolSpec("broken", "x", "{not json"));

        assertThatThrownBy(() -> blockingModel(0).reply(request, deltas::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool broken");
    }
}
