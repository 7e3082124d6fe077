package dev.tracehound.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tracehound.agent.model.FakeOpenAiServer.Call;
import dev.tracehound.agent.model.FakeOpenAiServer.Reply;

/** The fake server's wire format and scripting, seen by a plain HTTP client. */
class FakeOpenAiServerTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStreamWithoutIncludeUsageEndsWithDoneAndNoUsageChunk() throws Exception {
        server.enqueue(Reply.toolCalls(new Call("call_1", "t", "{\"a\":1}")).withText("hi").argumentPieces(3));

        HttpResponse<String> response = post("{\"model\":\"m\",\"stream\":true,\"messages\":[]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
        List<String> events = response.body().lines().filter(line -> !line.isEmpty()).toList();
        assertThat(events).allMatch(line -> line.startsWith("data: "));
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        assertThat(response.body()).doesNotContain("\"usage\"");
        assertThat(response.body()).contains("\"id\":\"call_1\"", "\"arguments\":\"{\\\"a\"", "\"arguments\":\"\\\":1\"", "\"arguments\":\"}\"",
                "\"finish_reason\":\"tool_calls\"");
    }

    @Test
    void aStreamWithIncludeUsageEndsWithAUsageChunk() throws Exception {
        server.enqueue(Reply.text("a", "b").withUsage(10, 2));

        HttpResponse<String> response = post(
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}");

        List<String> events = response.body().lines().filter(line -> !line.isEmpty()).toList();
        assertThat(events.get(events.size() - 2)).contains("\"choices\":[]", "\"prompt_tokens\":10", "\"completion_tokens\":2");
    }

    @Test
    void scriptedRepliesComeInOrderThenTheFallbackThenA400() throws Exception {
        server.enqueue(Reply.error(429, "later"));
        server.enqueue(request -> Reply.text("you said " + request.lastUserMessage()));

        assertThat(post("{\"messages\":[]}").statusCode()).isEqualTo(429);
        assertThat(post("{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}").body()).contains("you said ping");
        HttpResponse<String> unscripted = post("{\"messages\":[]}");
        assertThat(unscripted.statusCode()).isEqualTo(400);
        assertThat(unscripted.body()).contains("no scripted reply left");

        server.otherwise(request -> Reply.text("fallback"));
        assertThat(post("{\"messages\":[]}").body()).contains("\"content\":\"fallback\"");
        assertThat(server.requests()).hasSize(4);
        assertThat(server.requests().get(1).lastUserMessage()).isEqualTo("ping");
    }
}
