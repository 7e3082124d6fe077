package dev.tracehound.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelException;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.AgentDatabase;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.ModelUsage;
import dev.tracehound.agent.session.SessionEvent;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStatus;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.SessionToolCall;
import dev.tracehound.agent.session.ToolCallStatus;
import dev.tracehound.agent.session.UsageTotals;
import dev.tracehound.agent.AgentLoop.Run;
import dev.tracehound.agent.AgentLoop.SessionBusyException;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import dev.tracehound.tools.Tool;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolReference;
import dev.tracehound.tools.ToolResult;
import dev.tracehound.tools.Tools;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent loop on the real PostgreSQL, with a scripted model and stub tools: what it stores
 * (events, messages, tool calls, usage) and what the model is shown, run by run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentLoopIT {

    private static final String MODEL = "gpt-4o-mini";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TokenEstimator estimator = new TokenEstimator();
    private final List<AgentLoop> loops = new CopyOnWriteArrayList<>();
    private AgentDatabase database;
    private DataSource pool;
    private SessionStore store;
    private SessionEvents events;
    private Stubs stubs;

    @BeforeAll
    void migrate() {
        database = new AgentDatabase();
        pool = database.newPool();
        store = new SessionStore(JdbcClient.create(pool));
        events = new SessionEvents(store);
    }

    @AfterEach
    void stopLoops() {
        loops.forEach(AgentLoop::close);
        loops.clear();
    }

    @AfterAll
    void drop() {
        database.close();
    }

    // ---- answers and tools

    @Test
    void aPlainAnswerStreamsItsTextThenItsUsageThenTheWholeMessage() {
        String text = "Checkout is slow since the 09:12 deploy of payments.";
        var model = new ScriptedModel(128_000, answer(text));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        Run run = loop.send(session.id(), "Why is checkout slow?");

        assertThat(run).isEqualTo(new Run(session.id(), 0));
        assertThat(reason(awaitDone(loop, run))).isEqualTo("completed");
        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("message.delta", "usage", "message.completed", "done");
        assertThat(streamedText(log)).isEqualTo(text);
        // gpt-4o-mini: 60 x 0.15 + 40 cached x 0.075 + 20 x 0.60 (5 of them reasoning, at the output rate) per million,
        // 24 micro-dollars.
        long cost = 24;
        JsonNode usage = data(only(log, "usage"));
        assertThat(usage.get("model").asString()).isEqualTo(MODEL);
        assertThat(usage.get("input_tokens").asLong()).isEqualTo(100);
        assertThat(usage.get("output_tokens").asLong()).isEqualTo(20);
        assertThat(usage.get("cached_input_tokens").asLong()).isEqualTo(40);
        assertThat(usage.get("cache_write_tokens").asLong()).isZero();
        assertThat(usage.get("reasoning_tokens").asLong()).isEqualTo(5);
        assertThat(usage.get("estimated").asBoolean()).isFalse();
        assertThat(usage.get("priced").asBoolean()).isTrue();
        assertThat(usage.get("cost_micros").asLong()).isEqualTo(cost).isPositive();
        assertThat(usage.get("run_tokens").asLong()).isEqualTo(120);
        assertThat(usage.get("session_tokens").asLong()).isEqualTo(120);
        assertThat(usage.get("session_cost_micros").asLong()).isEqualTo(cost);
        assertThat(data(only(log, "message.completed")).get("text").asString()).isEqualTo(text);

        assertThat(store.conversation(session.id()))
                .containsExactly(new ChatTurn.User("Why is checkout slow?"), new ChatTurn.Assistant(text, List.of()));
        assertThat(store.sessionUsage(session.id())).isEqualTo(new UsageTotals(1, 100, 20, 40, 0, 5, cost, false, false));
        assertThat(status(session)).isEqualTo(SessionStatus.IDLE);
        assertThat(model.requests).hasSize(1);
        ModelRequest request = model.requests.getFirst();
        assertThat(request.turns()).containsExactly(new ChatTurn.System(SystemPrompt.TEXT),
                new ChatTurn.User("Why is checkout slow?"));
        assertThat(request.tools()).extracting(ModelRequest.ToolSpec::name)
                .containsExactlyElementsOf(stubs.tools.list().stream().map(Tool::name).toList());
        assertThat(request.maxOutputTokens()).isEqualTo(AgentLimits.defaults().maxOutputTokens());
    }

    @Test
    void aToolCallRunsAndItsResultGoesBackToTheModelWhichThenAnswers() {
        var model = new ScriptedModel(128_000, call(tool("c1", "echo", "{\"text\":\"hi\"}")), answer("The echo said hi."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        Run run = loop.send(session.id(), "Say hi through the echo.");

        assertThat(reason(awaitDone(loop, run))).isEqualTo("completed");
        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("usage", "tool.started", "tool.finished", "message.delta", "usage",
                "message.completed", "done");
        JsonNode started = data(only(log, "tool.started"));
        assertThat(started.get("call_id").asString()).isEqualTo("c1");
        assertThat(started.get("tool").asString()).isEqualTo("echo");
        assertThat(started.get("arguments").asString()).isEqualTo("{\"text\":\"hi\"}");
        JsonNode finished = data(only(log, "tool.finished"));
        assertThat(finished.get("call_id").asString()).isEqualTo("c1");
        assertThat(finished.get("error").asBoolean()).isFalse();
        assertThat(finished.get("truncated").asBoolean()).isFalse();
        assertThat(finished.get("content").asString()).isEqualTo("echo: hi");
        assertThat(finished.get("duration_ms").asLong()).isNotNegative();
        assertThat(finished.get("references").get(0).get("kind").asString()).isEqualTo(ToolReference.TRACE);
        assertThat(finished.get("references").get(0).get("id").asString()).isEqualTo("trace-hi");
        assertThat(ofType(log, "usage")).extracting(e -> data(e).get("run_tokens").asLong()).containsExactly(120L, 240L);
        assertThat(ofType(log, "usage")).extracting(e -> data(e).get("session_tokens").asLong()).containsExactly(120L, 240L);

        ToolCall c1 = new ToolCall("c1", "echo", "{\"text\":\"hi\"}");
        assertThat(store.conversation(session.id())).containsExactly(new ChatTurn.User("Say hi through the echo."),
                new ChatTurn.Assistant("", List.of(c1)), new ChatTurn.ToolResult("c1", "echo", "echo: hi"),
                new ChatTurn.Assistant("The echo said hi.", List.of()));
        SessionToolCall stored = only(store.toolCalls(session.id()));
        assertThat(stored.status()).isEqualTo(ToolCallStatus.SUCCEEDED);
        assertThat(stored.arguments()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(stored.output()).contains("echo: hi");
        assertThat(JSON.readTree(stored.result().orElseThrow()).get("echoed").asString()).isEqualTo("hi");
        assertThat(stored.finishedAt()).isPresent();
        assertThat(store.sessionUsage(session.id()).modelCalls()).isEqualTo(2);
        assertThat(model.requests).hasSize(2);
        assertThat(model.requests.get(1).turns()).endsWith(new ChatTurn.Assistant("", List.of(c1)),
                new ChatTurn.ToolResult("c1", "echo", "echo: hi"));
    }

    @Test
    void toolCallsOfOneReplyRunAtOnceAndTheirResultsComeBackInCallOrder() {
        // Each call waits for the other inside the tool: they meet only if they run at the same time.
        var model = new ScriptedModel(128_000,
                call(tool("a", "meet", "{\"name\":\"first\",\"delay_ms\":300}"), tool("b", "meet", "{\"name\":\"second\",\"delay_ms\":0}")),
                answer("Both ran."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Run both.")))).isEqualTo("completed");

        List<SessionEvent> log = eventsOf(session);
        // The second call finishes first (the first sleeps after the meeting), and is reported so.
        assertThat(ofType(log, "tool.finished")).extracting(e -> data(e).get("call_id").asString()).containsExactly("b", "a");
        assertThat(store.conversation(session.id())).containsSubsequence(
                new ChatTurn.ToolResult("a", "meet", "first met the other call"),
                new ChatTurn.ToolResult("b", "meet", "second met the other call"));
        assertThat(model.requests.get(1).turns().subList(3, 5)).containsExactly(
                new ChatTurn.ToolResult("a", "meet", "first met the other call"),
                new ChatTurn.ToolResult("b", "meet", "second met the other call"));
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::status)
                .containsOnly(ToolCallStatus.SUCCEEDED).hasSize(2);
    }

    @Test
    void aToolThatFailsGivesTheModelAnErrorResultAndTheModelRecovers() {
        var model = new ScriptedModel(128_000, call(tool("c1", "flaky", "{}")),
                call(tool("c2", "echo", "{\"text\":\"fallback\"}")), answer("The backend was down; the fallback worked."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Try the flaky tool.")))).isEqualTo("completed");

        List<SessionEvent> log = eventsOf(session);
        JsonNode failed = data(ofType(log, "tool.finished").getFirst());
        assertThat(failed.get("error").asBoolean()).isTrue();
        assertThat(failed.get("content").asString()).isEqualTo("Error: flaky failed: IllegalStateException: the backend is down");
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::callId, SessionToolCall::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c1", ToolCallStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("c2", ToolCallStatus.SUCCEEDED));
        assertThat(model.requests.get(1).turns().getLast())
                .isEqualTo(new ChatTurn.ToolResult("c1", "flaky", "Error: flaky failed: IllegalStateException: the backend is down"));
        assertThat(data(only(log, "message.completed")).get("text").asString()).startsWith("The backend was down");
    }

    @Test
    void aToolPastItsTimeoutIsStoppedAndTheModelIsToldToAskForLess() {
        var model = new ScriptedModel(128_000, call(tool("c1", "stuck", "{}"), tool("c2", "echo", "{\"text\":\"on time\"}")),
                answer("The stuck one gave up."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();
        long started = System.nanoTime();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Run the stuck tool.")))).isEqualTo("completed");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(stubs.stuckInterrupted).as("the stuck tool's work was interrupted").isTrue();
        List<SessionEvent> finished = ofType(eventsOf(session), "tool.finished");
        assertThat(finished).extracting(e -> data(e).get("call_id").asString()).containsExactly("c2", "c1");
        JsonNode stuck = data(finished.get(1));
        assertThat(stuck.get("error").asBoolean()).isTrue();
        assertThat(stuck.get("content").asString())
                .contains("stuck did not finish within its timeout of 300 ms and was stopped; ask for less");
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::status)
                .containsExactly(ToolCallStatus.FAILED, ToolCallStatus.SUCCEEDED);
        assertThat(model.requests.get(1).turns()).endsWith(
                new ChatTurn.ToolResult("c1", "stuck", stuck.get("content").asString()),
                new ChatTurn.ToolResult("c2", "echo", "echo: on time"));
    }

    @Test
    void malformedArgumentsAnUnknownToolAndANamelessCallAreErrorResultsNotFailures() {
        var model = new ScriptedModel(128_000,
                call(tool("c1", "echo", "{not json"), tool("c2", "no_such_tool", "{}"), tool("c3", "echo", "{\"text\":5}"),
                        tool("c4", "", "{}"), tool("c5", "echo", "")),
                answer("I will send better calls."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Call things badly.")))).isEqualTo("completed");

        List<SessionToolCall> calls = store.toolCalls(session.id());
        assertThat(calls).extracting(SessionToolCall::callId).containsExactly("c1", "c2", "c3", "c4", "c5");
        assertThat(calls).extracting(SessionToolCall::status).containsOnly(ToolCallStatus.FAILED);
        assertThat(calls.get(0).output().orElseThrow()).contains("not valid JSON");
        assertThat(calls.get(1).output().orElseThrow()).contains("there is no tool named 'no_such_tool'");
        assertThat(calls.get(2).output().orElseThrow()).contains("invalid input for echo").contains("text");
        assertThat(calls.get(3).output().orElseThrow()).contains("there is no tool named");
        assertThat(calls.get(4).output().orElseThrow()).contains("invalid input for echo");
        assertThat(calls.get(0).arguments()).isEqualTo("{not json");
        assertThat(stubs.echoes).hasValue(0);
        List<ChatTurn> seen = model.requests.get(1).turns();
        assertThat(seen.subList(3, 8)).allSatisfy(turn -> assertThat(((ChatTurn.ToolResult) turn).content()).startsWith("Error: "));
        assertThat(ofType(eventsOf(session), "error")).isEmpty();
    }

    @Test
    void callIdsAModelRepeatsAreMadeUniqueWithinTheSession() {
        var model = new ScriptedModel(128_000,
                call(tool("call_1", "echo", "{\"text\":\"a\"}"), tool("call_1", "echo", "{\"text\":\"b\"}")),
                call(tool("call_1", "echo", "{\"text\":\"c\"}")),
                answer("Done."),
                call(tool("call_1", "echo", "{\"text\":\"d\"}")),
                answer("Done again."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Echo three times.")))).isEqualTo("completed");
        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Once more.")))).isEqualTo("completed");

        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::callId, SessionToolCall::output)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("call_1", Optional.of("echo: a")),
                        org.assertj.core.groups.Tuple.tuple("call_1-2", Optional.of("echo: b")),
                        org.assertj.core.groups.Tuple.tuple("call_1-3", Optional.of("echo: c")),
                        org.assertj.core.groups.Tuple.tuple("call_1-4", Optional.of("echo: d")));
        assertThat(model.requests.getLast().turns()).contains(
                new ChatTurn.ToolResult("call_1-2", "echo", "echo: b"), new ChatTurn.ToolResult("call_1-4", "echo", "echo: d"));
    }

    // ---- limits

    @Test
    void theLastStepOffersNoToolsAndAModelThatStillCallsToolsStopsAtTheStepLimit() {
        var model = new ScriptedModel(128_000, call(tool("c1", "echo", "{\"text\":\"a\"}")),
                call(tool("c2", "echo", "{\"text\":\"b\"}")));
        AgentLoop loop = newLoop(model, AgentLimits.defaults().withMaxSteps(2));
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Keep going.")))).isEqualTo("limit");

        assertThat(model.requests).hasSize(2);
        assertThat(model.requests.get(0).tools()).isNotEmpty();
        ModelRequest last = model.requests.get(1);
        assertThat(last.tools()).isEmpty();
        assertThat(last.turns().getLast()).isInstanceOfSatisfying(ChatTurn.System.class,
                system -> assertThat(system.text()).contains("last step"));
        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("usage", "tool.started", "tool.finished", "usage", "error", "done");
        JsonNode error = data(only(log, "error"));
        assertThat(error.get("code").asString()).isEqualTo("limit");
        assertThat(error.get("message").asString()).contains("2 steps");
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::callId).containsExactly("c1");
        // The ignored tool call of the last step is not kept: nothing in the conversation waits for a result.
        assertThat(store.conversation(session.id())).containsExactly(new ChatTurn.User("Keep going."),
                new ChatTurn.Assistant("", List.of(new ToolCall("c1", "echo", "{\"text\":\"a\"}"))),
                new ChatTurn.ToolResult("c1", "echo", "echo: a"));
    }

    @Test
    void aModelThatAnswersOnTheLastStepCompletesTheRun() {
        var model = new ScriptedModel(128_000, call(tool("c1", "echo", "{\"text\":\"a\"}")), answer("From what I found: a."));
        AgentLoop loop = newLoop(model, AgentLimits.defaults().withMaxSteps(2));
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Look once.")))).isEqualTo("completed");

        assertThat(model.requests.get(1).tools()).isEmpty();
        assertThat(data(only(eventsOf(session), "message.completed")).get("text").asString()).isEqualTo("From what I found: a.");
    }

    @Test
    void aRunOverItsTokenLimitStopsBeforeItsNextTools() {
        var model = new ScriptedModel(128_000, call(900, 200, tool("c1", "echo", "{\"text\":\"a\"}")), answer("never asked"));
        AgentLoop loop = newLoop(model, AgentLimits.defaults().withMaxRunTokens(1_000));
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Spend.")))).isEqualTo("limit");

        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("usage", "error", "done");
        JsonNode error = data(only(log, "error"));
        assertThat(error.get("code").asString()).isEqualTo("limit");
        assertThat(error.get("message").asString()).contains("1100 tokens").contains("1000");
        assertThat(stubs.echoes).hasValue(0);
        assertThat(store.toolCalls(session.id())).isEmpty();
        List<ChatTurn> conversation = store.conversation(session.id());
        assertThat(conversation).hasSize(3);
        assertThat(conversation.get(2)).isInstanceOfSatisfying(ChatTurn.ToolResult.class, result -> {
            assertThat(result.callId()).isEqualTo("c1");
            assertThat(result.content()).contains("not run");
        });
        assertThat(model.requests).hasSize(1);
    }

    @Test
    void aRunOverItsWallClockLimitStopsAtTheNextStep() {
        var clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        stubs = new Stubs(clock);
        var model = new ScriptedModel(128_000, call(tool("c1", "tick", "{\"minutes\":2}")), answer("never asked"));
        AgentLoop loop = newLoop(model, AgentLimits.defaults().withWallClock(Duration.ofMinutes(1)), clock,
                new FixedEntitlements(AgentBudget.UNLIMITED), store, events);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Take your time.")))).isEqualTo("limit");

        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("usage", "tool.started", "tool.finished", "error", "done");
        assertThat(data(only(log, "error")).get("message").asString()).contains("60 s");
        assertThat(model.requests).hasSize(1);
        assertWellFormed(store.conversation(session.id()));
    }

    @Test
    void anExhaustedSessionBudgetStopsARunBeforeItsFirstModelCallWithAClearMessage() {
        var budget = new FixedEntitlements(new AgentBudget(AgentBudget.Limit.UNLIMITED, AgentBudget.Limit.tokens(1_000)));
        var model = new ScriptedModel(128_000, answer("never asked"));
        AgentLoop loop = newLoop(model, AgentLimits.defaults(), Clock.systemUTC(), budget, store, events);
        AgentSession session = newSession();
        store.recordUsage(new ModelUsage(session.id(), session.workspaceId(), "alice", MODEL, TokenCounts.of(1_200, 300),
                false, 0, true, Instant.now()));

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "One more question.")))).isEqualTo("budget");

        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("error", "done");
        JsonNode error = data(only(log, "error"));
        assertThat(error.get("code").asString()).isEqualTo("budget");
        assertThat(error.get("message").asString())
                .isEqualTo("this session has used 1,500 of its 1,000 tokens; start a new session or raise the limit");
        assertThat(model.requests).isEmpty();
        assertThat(status(session)).isEqualTo(SessionStatus.IDLE);
    }

    @Test
    void aBudgetUsedUpDuringARunStopsItAtTheNextStep() {
        var budget = new FixedEntitlements(new AgentBudget(AgentBudget.Limit.UNLIMITED, AgentBudget.Limit.tokens(1_000)));
        var model = new ScriptedModel(128_000, call(900, 200, tool("c1", "echo", "{\"text\":\"a\"}")), answer("never asked"));
        AgentLoop loop = newLoop(model, AgentLimits.defaults(), Clock.systemUTC(), budget, store, events);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Spend it all.")))).isEqualTo("budget");

        assertThat(types(eventsOf(session))).containsExactly("usage", "tool.started", "tool.finished", "error", "done");
        assertThat(model.requests).hasSize(1);
        assertWellFormed(store.conversation(session.id()));
    }

    // ---- approvals

    @Test
    void aCallNeedingApprovalPausesTheRunAndOnceApprovedRunsAndTheRunContinues() {
        var model = new ScriptedModel(128_000,
                call(tool("c1", "echo", "{\"text\":\"a\"}"), tool("c2", "fetch", "{\"url\":\"https://example.com\"}")),
                answer("Fetched it."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        Run first = loop.send(session.id(), "Fetch the page.");

        assertThat(reason(awaitDone(loop, first))).isEqualTo("awaiting_approval");
        List<SessionEvent> log = eventsOf(session);
        // The other call runs first; the approval request comes last, right before done.
        assertThat(types(log)).containsExactly("usage", "tool.started", "tool.finished", "approval.required", "done");
        JsonNode approval = data(only(log, "approval.required"));
        assertThat(approval.get("call_id").asString()).isEqualTo("c2");
        assertThat(approval.get("tool").asString()).isEqualTo("fetch");
        assertThat(approval.get("arguments").asString()).isEqualTo("{\"url\":\"https://example.com\"}");
        assertThat(status(session)).isEqualTo(SessionStatus.AWAITING_APPROVAL);
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::callId, SessionToolCall::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c1", ToolCallStatus.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("c2", ToolCallStatus.AWAITING_APPROVAL));
        assertThat(stubs.fetches).hasValue(0);

        Run second = loop.decide(session.id(), "c2", true).orElseThrow();

        assertThat(second.afterSequence()).isEqualTo(log.getLast().sequence());
        assertThat(reason(awaitDone(loop, second))).isEqualTo("completed");
        List<SessionEvent> all = eventsOf(session);
        assertThat(types(all.subList(log.size(), all.size())))
                .containsExactly("tool.started", "tool.finished", "message.delta", "usage", "message.completed", "done");
        assertThat(stubs.fetches).hasValue(1);
        assertThat(store.toolCalls(session.id()).get(1).status()).isEqualTo(ToolCallStatus.SUCCEEDED);
        assertThat(model.requests.get(1).turns().subList(3, 5)).containsExactly(
                new ChatTurn.ToolResult("c1", "echo", "echo: a"),
                new ChatTurn.ToolResult("c2", "fetch", "fetched https://example.com"));
        assertThat(status(session)).isEqualTo(SessionStatus.IDLE);
    }

    @Test
    void aDeniedCallIsToldToTheModelAndTheRunContinuesOnceNoCallWaits() {
        var model = new ScriptedModel(128_000,
                call(tool("c1", "fetch", "{\"url\":\"https://a.example\"}"), tool("c2", "fetch", "{\"url\":\"https://b.example\"}")),
                answer("I could only read b."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();
        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Fetch both.")))).isEqualTo("awaiting_approval");
        assertThat(ofType(eventsOf(session), "approval.required")).hasSize(2);

        assertThat(loop.decide(session.id(), "c1", false)).isEmpty();
        assertThat(status(session)).isEqualTo(SessionStatus.AWAITING_APPROVAL);
        assertThatThrownBy(() -> loop.decide(session.id(), "c1", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> loop.decide(session.id(), "nope", true)).isInstanceOf(IllegalArgumentException.class);
        Run run = loop.decide(session.id(), "c2", true).orElseThrow();

        assertThat(reason(awaitDone(loop, run))).isEqualTo("completed");
        assertThat(stubs.fetches).hasValue(1);
        assertThat(store.toolCalls(session.id())).extracting(SessionToolCall::status)
                .containsExactly(ToolCallStatus.DENIED, ToolCallStatus.SUCCEEDED);
        List<ChatTurn> seen = model.requests.get(1).turns();
        assertThat(seen.subList(3, 5)).satisfiesExactly(
                denied -> assertThat(((ChatTurn.ToolResult) denied).content()).contains("denied"),
                fetched -> assertThat(fetched).isEqualTo(new ChatTurn.ToolResult("c2", "fetch", "fetched https://b.example")));
    }

    @Test
    void aNewMessageWhileCallsWaitForApprovalClosesThemAsCancelled() {
        var model = new ScriptedModel(128_000, call(tool("c1", "fetch", "{\"url\":\"https://a.example\"}")),
                answer("Fine, no fetching."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();
        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Fetch.")))).isEqualTo("awaiting_approval");

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Never mind.")))).isEqualTo("completed");

        assertThat(only(store.toolCalls(session.id())).status()).isEqualTo(ToolCallStatus.CANCELLED);
        assertThat(stubs.fetches).hasValue(0);
        assertThatThrownBy(() -> loop.decide(session.id(), "c1", true)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- cancellation and concurrency

    @Test
    void cancellingMidToolStopsTheToolAndTheSessionTakesANewMessage() throws Exception {
        var model = new ScriptedModel(128_000, call(tool("c1", "slow", "{}")), answer("Starting over."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();
        Run run = loop.send(session.id(), "Run the slow thing.");
        assertThat(stubs.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(loop.cancel(session.id())).isTrue();

        assertThat(reason(awaitDone(loop, run))).isEqualTo("cancelled");
        assertThat(stubs.slowInterrupted).isTrue();
        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("usage", "tool.started", "tool.finished", "error", "done");
        JsonNode finished = data(only(log, "tool.finished"));
        assertThat(finished.get("cancelled").asBoolean()).isTrue();
        assertThat(finished.get("error").asBoolean()).isTrue();
        assertThat(data(only(log, "error")).get("code").asString()).isEqualTo("cancelled");
        assertThat(only(store.toolCalls(session.id())).status()).isEqualTo(ToolCallStatus.CANCELLED);
        assertThat(status(session)).isEqualTo(SessionStatus.IDLE);
        assertThat(loop.isRunning(session.id())).isFalse();
        assertThat(loop.cancel(session.id())).isFalse();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Try something else.")))).isEqualTo("completed");

        List<ChatTurn> seen = model.requests.get(1).turns();
        assertThat(seen).hasSize(5);
        assertThat(seen.get(3)).isInstanceOfSatisfying(ChatTurn.ToolResult.class,
                result -> assertThat(result.content()).contains("did not finish"));
        assertThat(seen.get(4)).isEqualTo(new ChatTurn.User("Try something else."));
    }

    @Test
    void cancellingStopsAToolThatSwallowedTheFirstInterrupt() throws Exception {
        var model = new ScriptedModel(128_000, call(tool("c1", "stubborn", "{}")));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();
        Run run = loop.send(session.id(), "Run the stubborn thing.");
        assertThat(stubs.stubbornStarted.await(10, TimeUnit.SECONDS)).isTrue();
        long cancelled = System.nanoTime();

        assertThat(loop.cancel(session.id())).isTrue();

        assertThat(reason(awaitDone(loop, run))).isEqualTo("cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(5));
        assertThat(stubs.stubbornInterrupts.get()).isEqualTo(2);
        assertThat(only(store.toolCalls(session.id())).status()).isEqualTo(ToolCallStatus.CANCELLED);
    }

    @Test
    void cancellingDuringAModelCallInterruptsIt() throws Exception {
        var entered = new CountDownLatch(1);
        var interrupted = new AtomicBoolean();
        var model = new ScriptedModel(128_000, (request, deltas) -> {
            deltas.accept("Looking");
            entered.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return new ModelReply("never", List.of(), Optional.empty());
        });
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();
        Run run = loop.send(session.id(), "Think hard.");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        loop.cancel(session.id());

        assertThat(reason(awaitDone(loop, run))).isEqualTo("cancelled");
        assertThat(interrupted).isTrue();
        assertThat(types(eventsOf(session))).endsWith("error", "done").doesNotContain("usage");
        assertThat(store.conversation(session.id())).containsExactly(new ChatTurn.User("Think hard."));
        assertThat(store.sessionUsage(session.id()).modelCalls()).isZero();
        assertThat(status(session)).isEqualTo(SessionStatus.IDLE);
    }

    @Test
    void aMessageOrADecisionWhileARunGoesIsRefusedAsBusy() throws Exception {
        var model = new ScriptedModel(128_000, call(tool("c1", "slow", "{}")));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();
        Run run = loop.send(session.id(), "Run the slow thing.");
        assertThat(stubs.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(loop.isRunning(session.id())).isTrue();
        assertThatThrownBy(() -> loop.send(session.id(), "And this?")).isInstanceOf(SessionBusyException.class);
        assertThatThrownBy(() -> loop.decide(session.id(), "c1", true)).isInstanceOf(SessionBusyException.class);

        loop.cancel(session.id());
        assertThat(reason(awaitDone(loop, run))).isEqualTo("cancelled");
        assertThat(store.conversation(session.id())).doesNotContain(new ChatTurn.User("And this?"));
    }

    @Test
    void aMessageSentAsSoonAsTheAnswerOrDoneArrivesIsNeverRefusedAsBusy() throws Exception {
        var model = new ScriptedModel(128_000, answer("First."), answer("Second."), answer("Third."), answer("Fourth."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        try (var holding = new HoldAfter(session, EventTypes.MESSAGE_COMPLETED)) {
            loop.send(session.id(), "One.");
            holding.awaitEvent();

            assertThat(reason(awaitDone(loop, loop.send(session.id(), "Two.")))).isEqualTo("completed");
        }
        try (var holding = new HoldAfter(session, EventTypes.DONE)) {
            loop.send(session.id(), "Three.");
            holding.awaitEvent();

            assertThat(reason(awaitDone(loop, loop.send(session.id(), "Four.")))).isEqualTo("completed");
        }
        assertThat(types(eventsOf(session))).containsExactly(
                "message.delta", "usage", "message.completed", "done",
                "message.delta", "usage", "message.completed", "done",
                "message.delta", "usage", "message.completed", "done",
                "message.delta", "usage", "message.completed", "done");
        assertThat(store.conversation(session.id())).filteredOn(ChatTurn.Assistant.class::isInstance).hasSize(4);
    }

    @Test
    void aDecisionMadeAsSoonAsApprovalIsAskedIsNeverRefusedAsBusy() throws Exception {
        var model = new ScriptedModel(128_000, call(tool("c1", "fetch", "{\"url\":\"https://a.example\"}")),
                answer("Fetched."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        try (var holding = new HoldAfter(session, EventTypes.APPROVAL_REQUIRED)) {
            loop.send(session.id(), "Fetch.");
            holding.awaitEvent();

            Run run = loop.decide(session.id(), "c1", true).orElseThrow();

            assertThat(reason(awaitDone(loop, run))).isEqualTo("completed");
        }
        assertThat(types(eventsOf(session))).containsExactly("usage", "approval.required", "done", "tool.started",
                "tool.finished", "message.delta", "usage", "message.completed", "done");
    }

    /**
     * Follows a session and, at the first event of a type, holds the thread that appended it
     * (the run's) for a while: a quick client's next request lands while the run is between
     * that event and its end.
     */
    private final class HoldAfter implements AutoCloseable {
        private final CountDownLatch seen = new CountDownLatch(1);
        private final AutoCloseable following;

        HoldAfter(AgentSession session, String type) {
            following = events.follow(session.id(), store.lastEventSequence(session.id()), event -> {
                if (event.type().equals(type) && seen.getCount() > 0) {
                    seen.countDown();
                    sleep(Duration.ofMillis(300));
                }
            });
        }

        void awaitEvent() throws InterruptedException {
            assertThat(seen.await(10, TimeUnit.SECONDS)).as("the event arrived").isTrue();
        }

        @Override
        public void close() throws Exception {
            following.close();
        }
    }

    @Test
    void cancellingWhileTheRunWritesToTheStoreLeavesItsConnectionWorking() throws Exception {
        // One connection, as a pool's: if a cancel's interrupt reached a store write, the
        // PostgreSQL driver would close it and every later write of this store would fail.
        SessionStore single = database.newStore();
        var singleEvents = new SessionEvents(single);
        var checking = new CountDownLatch(1);
        var cancelled = new CountDownLatch(1);
        var checks = new AtomicInteger();
        Entitlements slowSecondCheck = workspace -> {
            if (checks.incrementAndGet() == 2) {
                checking.countDown();
                awaitUninterruptibly(cancelled);
            }
            return new AgentBudget(AgentBudget.Limit.UNLIMITED, AgentBudget.Limit.tokens(10_000_000));
        };
        var model = new ScriptedModel(128_000, call(tool("c1", "echo", "{\"text\":\"a\"}")), answer("After the cancel."));
        AgentLoop loop = newLoop(model, AgentLimits.defaults(), Clock.systemUTC(), slowSecondCheck, single, singleEvents);
        AgentSession session = newSession();
        Run run = loop.send(session.id(), "Echo.");
        assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();

        loop.cancel(session.id());
        cancelled.countDown();

        assertThat(reason(awaitDone(loop, run))).isEqualTo("cancelled");
        assertThat(types(eventsOf(session))).containsExactly("usage", "tool.started", "tool.finished", "error", "done");
        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Again.")))).isEqualTo("completed");
        assertThat(single.conversation(session.id()).getLast()).isEqualTo(new ChatTurn.Assistant("After the cancel.", List.of()));
        assertWellFormed(store.conversation(session.id()));
    }

    // ---- restarts, model errors, context

    @Test
    void aNewLoopOnTheSameDatabaseClosesTheCallACrashLeftRunningAndContinuesTheSession() throws Exception {
        var crashable = new CrashableDataSource(pool);
        var crashingStore = new SessionStore(JdbcClient.create(crashable));
        var before = new ScriptedModel(128_000, call(tool("c1", "slow", "{}")));
        AgentLoop crashing = newLoop(before, AgentLimits.defaults(), Clock.systemUTC(),
                new FixedEntitlements(AgentBudget.UNLIMITED), crashingStore, new SessionEvents(crashingStore));
        AgentSession session = newSession();
        crashing.send(session.id(), "Run the slow thing.");
        assertThat(stubs.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // The process dies: from now on nothing it does reaches the database.
        crashable.crashed = true;
        crashing.close();

        assertThat(only(store.toolCalls(session.id())).status()).isEqualTo(ToolCallStatus.RUNNING);
        assertThat(status(session)).isEqualTo(SessionStatus.RUNNING);
        assertThat(types(eventsOf(session))).containsExactly("usage", "tool.started");

        var after = new ScriptedModel(128_000, answer("Picking up where we were."));
        AgentLoop restarted = newLoop(after);
        assertThat(restarted.isRunning(session.id())).isFalse();
        Run run = restarted.send(session.id(), "Still there?");

        assertThat(run.afterSequence()).isEqualTo(2);
        assertThat(reason(awaitDone(restarted, run))).isEqualTo("completed");
        SessionToolCall closed = only(store.toolCalls(session.id()));
        assertThat(closed.status()).isEqualTo(ToolCallStatus.CANCELLED);
        assertThat(closed.output().orElseThrow()).contains("did not finish");
        List<ChatTurn> seen = after.requests.getFirst().turns();
        assertThat(seen).containsExactly(new ChatTurn.System(SystemPrompt.TEXT), new ChatTurn.User("Run the slow thing."),
                new ChatTurn.Assistant("", List.of(new ToolCall("c1", "slow", "{}"))),
                new ChatTurn.ToolResult("c1", "slow", closed.output().orElseThrow()), new ChatTurn.User("Still there?"));
        assertThat(status(session)).isEqualTo(SessionStatus.IDLE);
        eventsOf(session);
    }

    @Test
    void aRetryableModelErrorIsRetriedAndTheFailedAttemptsTextIsWithdrawn() {
        var model = new ScriptedModel(128_000, (request, deltas) -> {
            deltas.accept("Checkout is sl");
            sleep(Duration.ofMillis(120));
            throw new ModelException("the provider answered 503", true, null);
        }, answer("Checkout is slow since the deploy."));
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Why?")))).isEqualTo("completed");

        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("message.delta", "message.reset", "message.delta", "usage",
                "message.completed", "done");
        assertThat(streamedText(log.subList(0, 1))).isEqualTo("Checkout is sl");
        int reset = log.indexOf(only(log, "message.reset"));
        assertThat(streamedText(log.subList(reset, log.size()))).isEqualTo("Checkout is slow since the deploy.");
        assertThat(model.requests).hasSize(2);
        assertThat(model.requests.get(1)).isEqualTo(model.requests.get(0));
        assertThat(store.sessionUsage(session.id()).modelCalls()).isEqualTo(1);
        assertThat(ofType(log, "error")).isEmpty();
    }

    @Test
    void aModelErrorThatIsNotRetryableEndsTheRunWithAnError() {
        var model = new ScriptedModel(128_000, (request, deltas) -> {
            throw new ModelException("the provider refused the request: bad tool schema", false, null);
        });
        AgentLoop loop = newLoop(model);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Why?")))).isEqualTo("error");

        List<SessionEvent> log = eventsOf(session);
        assertThat(types(log)).containsExactly("error", "done");
        assertThat(data(only(log, "error")).get("code").asString()).isEqualTo("model");
        assertThat(data(only(log, "error")).get("message").asString()).contains("bad tool schema");
        assertThat(model.requests).hasSize(1);
        assertThat(status(session)).isEqualTo(SessionStatus.IDLE);
    }

    @Test
    void earlierRoundsAreDroppedWholeToFitASmallContextWindowAndTheEventLogSaysSo() {
        // About 2,000 tokens each: one question fits the window with room to spare, two do not.
        String first = textOf("first", 2_000);
        String second = textOf("second", 2_000);
        var model = new ScriptedModel(4_000,
                call(tool("c1", "big", "{\"chars\":1000}")), answer("First answer."),
                answer("Second answer."));
        var limits = new AgentLimits(12, 400_000, Duration.ofMinutes(10), 256, 200, Set.of());
        AgentLoop loop = newLoop(model, limits);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), first)))).isEqualTo("completed");
        int firstRun = eventsOf(session).size();
        assertThat(reason(awaitDone(loop, loop.send(session.id(), second)))).isEqualTo("completed");

        List<SessionEvent> log = eventsOf(session);
        assertThat(ofType(log.subList(0, firstRun), "context.trimmed")).isEmpty();
        JsonNode trimmed = data(only(log, "context.trimmed"));
        assertThat(trimmed.get("dropped_turns").asInt()).isEqualTo(4);
        assertThat(trimmed.get("context_window").asInt()).isEqualTo(4_000);
        List<ChatTurn> seen = model.requests.getLast().turns();
        assertThat(seen).hasSize(3);
        assertThat(seen.get(1)).isInstanceOfSatisfying(ChatTurn.System.class,
                note -> assertThat(note.text()).contains("4 turns were dropped"));
        assertThat(seen.get(2)).isEqualTo(new ChatTurn.User(second));
    }

    @Test
    void largeResultsOfEarlierStepsOfTheRunAreShortenedWhenTheWindowIsFull() {
        var model = new ScriptedModel(4_000,
                call(tool("c1", "big", "{\"chars\":6000}")), call(tool("c2", "big", "{\"chars\":6000}")),
                call(tool("c3", "big", "{\"chars\":6000}")), answer("Three big results."));
        var limits = new AgentLimits(12, 400_000, Duration.ofMinutes(10), 256, 200, Set.of());
        AgentLoop loop = newLoop(model, limits);
        AgentSession session = newSession();

        assertThat(reason(awaitDone(loop, loop.send(session.id(), "Read three big things.")))).isEqualTo("completed");

        List<SessionEvent> log = eventsOf(session);
        assertThat(ofType(log, "context.trimmed")).isNotEmpty();
        assertThat(ofType(log, "context.trimmed").getLast()).satisfies(
                event -> assertThat(data(event).get("shortened_tool_results").asInt()).isPositive());
        List<ChatTurn> seen = model.requests.getLast().turns();
        var results = seen.stream().filter(ChatTurn.ToolResult.class::isInstance).map(ChatTurn.ToolResult.class::cast).toList();
        assertThat(results).hasSize(3);
        assertThat(results.getLast().content()).hasSize(6000);
        assertThat(results.getFirst().content()).contains("[shortened");
        // The stored conversation keeps every result whole.
        assertThat(store.conversation(session.id()).stream().filter(ChatTurn.ToolResult.class::isInstance)
                .map(turn -> ((ChatTurn.ToolResult) turn).content().length())).containsOnly(6000);
    }

    // ---- helpers: loops, sessions, waiting

    private AgentLoop newLoop(ScriptedModel model) {
        return newLoop(model, AgentLimits.defaults());
    }

    private AgentLoop newLoop(ScriptedModel model, AgentLimits limits) {
        return newLoop(model, limits, Clock.systemUTC(), new FixedEntitlements(AgentBudget.UNLIMITED), store, events);
    }

    private AgentLoop newLoop(ScriptedModel model, AgentLimits limits, Clock clock, Entitlements entitlements,
            SessionStore sessions, SessionEvents sessionEvents) {
        if (stubs == null) {
            stubs = new Stubs(new MutableClock(Instant.now()));
        }
        var loop = new AgentLoop(sessions, sessionEvents, stubs.tools, model,
                new Meter(sessions, ModelPrices.builtIn(), estimator, clock), new Budgets(entitlements, sessions, clock),
                estimator, session -> ToolContext.withoutSandbox(session.projectId().toString()), limits, clock);
        loops.add(loop);
        return loop;
    }

    @AfterEach
    void forgetStubs() {
        stubs = null;
    }

    private AgentSession newSession() {
        return store.create(UUID.randomUUID(), UUID.randomUUID(), "alice", "checkout", MODEL);
    }

    private SessionStatus status(AgentSession session) {
        return store.get(session.id()).orElseThrow().status();
    }

    /** Waits for the run's done event and for the loop to let go of the session. */
    private SessionEvent awaitDone(AgentLoop loop, Run run) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SessionEvent> done = store.eventsAfter(run.sessionId(), run.afterSequence(), SessionStore.MAX_EVENTS_PER_READ)
                    .stream().filter(event -> event.type().equals(EventTypes.DONE)).findFirst();
            if (done.isPresent() && !loop.isRunning(run.sessionId())) {
                return done.get();
            }
            sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("the run of session " + run.sessionId() + " did not end within " + WAIT + "; events: "
                + types(store.eventsAfter(run.sessionId(), 0, SessionStore.MAX_EVENTS_PER_READ)));
    }

    /** The session's whole event log, checked to be numbered 1, 2, 3... */
    private List<SessionEvent> eventsOf(AgentSession session) {
        List<SessionEvent> log = store.eventsAfter(session.id(), 0, SessionStore.MAX_EVENTS_PER_READ);
        for (int i = 0; i < log.size(); i++) {
            assertThat(log.get(i).sequence()).as("sequence number of event %d", i + 1).isEqualTo(i + 1);
        }
        return log;
    }

    private static String reason(SessionEvent done) {
        return data(done).get("reason").asString();
    }

    private static JsonNode data(SessionEvent event) {
        return JSON.readTree(event.data());
    }

    /** The event types in order, runs of text deltas counted once (how they batch is timing). */
    private static List<String> types(List<SessionEvent> log) {
        var types = new ArrayList<String>();
        for (SessionEvent event : log) {
            if (!(event.type().equals(EventTypes.MESSAGE_DELTA) && !types.isEmpty()
                    && types.getLast().equals(EventTypes.MESSAGE_DELTA))) {
                types.add(event.type());
            }
        }
        return types;
    }

    private static List<SessionEvent> ofType(List<SessionEvent> log, String type) {
        return log.stream().filter(event -> event.type().equals(type)).toList();
    }

    private static SessionEvent only(List<SessionEvent> log, String type) {
        List<SessionEvent> found = ofType(log, type);
        assertThat(found).as("%s events", type).hasSize(1);
        return found.getFirst();
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.getFirst();
    }

    private static String streamedText(List<SessionEvent> log) {
        var text = new StringBuilder();
        for (SessionEvent event : ofType(log, EventTypes.MESSAGE_DELTA)) {
            text.append(data(event).get("text").asString());
        }
        return text.toString();
    }

    /**
     * What every provider accepts: after the system turns a person's question comes first, every
     * tool call is answered right after the assistant turn that made it, and no result answers
     * nothing.
     */
    private static void assertWellFormed(List<ChatTurn> turns) {
        List<ChatTurn> conversation = turns.stream().dropWhile(ChatTurn.System.class::isInstance).toList();
        if (conversation.isEmpty()) {
            return;
        }
        assertThat(conversation.getFirst()).as("the first turn of %s", turns).isInstanceOf(ChatTurn.User.class);
        Set<String> open = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (ChatTurn turn : conversation) {
            if (turn instanceof ChatTurn.ToolResult result) {
                assertThat(open.remove(result.callId())).as("%s answers a call of the turn before", result).isTrue();
                continue;
            }
            assertThat(open).as("calls unanswered before %s", turn).isEmpty();
            if (turn instanceof ChatTurn.Assistant assistant) {
                for (ToolCall call : assistant.toolCalls()) {
                    assertThat(seen.add(call.id())).as("call id %s is used once", call.id()).isTrue();
                    open.add(call.id());
                }
            }
        }
        assertThat(open).as("calls unanswered at the end").isEmpty();
    }

    private static String words(String word, int count) {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(word).append(' ').append(i % 97).append(' ');
        }
        return text.toString();
    }

    /** Text of about {@code tokens} tokens for the model. */
    private String textOf(String word, int tokens) {
        var text = new StringBuilder();
        for (int i = 0; estimator.count(MODEL, text.toString()) < tokens; i++) {
            text.append(words(word + i, 20));
        }
        return text.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the scripted model

    @FunctionalInterface
    interface Step {
        ModelReply reply(ModelRequest request, Consumer<String> deltas) throws InterruptedException;
    }

    /**
     * A model that plays a script, one step per call, and keeps the requests it saw. Like a real
     * one it refuses a request that does not fit its context window, and every request it sees
     * must be a well-formed conversation.
     */
    final class ScriptedModel implements AgentModel {

        final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
        private final int contextWindow;
        private final Queue<Step> script = new ConcurrentLinkedQueue<>();

        ScriptedModel(int contextWindow, Step... steps) {
            this.contextWindow = contextWindow;
            script.addAll(List.of(steps));
        }

        @Override
        public String name() {
            return MODEL;
        }

        @Override
        public int contextWindow() {
            return contextWindow;
        }

        @Override
        public ModelReply reply(ModelRequest request, Consumer<String> textDeltas) throws InterruptedException {
            requests.add(request);
            assertWellFormed(request.turns());
            long tokens = estimator.inputTokens(MODEL, request) + request.maxOutputTokens();
            if (tokens > contextWindow) {
                throw new ModelException("the request has " + tokens + " tokens, over the context window of "
                        + contextWindow, false, null);
            }
            Step step = script.poll();
            if (step == null) {
                throw new ModelException("the script has no reply left", false, null);
            }
            return step.reply(request, textDeltas);
        }
    }

    private static Optional<TokenCounts> usage(long input, long output) {
        return Optional.of(TokenCounts.of(input, output));
    }

    /**
     * Streams the text a few words at a time, then answers with it, reporting OpenAI's usage: 100
     * tokens in (40 of them cached), 20 out (5 of them reasoning).
     */
    private static Step answer(String text) {
        return (request, deltas) -> {
            String[] words = text.split("(?<= )");
            for (String word : words) {
                deltas.accept(word);
            }
            return new ModelReply(text, List.of(), Optional.of(TokenCounts.fromOpenAi(100, 20, 40, 5)));
        };
    }

    private static Step call(ToolCall... calls) {
        return call(100, 20, calls);
    }

    private static Step call(long input, long output, ToolCall... calls) {
        return (request, deltas) -> new ModelReply("", List.of(calls), usage(input, output));
    }

    private static ToolCall tool(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments);
    }

    // ---- stub tools

    private static final String NO_INPUT = "{\"type\":\"object\",\"properties\":{}}";

    /** Tools that do little, and say what happened to them. */
    static final class Stubs {
        final AtomicInteger echoes = new AtomicInteger();
        final AtomicInteger fetches = new AtomicInteger();
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final AtomicBoolean slowInterrupted = new AtomicBoolean();
        final AtomicBoolean stuckInterrupted = new AtomicBoolean();
        final CountDownLatch stubbornStarted = new CountDownLatch(1);
        final AtomicInteger stubbornInterrupts = new AtomicInteger();
        final CountDownLatch meeting = new CountDownLatch(2);
        final Tools tools;

        Stubs(MutableClock clock) {
            tools = new Tools(List.of(
                    new StubTool("echo", """
                            {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""",
                            input -> false, input -> {
                                echoes.incrementAndGet();
                                String text = input.get("text").asString();
                                return new ToolResult(false, JSON.createObjectNode().put("echoed", text), "echo: " + text,
                                        false, List.of(new ToolReference(ToolReference.TRACE, "trace-" + text, "a trace")));
                            }),
                    new StubTool("meet", """
                            {"type":"object","properties":{"name":{"type":"string"},"delay_ms":{"type":"integer"}},
                             "required":["name","delay_ms"]}""", input -> false, input -> {
                                meeting.countDown();
                                boolean met = meeting.await(10, TimeUnit.SECONDS);
                                Thread.sleep(input.get("delay_ms").asLong());
                                return text(input.get("name").asString() + (met ? " met the other call" : " waited alone"));
                            }),
                    new StubTool("flaky", NO_INPUT, input -> false, input -> {
                        throw new IllegalStateException("the backend is down");
                    }),
                    new StubTool("slow", NO_INPUT, input -> false, input -> {
                        slowStarted.countDown();
                        try {
                            Thread.sleep(Duration.ofMinutes(1));
                        } catch (InterruptedException e) {
                            slowInterrupted.set(true);
                            throw e;
                        }
                        return text("slept");
                    }),
                    new StubTool("stuck", NO_INPUT, input -> false, input -> {
                        try {
                            Thread.sleep(Duration.ofMinutes(1));
                        } catch (InterruptedException e) {
                            stuckInterrupted.set(true);
                            throw e;
                        }
                        return text("woke up");
                    }, Duration.ofMillis(300)),
                    new StubTool("stubborn", NO_INPUT, input -> false, input -> {
                        stubbornStarted.countDown();
                        // Like code that catches an interrupt and carries on (a sandbox being made): a second one stops it.
                        while (true) {
                            try {
                                Thread.sleep(Duration.ofMinutes(1));
                            } catch (InterruptedException e) {
                                if (stubbornInterrupts.incrementAndGet() == 2) {
                                    throw e;
                                }
                            }
                        }
                    }),
                    new StubTool("fetch", """
                            {"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}""",
                            input -> true, input -> {
                                fetches.incrementAndGet();
                                return text("fetched " + input.get("url").asString());
                            }),
                    new StubTool("tick", """
                            {"type":"object","properties":{"minutes":{"type":"integer"}},"required":["minutes"]}""",
                            input -> false, input -> {
                                clock.advance(Duration.ofMinutes(input.get("minutes").asLong()));
                                return text("ticked");
                            }),
                    new StubTool("big", """
                            {"type":"object","properties":{"chars":{"type":"integer"}},"required":["chars"]}""",
                            input -> false, input -> text(words("latency", 2_000).substring(0, input.get("chars").asInt())))),
                    Tools.Settings.defaults());
        }

        private static ToolResult text(String content) {
            return new ToolResult(false, JSON.createObjectNode().put("text", content), content, false, List.of());
        }
    }

    @FunctionalInterface
    interface Body {
        ToolResult run(JsonNode input) throws InterruptedException;
    }

    record StubTool(String name, String inputSchema, Predicate<JsonNode> approval, Body body, Duration timeout)
            implements Tool {

        StubTool(String name, String inputSchema, Predicate<JsonNode> approval, Body body) {
            this(name, inputSchema, approval, body, Duration.ofMinutes(2));
        }

        @Override
        public String description() {
            return "A stub tool named " + name + ".";
        }

        @Override
        public boolean needsApproval(JsonNode input) {
            return approval.test(input);
        }

        @Override
        public ToolResult run(JsonNode input, ToolContext context) throws InterruptedException {
            return body.run(input);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** A data source that stops answering, as the database does for a process that died. */
    static final class CrashableDataSource extends DelegatingDataSource {
        volatile boolean crashed;

        CrashableDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (crashed) {
                throw new SQLException("the process is gone");
            }
            return super.getConnection();
        }
    }
}
