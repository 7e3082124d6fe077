package dev.tracehound.evals.run;

import dev.tracehound.agent.AgentLimits;
import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.EventTypes;
import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionEvent;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionMessage;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.UsageTotals;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.evals.score.Trajectory;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent as the service runs it (the loop, its tools over ClickHouse, sessions and metering in
 * PostgreSQL), with "now" at a scenario's anchor so that "the last hour" means the scenario's last
 * hour. One per scenario; it asks questions one at a time, each in a session of its own.
 */
final class AgentUnderTest implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** The workspace eval sessions belong to: none of the service's. */
    static final UUID WORKSPACE = UUID.nameUUIDFromBytes("tracehound-evals".getBytes());

    /** What one question got: the answer, what the agent did, and how its run ended. */
    record Asked(UUID sessionId, String answer, Trajectory trajectory, String ended, String error) {}

    private final SessionStore store;
    private final SessionEvents events;
    private final AgentLoop loop;
    private final AgentModel model;
    private final String projectId;

    AgentUnderTest(ClickHouse clickHouse, SessionStore store, Function<Clock, AgentModel> models, Instant now,
            String projectId) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        this.store = store;
        this.events = new SessionEvents(store);
        this.model = models.apply(clock);
        this.projectId = projectId;
        var tools = Tools.standard(TelemetryQueries.over(clickHouse, clock), Tools.Settings.defaults().withClock(clock));
        var estimator = new TokenEstimator();
        var budgets = new Budgets(new FixedEntitlements(AgentBudget.UNLIMITED), store, Clock.systemUTC());
        this.loop = new AgentLoop(store, events, tools, model,
                new Meter(store, ModelPrices.builtIn(), estimator, Clock.systemUTC()), budgets, estimator,
                session -> ToolContext.withoutSandbox(session.projectId().toString()), AgentLimits.defaults(),
                Clock.systemUTC());
    }

    String modelName() {
        return model.name();
    }

    /** Asks in a new session and waits for the run's end, cancelling it at the timeout. */
    Asked ask(String title, String question, Duration timeout) throws InterruptedException {
        AgentSession session = store.create(WORKSPACE, UUID.fromString(projectId), "evals", title, model.name());
        long started = System.nanoTime();
        var done = new CompletableFuture<String>();
        var lastError = new AtomicReference<String>("");
        AgentLoop.Run run = loop.send(session.id(), question);
        String ended;
        try (AutoCloseable following = events.follow(session.id(), run.afterSequence(), event -> watch(event, lastError, done))) {
            ended = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            loop.cancel(session.id());
            ended = "timeout";
            lastError.set("no answer within " + timeout.toSeconds() + " s");
            waitQuietly(done);
        } catch (ExecutionException e) {
            ended = "error";
            lastError.set(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            loop.cancel(session.id());
            throw e;
        } catch (Exception e) {
            ended = "error";
            lastError.set(e.toString());
        }
        long wall = (System.nanoTime() - started) / 1_000_000;
        String answer = ended.equals("timeout") ? "" : SessionMessage.lastAnswer(store.messages(session.id()));
        return new Asked(session.id(), answer, trajectory(session.id(), wall), ended, lastError.get());
    }

    private static void watch(SessionEvent event, AtomicReference<String> lastError, CompletableFuture<String> done) {
        if (event.type().equals(EventTypes.ERROR)) {
            lastError.set(JSON.readTree(event.data()).path("message").asString(event.data()));
        } else if (event.type().equals(EventTypes.DONE)) {
            done.complete(JSON.readTree(event.data()).path("reason").asString(""));
        }
    }

    private static void waitQuietly(CompletableFuture<String> done) throws InterruptedException {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException ignored) {
            // The run is cancelled; what it wrote so far is all there is.
        }
    }

    private Trajectory trajectory(UUID sessionId, long wallMillis) {
        List<Trajectory.Call> calls = store.toolCalls(sessionId).stream()
                .map(call -> new Trajectory.Call(call.toolName(), call.arguments(), call.error()))
                .toList();
        UsageTotals usage = store.sessionUsage(sessionId);
        return new Trajectory(calls, usage.inputTokens(), usage.outputTokens(), usage.costMicros() / 1e6, wallMillis);
    }


    @Override
    public void close() {
        loop.close();
    }
}
