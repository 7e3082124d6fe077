package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.app.SseClient.Event;
import dev.tracehound.fixtures.FakeModelServer.Call;
import dev.tracehound.fixtures.FakeModelServer.RecordedRequest;
import dev.tracehound.fixtures.FakeModelServer.Reply;
import dev.tracehound.fixtures.FakeOpenAiServer;
import dev.tracehound.platform.ProjectDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent over HTTP, end to end: the real Spring AI OpenAI client talking to a local fake
 * OpenAI-compatible server that streams scripted tool calls, the real tools on the demo data in
 * ClickHouse, real sandboxes on the Docker engine, sessions in PostgreSQL, and the runs read as
 * Server-Sent Events the way a browser reads them.
 *
 * <p>Each test's question carries a tag; the fake model answers each request with the next step
 * of the script registered under the tag of the request's last question, so tests need no order.
 */
class AgentApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final Pattern TRACE_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");
    private static final Pattern TAG = Pattern.compile("\\[([a-z-]+)]");
    private static final String READ_KEY = "thk_demo_read_local_only_not_secret";

    private static final Map<String, Deque<Function<RecordedRequest, Reply>>> SCRIPTS = new ConcurrentHashMap<>();
    @AutoClose
    private static FakeOpenAiServer model;
    @AutoClose
    private static RunningApp app;
    private static String project;

    @BeforeAll
    static void start() {
        model = FakeOpenAiServer.start().otherwise(AgentApiIT::scripted);
        app = RunningApp.start(Map.ofEntries(
                Map.entry("tracehound.demo.enabled", "true"),
                Map.entry("tracehound.demo.target-spans", "30000"),
                Map.entry("tracehound.agent.base-url", model.baseUrl()),
                Map.entry("tracehound.agent.api-key", "test-key"),
                Map.entry("tracehound.agent.model", FakeOpenAiServer.MODEL),
                // A million tokens cost a dollar, a session may spend one: the scripted usage decides.
                Map.entry("tracehound.llm-prices.[" + FakeOpenAiServer.MODEL + "].input", "1"),
                Map.entry("tracehound.llm-prices.[" + FakeOpenAiServer.MODEL + "].output", "1"),
                Map.entry("tracehound.agent.session-budget-usd", "1"),
                Map.entry("tracehound.agent.max-run-tokens", "100000000")));
        project = app.bean(ProjectDirectory.class).find("demo", "shop").orElseThrow().id().toString();
    }

    @Test
    void aMultiStepInvestigationStreamsEveryStepAndAnAnswerCitingWhatTheToolsFound() throws Exception {
        script("multi-step",
                request -> Reply.toolCalls(new Call("c1", "aggregate",
                        "{\"last\": \"24h\", \"service\": \"checkout\", \"group_by\": [\"resource:service.version\"]}")),
                request -> Reply.toolCalls(new Call("c2", "trace_search",
                        "{\"last\": \"24h\", \"service\": \"checkout\", \"status\": \"error\", \"limit\": 3}")),
                request -> Reply.toolCalls(new Call("c3", "get_trace",
                        "{\"trace_id\": \"" + firstTraceId(request.lastToolResult()) + "\"}")),
                request -> Reply.text("Checkout fails since ", "2.3.1: see trace ",
                        firstTraceId(request.lastToolResult()), "."));
        String session = newSession();

        List<Event> events;
        try (var stream = send(session, "[multi-step] why is checkout failing?")) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.untilEnd(RUN);
        }

        assertThat(events.stream().map(Event::type).filter(type -> type.startsWith("tool.")).toList())
                .containsExactly("tool.started", "tool.finished", "tool.started", "tool.finished", "tool.started",
                        "tool.finished");
        assertThat(ofType(events, "tool.finished")).allSatisfy(e -> assertThat(e.data().get("error").asBoolean())
                .as(e.data().toString()).isFalse());
        assertThat(ofType(events, "usage")).hasSize(4);
        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(events.getLast().data().get("reason").asString()).isEqualTo("completed");
        assertGapFree(events, 1);

        // What the tools found reached the model: the versions, then a failed trace and its spans.
        var requests = requestsTagged("multi-step");
        assertThat(requests).hasSize(4).allSatisfy(r -> {
            assertThat(r.streamed()).isTrue();
            assertThat(r.authorization()).isEqualTo("Bearer test-key");
            assertThat(r.toolNames()).contains("trace_search", "get_trace", "aggregate", "bubbleup", "log_search",
                    "llm_usage", "metric_query", "git", "shell");
        });
        assertThat(requests.get(1).lastToolResult()).contains("2.3.1");
        String traceId = firstTraceId(requests.get(2).lastToolResult());
        assertThat(requests.get(3).lastToolResult()).contains(traceId).contains("checkout");
        var traceSearch = ofType(events, "tool.finished").get(1).data();
        assertThat(traceSearch.get("references")).anySatisfy(r -> {
            assertThat(r.get("kind").asString()).isEqualTo("trace");
            assertThat(r.get("id").asString()).isEqualTo(traceId);
        });
        String answer = ofType(events, "message.completed").getFirst().data().get("text").asString();
        assertThat(answer).isEqualTo("Checkout fails since 2.3.1: see trace " + traceId + ".");
        assertThat(joinedDeltas(events)).isEqualTo(answer);

        // The session keeps all of it: messages, tool calls with their outputs, usage.
        JsonNode stored = getJson("/" + session);
        assertThat(stored.get("session").get("status").asString()).isEqualTo("idle");
        assertThat(stored.get("messages")).extracting(m -> m.get("role").asString())
                .containsExactly("user", "assistant", "tool", "assistant", "tool", "assistant", "tool", "assistant");
        assertThat(stored.get("toolCalls")).extracting(c -> c.get("status").asString())
                .containsExactly("succeeded", "succeeded", "succeeded");
        assertThat(stored.get("usage").get("inputTokens").asLong()).isEqualTo(4 * 42);
        assertThat(stored.get("usage").get("outputTokens").asLong()).isEqualTo(4 * 7);
    }

    @Test
    void parallelToolCallsRunAtOnceInTheSessionsSandbox() throws Exception {
        // The first call waits for a file only the second one makes: it passes only if both run at once.
        script("parallel",
                request -> Reply.toolCalls(
                        new Call("wait", "shell", "{\"command\": \"for i in $(seq 100); do [ -f b ] && echo saw-b && "
                                + "exit 0; sleep 0.1; done; exit 3\", \"timeout_seconds\": 30}"),
                        new Call("make", "shell", "{\"command\": \"sleep 0.5; touch b; echo made-b\"}")),
                request -> Reply.text("both ran"));
        String session = newSession();

        List<Event> events;
        try (var stream = send(session, "[parallel] run both")) {
            events = stream.untilEnd(RUN);
        }

        var finished = ofType(events, "tool.finished");
        assertThat(finished).extracting(e -> e.data().get("call_id").asString()).containsExactlyInAnyOrder("wait", "make");
        assertThat(finished).allSatisfy(e -> assertThat(e.data().get("error").asBoolean()).as(e.data().toString()).isFalse());
        var results = requestsTagged("parallel").getLast().toolResults();
        assertThat(results).extracting(r -> r.get("tool_call_id").asString()).containsExactly("wait", "make");
        assertThat(results.get(0).get("content").asString()).contains("exit code 0").contains("saw-b");
        assertThat(results.get(1).get("content").asString()).contains("made-b");
        assertThat(events.getLast().data().get("reason").asString()).isEqualTo("completed");
    }

    @Test
    void aToolErrorGoesBackToTheModelWhichRecovers() throws Exception {
        script("recovers",
                request -> Reply.toolCalls(new Call("bad", "trace_search", "{\"last\": \"yesterday\"}")),
                request -> Reply.toolCalls(new Call("good", "trace_search", "{\"last\": \"24h\", \"limit\": 1}")),
                request -> Reply.text("found ", firstTraceId(request.lastToolResult())));
        String session = newSession();

        List<Event> events;
        try (var stream = send(session, "[recovers] any traces?")) {
            events = stream.untilEnd(RUN);
        }

        var finished = ofType(events, "tool.finished");
        assertThat(finished.get(0).data().get("error").asBoolean()).isTrue();
        assertThat(finished.get(1).data().get("error").asBoolean()).isFalse();
        var requests = requestsTagged("recovers");
        assertThat(requests.get(1).lastToolResult()).contains("invalid input for trace_search").contains("last");
        assertThat(ofType(events, "message.completed").getFirst().data().get("text").asString())
                .matches("found [0-9a-f]{32}");
        JsonNode stored = getJson("/" + session);
        assertThat(stored.get("toolCalls")).extracting(c -> c.get("status").asString())
                .containsExactly("failed", "succeeded");
    }

    @Test
    void aMalformedToolCallIsAnsweredWithAnErrorAndTheRunGoesOn() throws Exception {
        script("malformed",
                request -> Reply.toolCalls(new Call("cut", "trace_search", "{\"last\": \"1h\""),
                        new Call("unknown", "drop_database", "{}")),
                request -> Reply.text("sorry"));
        String session = newSession();

        List<Event> events;
        try (var stream = send(session, "[malformed] go")) {
            events = stream.untilEnd(RUN);
        }

        var results = requestsTagged("malformed").getLast().toolResults();
        assertThat(results.get(0).get("content").asString()).contains("not valid JSON");
        assertThat(results.get(1).get("content").asString()).contains("no tool named 'drop_database'");
        assertThat(events.getLast().data().get("reason").asString()).isEqualTo("completed");
        assertThat(ofType(events, "error")).isEmpty();
    }

    @Test
    void cancellingMidShellKillsTheCommandAndTheSessionGoesOn() throws Exception {
        script("cancel",
                request -> Reply.toolCalls(new Call("sleepy", "shell",
                        "{\"command\": \"sleep 287; echo never\", \"timeout_seconds\": 290}")));
        script("after-cancel",
                request -> Reply.toolCalls(new Call("ps", "shell", "{\"command\": \"ps -eo args\"}")),
                request -> Reply.text("checked"));
        String session = newSession();

        List<Event> events = new ArrayList<>();
        try (var stream = send(session, "[cancel] sleep")) {
            events.addAll(stream.until("tool.started", RUN));
            Thread.sleep(500);
            boolean cancelled = postJson("/" + session + "/cancel", "").get("cancelled").asBoolean();
            events.addAll(stream.untilEnd(RUN));
            assertThat(cancelled).as(events.toString()).isTrue();
        }

        assertThat(ofType(events, "tool.finished").getFirst().data().get("cancelled").asBoolean()).as(events.toString())
                .isTrue();
        assertThat(ofType(events, "error").getLast().data().get("code").asString()).isEqualTo("cancelled");
        assertThat(events.getLast().data().get("reason").asString()).isEqualTo("cancelled");
        assertThat(getJson("/" + session).get("toolCalls").get(0).get("status").asString()).isEqualTo("cancelled");

        List<Event> next;
        try (var stream = send(session, "[after-cancel] is it gone?")) {
            next = stream.untilEnd(RUN);
        }
        assertThat(next.getLast().data().get("reason").asString()).isEqualTo("completed");
        var request = requestsTagged("after-cancel").getLast();
        assertThat(request.lastToolResult()).contains("ps -eo args").doesNotContain("sleep 287");
        // The cancelled call was answered, so the conversation the model sees stays well formed.
        assertThat(request.toolResults()).extracting(r -> r.get("tool_call_id").asString()).contains("sleepy", "ps");
    }

    @Test
    void aSessionContinuesAfterTheApplicationRestarts() throws Exception {
        script("before-restart",
                request -> Reply.toolCalls(new Call("long", "shell", "{\"command\": \"sleep 289\"}")));
        script("after-restart", request -> Reply.text("I remember: ", Integer.toString(request.messages().size())));
        String session = newSession();
        long lastSeen;
        try (var stream = send(session, "[before-restart] start something long")) {
            lastSeen = stream.until("tool.started", RUN).getLast().id();
        }

        app.restart();

        JsonNode stored = getJson("/" + session);
        assertThat(stored.get("session").get("status").asString()).isEqualTo("idle");
        assertThat(stored.get("toolCalls").get(0).get("status").asString()).isEqualTo("cancelled");
        // What happened while no one listened, replayed from the stored log.
        List<Event> missed;
        try (var stream = SseClient.get(sessions() + "/" + session + "/events", READ_KEY, Long.toString(lastSeen))) {
            missed = stream.untilEnd(RUN);
        }
        assertThat(missed.getFirst().id()).isEqualTo(lastSeen + 1);
        assertThat(missed.getLast().type()).isEqualTo("done");

        List<Event> events;
        try (var stream = send(session, "[after-restart] do you remember?")) {
            events = stream.untilEnd(RUN);
        }
        assertThat(events.getLast().data().get("reason").asString()).isEqualTo("completed");
        var request = requestsTagged("after-restart").getLast();
        assertThat(request.messages()).extracting(m -> m.path("role").asString())
                .containsExactly("system", "user", "assistant", "tool", "user");
        assertThat(request.messages().get(1).get("content").asString()).contains("start something long");
        assertThat(request.toolResults().getFirst().get("content").asString()).contains("did not finish");
    }

    @Test
    void theSessionBudgetStopsARunWithAClearMessage() throws Exception {
        script("budget",
                request -> Reply.toolCalls(new Call("b1", "trace_search", "{\"last\": \"1h\", \"limit\": 1}"))
                        .withUsage(1_500_000, 10),
                request -> Reply.text("never asked"));
        String session = newSession();

        List<Event> events;
        try (var stream = send(session, "[budget] spend")) {
            events = stream.untilEnd(RUN);
        }

        assertThat(ofType(events, "tool.finished")).as(events.toString()).hasSize(1);
        Event error = ofType(events, "error").getLast();
        assertThat(error.data().get("code").asString()).isEqualTo("budget");
        assertThat(error.data().get("message").asString()).containsIgnoringCase("budget");
        assertThat(events.getLast().data().get("reason").asString()).isEqualTo("budget");
        assertThat(requestsTagged("budget")).hasSize(1);
        assertThat(getJson("/" + session).get("usage").get("costMicros").asLong()).isEqualTo(1_500_010);

        List<Event> again;
        try (var stream = send(session, "[budget] more")) {
            again = stream.untilEnd(RUN);
        }
        assertThat(again.getLast().data().get("reason").asString()).isEqualTo("budget");
        assertThat(requestsTagged("budget")).hasSize(1);
    }

    @Test
    void aClientThatLostTheStreamGetsWhatItMissedWithLastEventId() throws Exception {
        String[] deltas = new String[12];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "part " + i + ". ";
        }
        script("replay", request -> Reply.text(deltas).slow(Duration.ofMillis(100), Duration.ofMillis(150)));
        String session = newSession();

        List<Event> first;
        try (var stream = send(session, "[replay] talk slowly")) {
            first = new ArrayList<>(stream.until("message.delta", RUN));
        }
        long lastSeen = first.getLast().id();
        List<Event> rest;
        try (var stream = SseClient.get(sessions() + "/" + session + "/events", READ_KEY, Long.toString(lastSeen))) {
            rest = stream.untilEnd(RUN);
        }

        var all = new ArrayList<>(first);
        all.addAll(rest);
        assertGapFree(all, 1);
        assertThat(all.getLast().type()).isEqualTo("done");
        assertThat(joinedDeltas(all)).isEqualTo(String.join("", deltas));
        assertThat(ofType(all, "message.delta")).hasSizeGreaterThan(1);

        // Once the run is over, the whole log reads back the same, and 'after' skips ahead too.
        List<Event> whole;
        try (var stream = SseClient.get(sessions() + "/" + session + "/events", READ_KEY, null)) {
            whole = stream.untilEnd(RUN);
        }
        assertThat(whole).isEqualTo(all);
        try (var stream = SseClient.get(sessions() + "/" + session + "/events?after=" + lastSeen, READ_KEY, null)) {
            assertThat(stream.untilEnd(RUN)).isEqualTo(rest);
        }
    }

    @Test
    void aCallNeedingApprovalWaitsForAPersonsDecision() throws Exception {
        script("approval",
                request -> Reply.toolCalls(new Call("net", "shell",
                        "{\"command\": \"curl -s https://example.com\", \"network\": true}")),
                request -> Reply.text("ok, without the network then"));
        String session = newSession();

        List<Event> events;
        try (var stream = send(session, "[approval] fetch it")) {
            events = stream.untilEnd(RUN);
        }
        Event asked = ofType(events, "approval.required").getFirst();
        assertThat(asked.data().get("call_id").asString()).isEqualTo("net");
        assertThat(asked.data().get("tool").asString()).isEqualTo("shell");
        assertThat(ofType(events, "tool.started")).isEmpty();
        assertThat(events.getLast().data().get("reason").asString()).isEqualTo("awaiting_approval");
        assertThat(getJson("/" + session).get("session").get("status").asString()).isEqualTo("awaiting_approval");

        List<Event> continued;
        try (var stream = SseClient.post(sessions() + "/" + session + "/tool-calls/net/deny", READ_KEY, "")) {
            assertThat(stream.status()).isEqualTo(200);
            continued = stream.untilEnd(RUN);
        }
        assertThat(continued.getLast().data().get("reason").asString()).isEqualTo("completed");
        assertThat(requestsTagged("approval").getLast().lastToolResult()).contains("denied");
        assertThat(getJson("/" + session).get("toolCalls").get(0).get("status").asString()).isEqualTo("denied");

        var again = HTTP.send(request("/" + session + "/tool-calls/net/approve").POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("does not wait for approval");

        // Approved, the command runs in the session's second sandbox, the one with a network.
        script("approved",
                request -> Reply.toolCalls(new Call("online", "shell",
                        "{\"command\": \"ls /sys/class/net\", \"network\": true}")),
                request -> Reply.text("done"));
        try (var stream = send(session, "[approved] look at the interfaces")) {
            assertThat(stream.untilEnd(RUN).getLast().data().get("reason").asString()).isEqualTo("awaiting_approval");
        }
        List<Event> approved;
        try (var stream = SseClient.post(sessions() + "/" + session + "/tool-calls/online/approve", READ_KEY, "")) {
            approved = stream.untilEnd(RUN);
        }
        assertThat(approved.getLast().data().get("reason").asString()).isEqualTo("completed");
        Event ran = ofType(approved, "tool.finished").getFirst();
        assertThat(ran.data().get("error").asBoolean()).as(ran.data().toString()).isFalse();
        assertThat(ran.data().get("content").asString()).contains("eth0");
    }

    @Test
    void badRequestsGetClearAnswers() throws Exception {
        String session = newSession();
        script("busy", request -> Reply.text("slow").slow(Duration.ofSeconds(2), Duration.ZERO));


        var empty = HTTP.send(request("/" + session + "/messages").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \" \"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("text");

        try (var stream = SseClient.post(sessions() + "/" + java.util.UUID.randomUUID() + "/messages", READ_KEY,
                "{\"text\": \"hello\"}")) {
            assertThat(stream.status()).isEqualTo(404);
        }
        var first = Thread.ofVirtual().start(() -> {
            try (var stream = send(session, "[busy] take your time")) {
                stream.untilEnd(RUN);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + RUN.toNanos();
        while (!getJson("/" + session).get("session").get("running").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        var busy = HTTP.send(request("/" + session + "/messages").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"[busy] again\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.body()).contains("is running");
        first.join(RUN);
        var unknownKey = HTTP.send(HttpRequest.newBuilder(URI.create(sessions())).header("Authorization", "Bearer nope")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(unknownKey.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"tracehound\", error=\"invalid_token\"");
    }

    // ---- helpers ----

    @SafeVarargs
    private static void script(String tag, Function<RecordedRequest, Reply>... steps) {
        SCRIPTS.put(tag, new ArrayDeque<>(List.of(steps)));
    }

    private static Reply scripted(RecordedRequest request) {
        Matcher tag = TAG.matcher(request.lastUserMessage());
        if (!tag.find()) {
            return Reply.error(400, "no tag in the last question: " + request.lastUserMessage());
        }
        var steps = SCRIPTS.get(tag.group(1));
        Function<RecordedRequest, Reply> step = steps == null ? null : steps.pollFirst();
        return step == null ? Reply.error(400, "the script of [" + tag.group(1) + "] is used up") : step.apply(request);
    }

    private static List<RecordedRequest> requestsTagged(String tag) {
        return model.requests().stream().filter(r -> r.lastUserMessage().contains("[" + tag + "]")).toList();
    }

    private static String firstTraceId(String text) {
        Matcher matcher = TRACE_ID.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no trace id in: " + text);
        }
        return matcher.group();
    }

    private static String sessions() {
        return app.base() + "/api/v1/projects/" + project + "/agent/sessions";
    }

    private static String newSession() throws Exception {
        return postJson("", "{\"title\": \"test\"}").get("id").asString();
    }

    private static SseClient.Stream send(String session, String text) throws Exception {
        return SseClient.post(sessions() + "/" + session + "/messages", READ_KEY,
                JSON.writeValueAsString(Map.of("text", text)));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(sessions() + path)).header("Authorization", "Bearer " + READ_KEY);
    }

    private static JsonNode getJson(String path) throws Exception {
        var response = HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode postJson(String path, String body) throws Exception {
        var response = HTTP.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private static List<Event> ofType(List<Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    private static String joinedDeltas(List<Event> events) {
        var text = new StringBuilder();
        ofType(events, "message.delta").forEach(e -> text.append(e.data().get("text").asString()));
        return text.toString();
    }

    /** Event ids run on by one from {@code first}: nothing missed, nothing twice. */
    private static void assertGapFree(List<Event> events, long first) {
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).as("event %d of %s", i, SseClient.types(events)).isEqualTo(first + i);
        }
    }
}
