package dev.tracehound.agent.model;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local OpenAI-compatible chat completions server for tests. It answers
 * {@code POST /v1/chat/completions}, streaming (SSE) or not, as the request asks, from a script:
 * each request takes the next scripted reply, which may be computed from the request itself;
 * when the script is used up, the fallback answers (if set), else the request fails with a 400
 * that says so. Every request is recorded.
 *
 * <pre>{@code
 * try (var server = FakeOpenAiServer.start()) {
 *     server.enqueue(FakeOpenAiServer.Reply.toolCalls(new FakeOpenAiServer.Call("call_1", "trace_search", "{}")));
 *     server.enqueue(request -> FakeOpenAiServer.Reply.text("Found ", request.lastToolResult()));
 *     // point a client at server.baseUrl()
 * }
 * }</pre>
 */
public final class FakeOpenAiServer implements AutoCloseable {

    public static final String MODEL = "fake-model";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<Function<RecordedRequest, Reply>> script = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger abandonedStreams = new AtomicInteger();
    private final AtomicInteger completionIds = new AtomicInteger();
    private volatile Function<RecordedRequest, Reply> fallback;
    private volatile String requiredKey;
    private volatile Set<String> knownModels = Set.of();

    private FakeOpenAiServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    public static FakeOpenAiServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeOpenAiServer fake = new FakeOpenAiServer(http);
            http.createContext("/", fake::handle);
            http.setExecutor(fake.executor);
            http.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake OpenAI server", e);
        }
    }

    /** The base URL a client is given, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1";
    }

    /** The next request gets this reply. */
    public FakeOpenAiServer enqueue(Reply reply) {
        return enqueue(request -> reply);
    }

    /** The next request gets the reply computed from it (e.g. from the last tool result). */
    public synchronized FakeOpenAiServer enqueue(Function<RecordedRequest, Reply> reply) {
        script.addLast(reply);
        return this;
    }

    /** Answers every request that finds the script used up. */
    public FakeOpenAiServer otherwise(Function<RecordedRequest, Reply> reply) {
        this.fallback = reply;
        return this;
    }

    /** From now on a request without this bearer key is refused with a 401, as OpenAI refuses it. */
    public FakeOpenAiServer requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    /** From now on a request for another model is answered with OpenAI's 404. */
    public FakeOpenAiServer knownModels(String... models) {
        this.knownModels = Set.of(models);
        return this;
    }

    /** Every request received so far, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("no request received");
        }
        return requests.getLast();
    }

    /** Streams the client stopped reading before the server had sent them whole. */
    public int abandonedStreams() {
        return abandonedStreams.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
                sendJson(exchange, 404, error("no such endpoint: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()));
                return;
            }
            RecordedRequest request;
            try {
                request = new RecordedRequest(new String(body, StandardCharsets.UTF_8), JSON.readTree(body),
                        exchange.getRequestHeaders().getFirst("Authorization"));
            } catch (RuntimeException e) {
                sendJson(exchange, 400, error("request body is not JSON: " + e.getMessage()));
                return;
            }
            requests.add(request);
            String key = requiredKey;
            if (key != null && !("Bearer " + key).equals(request.authorization())) {
                sendJson(exchange, 401, error("Incorrect API key provided."));
                return;
            }
            if (!knownModels.isEmpty() && !knownModels.contains(request.model())) {
                sendJson(exchange, 404, error("The model `" + request.model() + "` does not exist or you do not have access to it."));
                return;
            }
            Function<RecordedRequest, Reply> next = nextReply();
            if (next == null) {
                sendJson(exchange, 400, error("fake server: no scripted reply left for request " + requests.size()));
                return;
            }
            switch (next.apply(request)) {
                case Failure failure -> {
                    exchange.getResponseHeaders().add("retry-after-ms", "10");
                    sendJson(exchange, failure.status(), error(failure.message()));
                }
                case Completion completion -> {
                    if (request.streamed()) {
                        stream(exchange, request, completion);
                    } else {
                        pause(completion.firstChunkDelay());
                        sendJson(exchange, 200, wholeCompletion(completion));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Function<RecordedRequest, Reply> nextReply() {
        Function<RecordedRequest, Reply> next = script.pollFirst();
        return next != null ? next : fallback;
    }

    private void stream(HttpExchange exchange, RecordedRequest request, Completion completion) throws IOException, InterruptedException {
        String id = "chatcmpl-" + completionIds.incrementAndGet();
        List<ObjectNode> chunks = new ArrayList<>();
        chunks.add(chunk(id, delta -> delta.put("role", "assistant").put("content", ""), null));
        for (String text : completion.textDeltas()) {
            chunks.add(chunk(id, delta -> delta.put("content", text), null));
        }
        for (int index = 0; index < completion.toolCalls().size(); index++) {
            Call call = completion.toolCalls().get(index);
            int callIndex = index;
            // As OpenAI does: the first fragment names the call, the next ones carry pieces of its arguments.
            chunks.add(chunk(id, delta -> {
                ObjectNode fragment = delta.putArray("tool_calls").addObject();
                fragment.put("index", callIndex).put("id", call.id()).put("type", "function");
                fragment.putObject("function").put("name", call.name()).put("arguments", "");
            }, null));
            for (String piece : pieces(call.arguments(), completion.argumentPieceLength())) {
                chunks.add(chunk(id, delta -> delta.putArray("tool_calls").addObject()
                        .put("index", callIndex).putObject("function").put("arguments", piece), null));
            }
        }
        chunks.add(chunk(id, delta -> {}, completion.finishReason()));
        if (request.json().path("stream_options").path("include_usage").asBoolean(false) && completion.usage() != null) {
            ObjectNode usageChunk = chunkEnvelope(id);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(completion.usage()));
            chunks.add(usageChunk);
        }

        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            pause(completion.firstChunkDelay());
            for (ObjectNode chunk : chunks) {
                out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                pause(completion.chunkDelay());
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException clientGone) {
            abandonedStreams.incrementAndGet();
        }
    }

    private ObjectNode wholeCompletion(Completion completion) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-" + completionIds.incrementAndGet())
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", MODEL);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        String text = String.join("", completion.textDeltas());
        if (text.isEmpty() && !completion.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        message.putNull("refusal");
        if (!completion.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (Call call : completion.toolCalls()) {
                ObjectNode node = calls.addObject().put("id", call.id()).put("type", "function");
                node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", completion.finishReason());
        if (completion.usage() != null) {
            body.set("usage", usage(completion.usage()));
        }
        return body;
    }

    private ObjectNode chunk(String id, java.util.function.Consumer<ObjectNode> delta, String finishReason) {
        ObjectNode chunk = chunkEnvelope(id);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        delta.accept(choice.putObject("delta"));
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static ObjectNode chunkEnvelope(String id) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", id).put("object", "chat.completion.chunk").put("created", 1_700_000_000L).put("model", MODEL);
        return chunk;
    }

    private static ObjectNode usage(Usage usage) {
        ObjectNode node = JSON.createObjectNode()
                .put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.promptTokens() + usage.completionTokens());
        // As OpenAI does: parts of the totals above, not added to them.
        if (usage.cachedTokens() > 0) {
            node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens()).put("audio_tokens", 0);
        }
        if (usage.reasoningTokens() > 0) {
            node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens())
                    .put("audio_tokens", 0).put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        }
        return node;
    }

    private static ObjectNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "fake_error").putNull("param").putNull("code");
        return body;
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static List<String> pieces(String text, int length) {
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < text.length(); start += length) {
            pieces.add(text.substring(start, Math.min(text.length(), start + length)));
        }
        return pieces;
    }

    private static void pause(Duration delay) throws InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay);
        }
    }

    /** What the server answers one request with. */
    public sealed interface Reply {

        /** A text answer, sent as these deltas when streamed (joined when not). */
        static Completion text(String... deltas) {
            return new Completion(List.of(deltas), List.of(), Usage.DEFAULT, Duration.ZERO, Duration.ZERO, 7);
        }

        /** One or several (parallel) tool calls, their arguments streamed in fragments. */
        static Completion toolCalls(Call... calls) {
            return new Completion(List.of(), List.of(calls), Usage.DEFAULT, Duration.ZERO, Duration.ZERO, 7);
        }

        /** An HTTP error with an OpenAI-shaped error body. */
        static Failure error(int status, String message) {
            return new Failure(status, message);
        }
    }

    /**
     * A successful answer. {@code usage} null sends none; {@code argumentPieceLength} is how many
     * characters of a call's arguments go in each streamed fragment.
     */
    public record Completion(List<String> textDeltas, List<Call> toolCalls, Usage usage,
                             Duration firstChunkDelay, Duration chunkDelay, int argumentPieceLength) implements Reply {

        public Completion {
            textDeltas = List.copyOf(textDeltas);
            toolCalls = List.copyOf(toolCalls);
            if (argumentPieceLength < 1) {
                throw new IllegalArgumentException("argumentPieceLength must be positive");
            }
        }

        public Completion withText(String... deltas) {
            return new Completion(List.of(deltas), toolCalls, usage, firstChunkDelay, chunkDelay, argumentPieceLength);
        }

        public Completion withUsage(int promptTokens, int completionTokens) {
            return withUsage(promptTokens, completionTokens, 0, 0);
        }

        /**
         * Usage as OpenAI counts it: {@code cachedTokens} ({@code prompt_tokens_details}) are part of
         * {@code promptTokens}, {@code reasoningTokens} ({@code completion_tokens_details}) part of
         * {@code completionTokens}.
         */
        public Completion withUsage(int promptTokens, int completionTokens, int cachedTokens, int reasoningTokens) {
            return new Completion(textDeltas, toolCalls, new Usage(promptTokens, completionTokens, cachedTokens,
                    reasoningTokens), firstChunkDelay, chunkDelay, argumentPieceLength);
        }

        public Completion withoutUsage() {
            return new Completion(textDeltas, toolCalls, null, firstChunkDelay, chunkDelay, argumentPieceLength);
        }

        /** Waits before the first chunk (or the whole body) and between streamed chunks. */
        public Completion slow(Duration beforeFirstChunk, Duration betweenChunks) {
            return new Completion(textDeltas, toolCalls, usage, beforeFirstChunk, betweenChunks, argumentPieceLength);
        }

        public Completion argumentPieces(int length) {
            return new Completion(textDeltas, toolCalls, usage, firstChunkDelay, chunkDelay, length);
        }

        String finishReason() {
            return toolCalls.isEmpty() ? "stop" : "tool_calls";
        }
    }

    /** An HTTP error; it carries {@code retry-after-ms: 10} so clients that retry do so at once. */
    public record Failure(int status, String message) implements Reply {}

    /** A tool call as the fake model makes it; {@code arguments} is sent as is, even if not JSON. */
    public record Call(String id, String name, String arguments) {}

    /** Details are sent only when not 0. */
    public record Usage(int promptTokens, int completionTokens, int cachedTokens, int reasoningTokens) {
        static final Usage DEFAULT = new Usage(42, 7, 0, 0);
    }

    /** One request as received. */
    public record RecordedRequest(String body, JsonNode json, String authorization) {

        public boolean streamed() {
            return json.path("stream").asBoolean(false);
        }

        public String model() {
            return json.path("model").asString();
        }

        public JsonNode messages() {
            return json.path("messages");
        }

        /** The names of the tools the model was offered. */
        public List<String> toolNames() {
            List<String> names = new ArrayList<>();
            json.path("tools").forEach(tool -> names.add(tool.path("function").path("name").asString()));
            return names;
        }

        /** The messages with role {@code tool}, in order. */
        public List<JsonNode> toolResults() {
            List<JsonNode> results = new ArrayList<>();
            messages().forEach(message -> {
                if ("tool".equals(message.path("role").asString())) {
                    results.add(message);
                }
            });
            return results;
        }

        /** The content of the last tool result, or "" when there is none. */
        public String lastToolResult() {
            List<JsonNode> results = toolResults();
            return results.isEmpty() ? "" : results.getLast().path("content").asString();
        }

        /** The content of the last user message, or "" when there is none. */
        public String lastUserMessage() {
            String last = "";
            for (JsonNode message : messages()) {
                if ("user".equals(message.path("role").asString())) {
                    last = message.path("content").asString();
                }
            }
            return last;
        }
    }
}
