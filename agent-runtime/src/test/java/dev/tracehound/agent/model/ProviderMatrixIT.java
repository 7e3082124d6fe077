package dev.tracehound.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.agent.AgentLimits;
import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.EventTypes;
import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.ModelSettings.Provider;
import dev.tracehound.agent.model.ModelSettings.SettingNames;
import dev.tracehound.agent.session.AgentDatabase;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionEvent;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.UsageTotals;
import dev.tracehound.fixtures.FakeAnthropicServer;
import dev.tracehound.fixtures.FakeModelServer;
import dev.tracehound.fixtures.FakeModelServer.Call;
import dev.tracehound.fixtures.FakeModelServer.RecordedRequest;
import dev.tracehound.fixtures.FakeModelServer.Reply;
import dev.tracehound.fixtures.FakeOllamaServer;
import dev.tracehound.fixtures.FakeOpenAiServer;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.tools.Tool;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolResult;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The six provider paths (Spring AI and LangChain4j, each with OpenAI-compatible, Anthropic and
 * Ollama) end to end: the real client of each stack, built by {@link ModelProviders} from typed
 * settings, streams a tool-calling run through the real agent loop (sessions in PostgreSQL)
 * against a local fake server speaking that provider's wire protocol; and a misconfigured
 * provider stops the run with a message that names the setting to fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderMatrixIT {

    private static final String MODEL = "fake-model";
    private static final String KEY = "sk-test-key";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TokenEstimator estimator = new TokenEstimator();
    private final List<AgentLoop> loops = new ArrayList<>();
    private final List<FakeModelServer<?>> fakes = new ArrayList<>();
    private AgentDatabase database;
    private SessionStore store;
    private SessionEvents events;

    @BeforeAll
    void migrate() {
        database = new AgentDatabase();
        store = new SessionStore(JdbcClient.create(database.newPool()));
        events = new SessionEvents(store);
    }

    @AfterEach
    void stop() {
        loops.forEach(AgentLoop::close);
        loops.clear();
        fakes.forEach(FakeModelServer::close);
        fakes.clear();
    }

    @AfterAll
    void drop() {
        database.close();
    }

    static Stream<Arguments> paths() {
        return Stream.of(ModelStack.values()).flatMap(stack -> Stream.of(Provider.values()).map(provider -> Arguments.of(stack, provider)));
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("paths")
    void aStreamedToolCallingRunCompletesAgainstTheProvidersWireProtocol(ModelStack stack, Provider provider) {
        FakeModelServer<?> fake = fake(provider);
        fake.requireKey(KEY);
        fake.knownModels(MODEL);
        fake.enqueue(Reply.toolCalls(new Call("toolu_1", "echo", "{\"text\":\"hello from " + provider.label() + "\"}"))
                .withUsage(120, 9));
        fake.enqueue(request -> Reply.text("The echo said: ", request.lastToolResult()).withUsage(200, 15));
        AgentLoop loop = loop(ModelProviders.agentModel(stack, settings(provider, fake.baseUrl(), KEY, MODEL)));
        AgentSession session = newSession();

        SessionEvent done = awaitDone(loop, loop.send(session.id(), "Say hello through the echo."));

        List<SessionEvent> log = eventsOf(session);
        assertThat(data(done).get("reason").asString()).as("run of %s", types(log)).isEqualTo("completed");
        assertThat(types(log)).containsSubsequence("usage", "tool.started", "tool.finished", "message.delta", "usage",
                "message.completed", "done");
        JsonNode started = data(only(log, "tool.started"));
        assertThat(started.get("tool").asString()).isEqualTo("echo");
        assertThat(JSON.readTree(started.get("arguments").asString()).get("text").asString())
                .isEqualTo("hello from " + provider.label());
        JsonNode finished = data(only(log, "tool.finished"));
        assertThat(finished.get("error").asBoolean()).isFalse();
        assertThat(finished.get("content").asString()).isEqualTo("echo: hello from " + provider.label());
        assertThat(data(only(log, "message.completed")).get("text").asString())
                .isEqualTo("The echo said: echo: hello from " + provider.label());
        assertThat(streamedText(log)).isEqualTo("The echo said: echo: hello from " + provider.label());

        // Metered as the provider counted, not estimated.
        List<JsonNode> usage = ofType(log, "usage").stream().map(ProviderMatrixIT::data).toList();
        assertThat(usage).extracting(u -> u.get("input_tokens").asLong()).containsExactly(120L, 200L);
        assertThat(usage).extracting(u -> u.get("output_tokens").asLong()).containsExactly(9L, 15L);
        assertThat(usage).allSatisfy(u -> assertThat(u.get("estimated").asBoolean()).isFalse());
        UsageTotals totals = store.sessionUsage(session.id());
        assertThat(totals.modelCalls()).isEqualTo(2);
        assertThat(totals.inputTokens()).isEqualTo(320);
        assertThat(totals.outputTokens()).isEqualTo(24);

        // What the client sent: a stream, the model, the key, the tool's schema, then the tool's result.
        List<RecordedRequest> requests = fake.requests();
        assertThat(requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.streamed()).isTrue();
            assertThat(request.model()).isEqualTo(MODEL);
            assertThat(request.key()).isEqualTo(KEY);
            JsonNode schema = request.tools().get("echo");
            assertThat(schema).as("the echo tool's schema in %s", request.tools()).isNotNull();
            assertThat(schema.path("properties").path("text").path("type").asString()).isEqualTo("string");
            assertThat(schema.path("required").get(0).asString()).isEqualTo("text");
        });
        assertThat(requests.get(1).lastToolResult()).isEqualTo("echo: hello from " + provider.label());
    }

    static Stream<Arguments> misconfigurations() {
        return paths().flatMap(path -> Stream.of(Misconfiguration.values())
                .map(wrong -> Arguments.of(path.get()[0], path.get()[1], wrong)));
    }

    @ParameterizedTest(name = "{0} × {1}: {2}")
    @MethodSource("misconfigurations")
    void aMisconfiguredProviderStopsTheRunNamingTheSettingToFix(ModelStack stack, Provider provider, Misconfiguration wrong) {
        FakeModelServer<?> fake = fake(provider);
        fake.requireKey(KEY);
        fake.knownModels(MODEL);
        fake.enqueue(Reply.text("never sent"));
        ModelSettings settings = switch (wrong) {
            case UNREACHABLE_URL -> settings(provider, provider == Provider.OPENAI ? "http://127.0.0.1:1/v1" : "http://127.0.0.1:1",
                    KEY, MODEL);
            case BAD_KEY -> settings(provider, fake.baseUrl(), "sk-wrong", MODEL);
            case MISSING_KEY -> settings(provider, fake.baseUrl(), null, MODEL);
            case UNKNOWN_MODEL -> settings(provider, fake.baseUrl(), KEY, "no-such-model");
        };
        if (wrong == Misconfiguration.MISSING_KEY && stack == ModelStack.LANGCHAIN4J && provider == Provider.ANTHROPIC) {
            // LangChain4j's Anthropic client refuses to be built without a key: start-up stops instead.
            assertThatThrownBy(() -> ModelProviders.agentModel(stack, settings))
                    .isInstanceOfSatisfying(ModelSettings.InvalidSetting.class,
                            e -> assertThat(e.field()).isEqualTo(ModelSettings.Field.API_KEY))
                    .hasMessage("the anthropic provider needs an API key through langchain4j");
            return;
        }
        AgentLoop loop = loop(ModelProviders.agentModel(stack, settings));
        AgentSession session = newSession();

        SessionEvent done = awaitDone(loop, loop.send(session.id(), "Anyone there?"));

        List<SessionEvent> log = eventsOf(session);
        assertThat(data(done).get("reason").asString()).isEqualTo("error");
        JsonNode error = data(only(log, "error"));
        assertThat(error.get("code").asString()).isEqualTo("model");
        String message = error.get("message").asString();
        switch (wrong) {
            case UNREACHABLE_URL -> assertThat(message)
                    .contains("the model provider at " + settings.endpoint() + " did not answer")
                    .contains("check " + names(provider).baseUrl());
            case BAD_KEY -> assertThat(message)
                    .contains("the model provider at " + settings.endpoint() + " refused the key (401)")
                    .contains("check " + names(provider).apiKey())
                    .doesNotContain("sk-wrong");
            case MISSING_KEY -> assertThat(message)
                    .contains("the model provider at " + settings.endpoint() + " wants a key (401)")
                    .contains("set " + names(provider).apiKey());
            case UNKNOWN_MODEL -> {
                assertThat(message).contains("does not know model 'no-such-model' (404)")
                        .contains("check " + names(provider).model());
                // The provider's own words come along, e.g. Ollama's "try pulling it first".
                assertThat(message.substring(message.indexOf("; the provider said: ") + 1)).contains("no-such-model");
            }
        }
        assertThat(ofType(log, "usage")).isEmpty();
        if (wrong != Misconfiguration.UNREACHABLE_URL) {
            // A refusal is final: the run does not knock again.
            assertThat(fake.requests()).hasSize(1);
        }
    }

    enum Misconfiguration { UNREACHABLE_URL, BAD_KEY, MISSING_KEY, UNKNOWN_MODEL }

    // ---- settings, loops, sessions

    private static SettingNames names(Provider provider) {
        return switch (provider) {
            case OPENAI -> new SettingNames("tracehound.agent.base-url (OPENAI_BASE_URL)",
                    "tracehound.agent.api-key (OPENAI_API_KEY)", "tracehound.agent.model (TRACEHOUND_AGENT_MODEL)");
            case ANTHROPIC -> new SettingNames("tracehound.agent.anthropic-base-url (ANTHROPIC_BASE_URL)",
                    "tracehound.agent.anthropic-api-key (ANTHROPIC_API_KEY)", "tracehound.agent.model (TRACEHOUND_AGENT_MODEL)");
            case OLLAMA -> new SettingNames("tracehound.agent.ollama-base-url (OLLAMA_BASE_URL)",
                    "tracehound.agent.ollama-api-key (OLLAMA_API_KEY)", "tracehound.agent.model (TRACEHOUND_AGENT_MODEL)");
        };
    }

    private static ModelSettings settings(Provider provider, String baseUrl, String key, String model) {
        return new ModelSettings(provider, baseUrl, key, model, 128_000, Duration.ofSeconds(20), 0, names(provider));
    }

    private FakeModelServer<?> fake(Provider provider) {
        FakeModelServer<?> fake = switch (provider) {
            case OPENAI -> FakeOpenAiServer.start();
            case ANTHROPIC -> FakeAnthropicServer.start();
            case OLLAMA -> FakeOllamaServer.start();
        };
        fakes.add(fake);
        return fake;
    }

    private AgentLoop loop(AgentModel model) {
        Clock clock = Clock.systemUTC();
        var tools = new Tools(List.of(new EchoTool()), Tools.Settings.defaults());
        var loop = new AgentLoop(store, events, tools, model, new Meter(store, ModelPrices.builtIn(), estimator, clock),
                new Budgets(new FixedEntitlements(AgentBudget.UNLIMITED), store, clock), estimator,
                session -> ToolContext.withoutSandbox(session.projectId().toString()), AgentLimits.defaults(), clock);
        loops.add(loop);
        return loop;
    }

    private AgentSession newSession() {
        return store.create(UUID.randomUUID(), UUID.randomUUID(), "alice", "providers", MODEL);
    }

    private SessionEvent awaitDone(AgentLoop loop, AgentLoop.Run run) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SessionEvent> done = store.eventsAfter(run.sessionId(), run.afterSequence(), SessionStore.MAX_EVENTS_PER_READ)
                    .stream().filter(event -> event.type().equals(EventTypes.DONE)).findFirst();
            if (done.isPresent() && !loop.isRunning(run.sessionId())) {
                return done.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("the run did not end within " + WAIT + "; events: "
                + types(store.eventsAfter(run.sessionId(), 0, SessionStore.MAX_EVENTS_PER_READ)));
    }

    private List<SessionEvent> eventsOf(AgentSession session) {
        return store.eventsAfter(session.id(), 0, SessionStore.MAX_EVENTS_PER_READ);
    }

    private static JsonNode data(SessionEvent event) {
        return JSON.readTree(event.data());
    }

    private static List<String> types(List<SessionEvent> log) {
        return log.stream().map(SessionEvent::type).toList();
    }

    private static List<SessionEvent> ofType(List<SessionEvent> log, String type) {
        return log.stream().filter(event -> event.type().equals(type)).toList();
    }

    private static SessionEvent only(List<SessionEvent> log, String type) {
        List<SessionEvent> found = ofType(log, type);
        assertThat(found).as("%s events in %s", type, types(log)).hasSize(1);
        return found.getFirst();
    }

    private static String streamedText(List<SessionEvent> log) {
        var text = new StringBuilder();
        ofType(log, EventTypes.MESSAGE_DELTA).forEach(event -> text.append(data(event).get("text").asString()));
        return text.toString();
    }

    // ---- the tool

    private static final class EchoTool implements Tool {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String description() {
            return "Says the text back.";
        }

        @Override
        public String inputSchema() {
            return """
                    {"type":"object","properties":{"text":{"type":"string","description":"What to say."}},"required":["text"]}""";
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public boolean needsApproval(JsonNode input) {
            return false;
        }

        @Override
        public ToolResult run(JsonNode input, ToolContext context) {
            String text = input.get("text").asString();
            return new ToolResult(false, JSON.createObjectNode().put("echoed", text), "echo: " + text, false, List.of());
        }
    }
}
