package dev.tracehound.agent.model;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fake provider servers ({@link FakeOllamaServer}, {@link FakeAnthropicServer}) share:
 * a JDK HTTP server on a free loopback port that answers one chat endpoint from a script, checks
 * first what the real provider checks first (the key, then the model), and records every
 * request. Each request takes the next scripted reply; when the script is used up, the fallback
 * answers (if set), else the request fails with a 400 that says so.
 */
public abstract class FakeModelServer implements AutoCloseable {

    protected static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final String chatPath;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<Function<RecordedRequest, Reply>> script = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, Reply> fallback;
    private volatile String requiredKey;
    private volatile Set<String> knownModels = Set.of();

    protected FakeModelServer(String chatPath) {
        this.chatPath = chatPath;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + getClass().getSimpleName(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The server's root, e.g. {@code http://127.0.0.1:40123}. */
    public String root() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** The next request gets this reply. */
    public FakeModelServer enqueue(Reply reply) {
        return enqueue(request -> reply);
    }

    /** The next request gets the reply computed from it (e.g. from the last tool result). */
    public synchronized FakeModelServer enqueue(Function<RecordedRequest, Reply> reply) {
        script.addLast(reply);
        return this;
    }

    /** Answers every request that finds the script used up. */
    public FakeModelServer otherwise(Function<RecordedRequest, Reply> reply) {
        this.fallback = reply;
        return this;
    }

    /** From now on a request without this key is refused with a 401, as the provider refuses it. */
    public FakeModelServer requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    /** From now on a request for another model is answered with the provider's 404. */
    public FakeModelServer knownModels(String... models) {
        this.knownModels = Set.of(models);
        return this;
    }

    /** Every request received so far, in order (refused ones included). */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("no request received");
        }
        return requests.getLast();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- what each provider's wire protocol decides

    /** The key the request carries, as this provider carries it (a header), or null. */
    protected abstract String keyOf(HttpExchange exchange);

    /** A reason to refuse the request before looking at the script, as the provider would (400), or null. */
    protected abstract String malformed(HttpExchange exchange, JsonNode body);

    /** Whether the client asked for a stream. */
    protected abstract boolean streamed(JsonNode body);

    /** The tools offered, by name, with their input schemas. */
    protected abstract Map<String, JsonNode> tools(JsonNode body);

    /** The contents of the tool results in the conversation, in order. */
    protected abstract List<String> toolResults(JsonNode body);

    /** The provider's error body for a status and message. */
    protected abstract JsonNode errorBody(int status, String message);

    /** The provider's messages for a refused key and an unknown model. */
    protected abstract String refusedKeyMessage();

    protected abstract String unknownModelMessage(String model);

    /** Sends a whole answer, streamed or not, in the provider's format. */
    protected abstract void answer(HttpExchange exchange, RecordedRequest request, Answer answer) throws IOException;

    // ---- the exchange

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().equals(chatPath)) {
                sendJson(exchange, 404, errorBody(404, "no such endpoint: " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI()));
                return;
            }
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (RuntimeException e) {
                sendJson(exchange, 400, errorBody(400, "request body is not JSON: " + e.getMessage()));
                return;
            }
            var headers = new LinkedHashMap<String, String>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    values.getFirst()));
            var request = new RecordedRequest(new String(body, StandardCharsets.UTF_8), json, keyOf(exchange), headers,
                    streamed(json), tools(json), toolResults(json));
            requests.add(request);
            String key = requiredKey;
            if (key != null && !key.equals(request.key())) {
                sendJson(exchange, 401, errorBody(401, refusedKeyMessage()));
                return;
            }
            if (!knownModels.isEmpty() && !knownModels.contains(request.model())) {
                sendJson(exchange, 404, errorBody(404, unknownModelMessage(request.model())));
                return;
            }
            String problem = malformed(exchange, json);
            if (problem != null) {
                sendJson(exchange, 400, errorBody(400, problem));
                return;
            }
            Function<RecordedRequest, Reply> next = nextReply();
            if (next == null) {
                sendJson(exchange, 400, errorBody(400, "fake server: no scripted reply left for request " + requests.size()));
                return;
            }
            switch (next.apply(request)) {
                case Failure failure -> sendJson(exchange, failure.status(), errorBody(failure.status(), failure.message()));
                case Answer answer -> answer(exchange, request, answer);
            }
        }
    }

    private synchronized Function<RecordedRequest, Reply> nextReply() {
        Function<RecordedRequest, Reply> next = script.pollFirst();
        return next != null ? next : fallback;
    }

    protected static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Starts a streamed 200 answer; the caller writes and flushes its parts. */
    protected static OutputStream startStream(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    protected static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A call's arguments as a JSON object, for providers that send them parsed. */
    protected static JsonNode argumentsObject(Call call) {
        return JSON.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
    }

    /** What the server answers one request with. */
    public sealed interface Reply {

        /** A text answer, sent as these deltas when streamed (joined when not). */
        static Answer text(String... deltas) {
            return new Answer(List.of(deltas), List.of(), 42, 7, 0, 0);
        }

        /** One or several (parallel) tool calls. */
        static Answer toolCalls(Call... calls) {
            return new Answer(List.of(), List.of(calls), 42, 7, 0, 0);
        }

        /** An HTTP error with the provider's error body. */
        static Failure error(int status, String message) {
            return new Failure(status, message);
        }
    }

    /**
     * A successful answer and the tokens the provider reports for it, as the provider counts them.
     * The cache counts are Anthropic's {@code cache_read_input_tokens} and
     * {@code cache_creation_input_tokens}, apart from {@code inputTokens}; Ollama reports none and
     * its fake leaves them out.
     */
    public record Answer(List<String> textDeltas, List<Call> toolCalls, int inputTokens, int outputTokens,
                         int cacheReadTokens, int cacheWriteTokens) implements Reply {

        public Answer {
            textDeltas = List.copyOf(textDeltas);
            toolCalls = List.copyOf(toolCalls);
        }

        public Answer withUsage(int input, int output) {
            return new Answer(textDeltas, toolCalls, input, output, cacheReadTokens, cacheWriteTokens);
        }

        /** Tokens read from and written to the provider's prompt cache (Anthropic), besides {@link #inputTokens}. */
        public Answer withCache(int read, int write) {
            return new Answer(textDeltas, toolCalls, inputTokens, outputTokens, read, write);
        }

        public String text() {
            return String.join("", textDeltas);
        }
    }

    public record Failure(int status, String message) implements Reply {}

    /** A tool call as the fake model makes it; {@code arguments} is JSON text. */
    public record Call(String id, String name, String arguments) {}

    /**
     * One request as received: its body, the key it carried, its headers (names in lower case),
     * and what the provider's format says about tools.
     */
    public record RecordedRequest(String body, JsonNode json, String key, Map<String, String> headers, boolean streamed,
                                  Map<String, JsonNode> tools, List<String> toolResults) {

        public String model() {
            return json.path("model").asString();
        }

        public List<String> toolNames() {
            return List.copyOf(tools.keySet());
        }

        public String lastToolResult() {
            return toolResults.isEmpty() ? "" : toolResults.getLast();
        }
    }
}
