package dev.tracehound.agent.model;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Anthropic Messages API for tests: {@code POST /v1/messages}, streamed as SSE when the
 * request says {@code "stream": true} ({@code message_start}, per content block
 * {@code content_block_start} (text or {@code tool_use}), {@code content_block_delta}
 * ({@code text_delta} or {@code input_json_delta}) and {@code content_block_stop}, then
 * {@code message_delta} with the stop reason and the usage so far, and {@code message_stop}).
 * Like the real API it wants {@code x-api-key}, {@code anthropic-version} and {@code max_tokens},
 * and refuses a {@code tool_result} that answers no {@code tool_use} of the turn before.
 */
public final class FakeAnthropicServer extends FakeModelServer {

    private static final int ARGUMENT_PIECE_LENGTH = 7;

    private final AtomicInteger messageIds = new AtomicInteger();

    private FakeAnthropicServer() {
        super("/v1/messages");
    }

    public static FakeAnthropicServer start() {
        return new FakeAnthropicServer();
    }

    /** The base URL a client is given: the root, as ANTHROPIC_BASE_URL names it (no /v1). */
    public String baseUrl() {
        return root();
    }

    @Override
    protected String keyOf(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("x-api-key");
    }

    @Override
    protected String malformed(HttpExchange exchange, JsonNode body) {
        if (exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
            return "anthropic-version: header is required";
        }
        if (!body.path("max_tokens").isNumber()) {
            return "max_tokens: Field required";
        }
        Set<String> openCalls = new HashSet<>();
        int index = 0;
        for (JsonNode message : body.path("messages")) {
            String role = message.path("role").asString();
            Set<String> calledHere = new HashSet<>();
            for (JsonNode block : blocks(message)) {
                String type = block.path("type").asString();
                if ("tool_use".equals(type) && "assistant".equals(role)) {
                    calledHere.add(block.path("id").asString());
                } else if ("tool_result".equals(type)) {
                    if (!"user".equals(role) || !openCalls.remove(block.path("tool_use_id").asString())) {
                        return "messages." + index + ": tool_result " + block.path("tool_use_id").asString()
                                + " does not answer a tool_use of the previous message";
                    }
                }
            }
            if ("assistant".equals(role)) {
                openCalls = calledHere;
            }
            index++;
        }
        return null;
    }

    @Override
    protected boolean streamed(JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    @Override
    protected Map<String, JsonNode> tools(JsonNode body) {
        var tools = new LinkedHashMap<String, JsonNode>();
        body.path("tools").forEach(tool -> tools.put(tool.path("name").asString(), tool.path("input_schema")));
        return tools;
    }

    @Override
    protected List<String> toolResults(JsonNode body) {
        List<String> results = new ArrayList<>();
        body.path("messages").forEach(message -> blocks(message).forEach(block -> {
            if ("tool_result".equals(block.path("type").asString())) {
                JsonNode content = block.path("content");
                if (content.isArray()) {
                    var text = new StringBuilder();
                    content.forEach(part -> text.append(part.path("text").asString()));
                    results.add(text.toString());
                } else {
                    results.add(content.asString());
                }
            }
        }));
        return results;
    }

    private static List<JsonNode> blocks(JsonNode message) {
        List<JsonNode> blocks = new ArrayList<>();
        if (message.path("content").isArray()) {
            message.path("content").forEach(blocks::add);
        }
        return blocks;
    }

    @Override
    protected JsonNode errorBody(int status, String message) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        }).put("message", message);
        return body;
    }

    @Override
    protected String refusedKeyMessage() {
        return "invalid x-api-key";
    }

    @Override
    protected String unknownModelMessage(String model) {
        return "model: " + model;
    }

    @Override
    protected void answer(HttpExchange exchange, RecordedRequest request, Answer answer) throws IOException {
        String id = "msg_" + messageIds.incrementAndGet();
        String stopReason = answer.toolCalls().isEmpty() ? "end_turn" : "tool_use";
        if (!request.streamed()) {
            ObjectNode message = message(id, request.model(), answer, answer.outputTokens());
            ArrayNode content = message.putArray("content");
            if (!answer.text().isEmpty()) {
                content.addObject().put("type", "text").put("text", answer.text());
            }
            for (Call call : answer.toolCalls()) {
                content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                        .set("input", argumentsObject(call));
            }
            message.put("stop_reason", stopReason);
            sendJson(exchange, 200, message);
            return;
        }
        List<String> events = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.set("message", message(id, request.model(), answer, 1).putNull("stop_reason"));
        ((ObjectNode) start.get("message")).putArray("content");
        events.add(event(start));
        events.add(event(JSON.createObjectNode().put("type", "ping")));
        int index = 0;
        if (!answer.textDeltas().isEmpty()) {
            ObjectNode block = JSON.createObjectNode().put("type", "text").put("text", "");
            events.add(blockStart(index, block));
            for (String delta : answer.textDeltas()) {
                events.add(blockDelta(index, JSON.createObjectNode().put("type", "text_delta").put("text", delta)));
            }
            events.add(blockStop(index++));
        }
        for (Call call : answer.toolCalls()) {
            ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.putObject("input");
            events.add(blockStart(index, block));
            for (int from = 0; from < call.arguments().length(); from += ARGUMENT_PIECE_LENGTH) {
                String piece = call.arguments().substring(from, Math.min(call.arguments().length(), from + ARGUMENT_PIECE_LENGTH));
                events.add(blockDelta(index, JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", piece)));
            }
            events.add(blockStop(index++));
        }
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        // As the API does now: message_delta's counts are cumulative, the input and cache counts repeated.
        delta.set("usage", usage(answer, answer.outputTokens()));
        events.add(event(delta));
        events.add(event(JSON.createObjectNode().put("type", "message_stop")));

        exchange.getResponseHeaders().add("request-id", "req_" + id);
        OutputStream out = startStream(exchange, "text/event-stream");
        try {
            for (String event : events) {
                write(out, event);
            }
        } catch (IOException clientGone) {
            // The client stopped reading; nothing to finish.
        }
    }

    private static ObjectNode message(String id, String model, Answer answer, int outputTokens) {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        message.putNull("stop_sequence");
        message.set("usage", usage(answer, outputTokens));
        return message;
    }

    /** Anthropic's usage: input_tokens leaves out the cache reads and writes, sent only when not 0. */
    private static ObjectNode usage(Answer answer, int outputTokens) {
        ObjectNode usage = JSON.createObjectNode().put("input_tokens", answer.inputTokens());
        if (answer.cacheReadTokens() > 0 || answer.cacheWriteTokens() > 0) {
            usage.put("cache_read_input_tokens", answer.cacheReadTokens())
                    .put("cache_creation_input_tokens", answer.cacheWriteTokens());
        }
        return usage.put("output_tokens", outputTokens);
    }

    private static String blockStart(int index, ObjectNode block) {
        ObjectNode event = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        event.set("content_block", block);
        return event(event);
    }

    private static String blockDelta(int index, ObjectNode delta) {
        ObjectNode event = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        return event(event);
    }

    private static String blockStop(int index) {
        return event(JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
    }

    private static String event(ObjectNode data) {
        return "event: " + data.path("type").asString() + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
    }
}
