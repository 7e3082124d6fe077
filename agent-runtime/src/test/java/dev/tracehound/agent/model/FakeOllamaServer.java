package dev.tracehound.agent.model;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Ollama server for tests: {@code POST /api/chat}, streamed as NDJSON (one JSON object a
 * line, {@code message.content} deltas, {@code message.tool_calls} with arguments as objects,
 * a last line with {@code done: true}, {@code done_reason}, {@code prompt_eval_count} and
 * {@code eval_count}) unless the request says {@code "stream": false}. Ollama's errors are
 * {@code {"error": "..."}}; a key, where required, is a bearer token (Ollama's cloud, or a proxy).
 */
public final class FakeOllamaServer extends FakeModelServer {

    private static final String CREATED_AT = "2025-05-27T22:54:57.641643Z";

    private FakeOllamaServer() {
        super("/api/chat");
    }

    public static FakeOllamaServer start() {
        return new FakeOllamaServer();
    }

    /** The base URL a client is given: the server's root, as OLLAMA_HOST names it. */
    public String baseUrl() {
        return root();
    }

    @Override
    protected String keyOf(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : null;
    }

    @Override
    protected String malformed(HttpExchange exchange, JsonNode body) {
        if (!body.path("messages").isArray()) {
            return "messages is required";
        }
        return null;
    }

    @Override
    protected boolean streamed(JsonNode body) {
        // Ollama streams unless told not to.
        return body.path("stream").asBoolean(true);
    }

    @Override
    protected Map<String, JsonNode> tools(JsonNode body) {
        var tools = new LinkedHashMap<String, JsonNode>();
        body.path("tools").forEach(tool -> tools.put(tool.path("function").path("name").asString(),
                tool.path("function").path("parameters")));
        return tools;
    }

    @Override
    protected List<String> toolResults(JsonNode body) {
        List<String> results = new ArrayList<>();
        body.path("messages").forEach(message -> {
            if ("tool".equals(message.path("role").asString())) {
                results.add(message.path("content").asString());
            }
        });
        return results;
    }

    @Override
    protected JsonNode errorBody(int status, String message) {
        return JSON.createObjectNode().put("error", message);
    }

    @Override
    protected String refusedKeyMessage() {
        return "unauthorized";
    }

    @Override
    protected String unknownModelMessage(String model) {
        return "model \"" + model + "\" not found, try pulling it first";
    }

    @Override
    protected void answer(HttpExchange exchange, RecordedRequest request, Answer answer) throws IOException {
        if (!request.streamed()) {
            ObjectNode whole = line(request, answer.text());
            addToolCalls(whole, answer);
            sendJson(exchange, 200, done(whole, answer));
            return;
        }
        List<ObjectNode> lines = new ArrayList<>();
        for (String delta : answer.textDeltas()) {
            lines.add(line(request, delta));
        }
        if (!answer.toolCalls().isEmpty()) {
            // Ollama sends each call whole, in one line, its arguments already parsed.
            ObjectNode calls = line(request, "");
            addToolCalls(calls, answer);
            lines.add(calls);
        }
        lines.add(done(line(request, ""), answer));
        OutputStream out = startStream(exchange, "application/x-ndjson");
        try {
            for (ObjectNode line : lines) {
                write(out, JSON.writeValueAsString(line) + "\n");
            }
        } catch (IOException clientGone) {
            // The client stopped reading; nothing to finish.
        }
    }

    private static ObjectNode line(RecordedRequest request, String content) {
        ObjectNode line = JSON.createObjectNode();
        line.put("model", request.model()).put("created_at", CREATED_AT);
        line.putObject("message").put("role", "assistant").put("content", content);
        line.put("done", false);
        return line;
    }

    private static void addToolCalls(ObjectNode line, Answer answer) {
        if (answer.toolCalls().isEmpty()) {
            return;
        }
        ArrayNode calls = ((ObjectNode) line.get("message")).putArray("tool_calls");
        for (Call call : answer.toolCalls()) {
            calls.addObject().putObject("function").put("name", call.name()).set("arguments", argumentsObject(call));
        }
    }

    private static ObjectNode done(ObjectNode line, Answer answer) {
        return line.put("done", true)
                .put("done_reason", "stop")
                .put("total_duration", 4_883_583_458L)
                .put("load_duration", 1_334_875L)
                .put("prompt_eval_count", answer.inputTokens())
                .put("prompt_eval_duration", 342_546_000L)
                .put("eval_count", answer.outputTokens())
                .put("eval_duration", 4_535_599_000L);
    }
}
