package dev.tracehound.bench;

import dev.tracehound.agent.AgentLimits;
import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.EventTypes;
import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolResult;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Part 1 of bench/agent: the overhead of one step of the real agent loop (store, meter, events)
 * on a PostgreSQL database of its own, against a bare loop that keeps the conversation in memory.
 */
final class AgentLoopBench {

    private static final double STEP_P99_TARGET_MS = 5;

    private AgentLoopBench() {}

    static void run(Closer closer, int runs, int steps) throws Exception {
        int warmUp = Math.max(20, runs / 4);
        System.out.printf("%nloop: a PostgreSQL database of its own, migrated as the service does ...%n");
        var postgres = closer.add(BenchPostgres.create("bench_agent_loop"))
                .migrate(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS);
        var model = new InstantModel(steps);
        var tools = new Tools(List.of(new StubTool()), Tools.Settings.defaults());
        UUID workspace = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        // One connection each: runs go one after the other, and a pool would only add a lookup to each statement.
        var durable = closer.add(LoopUnderTest.of(JdbcClient.create(postgres.connection()), model, tools, steps));
        // The same loop on a connection whose commits do not wait for the WAL to reach the disk: the
        // difference is what durable commits cost on this machine.
        var relaxedConnection = JdbcClient.create(postgres.connection());
        relaxedConnection.sql("SET synchronous_commit TO off").update();
        var relaxed = closer.add(LoopUnderTest.of(relaxedConnection, model, tools, steps));
        var bare = new BareLoop(model, tools, ToolContext.withoutSandbox(project.toString()));

        System.out.printf("loop: warming up with %d runs of each ...%n", warmUp);
        for (int i = 0; i < warmUp; i++) {
            agentRun(durable, model, workspace, project, steps);
            agentRun(relaxed, model, workspace, project, steps);
            bare.run(steps);
        }
        System.out.printf("loop: %d runs of %d steps through the agent loop, taking turns with the same loop on "
                + "commits that do not wait for the disk, then through the bare loop ...%n", runs, steps);
        var durableRuns = new Measured(runs, steps);
        var relaxedRuns = new Measured(runs, steps);
        for (int i = 0; i < runs; i++) {
            durableRuns.add(agentRun(durable, model, workspace, project, steps));
            relaxedRuns.add(agentRun(relaxed, model, workspace, project, steps));
            if ((i + 1) % Math.max(1, runs / 4) == 0 && i + 1 < runs) {
                System.out.printf(Locale.ROOT, "loop: %d of %d runs; per step p50 so far %.1f ms%n", i + 1, runs,
                        durableRuns.steps().millis(50));
            }
        }
        var bareRuns = new Measured(runs, steps);
        for (int i = 0; i < runs; i++) {
            long[] run = bare.run(steps);
            bareRuns.add(new AgentRun(run, Arrays.stream(run).sum(), 0));
        }

        Timings agent = durableRuns.steps();
        Timings async = relaxedRuns.steps();
        Timings baseline = bareRuns.steps();
        System.out.println();
        System.out.printf("loop: %d runs of %d steps (%d model calls, %d stub tool calls each), after %d warm-up runs; "
                + "ratio = agent loop / bare loop%n", runs, steps, steps, steps - 1, warmUp);
        System.out.println("| figure | agent loop (PostgreSQL, events) | same, synchronous_commit=off | bare loop (in memory) "
                + "| ratio | target |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| per step p50, ms | %.2f | %.2f | %.3f | %.0fx | |%n", agent.millis(50),
                async.millis(50), baseline.millis(50), agent.millis(50) / baseline.millis(50));
        System.out.printf(Locale.ROOT, "| per step p99, ms | %.2f | %.2f | %.3f | %.0fx | < %.0f ms: %s |%n",
                agent.millis(99), async.millis(99), baseline.millis(99), agent.millis(99) / baseline.millis(99),
                STEP_P99_TARGET_MS, agent.millis(99) < STEP_P99_TARGET_MS ? "met" : "NOT met");
        if (steps > 2) {
            Timings agentMiddle = durableRuns.middleSteps();
            Timings asyncMiddle = relaxedRuns.middleSteps();
            Timings bareMiddle = bareRuns.middleSteps();
            System.out.printf(Locale.ROOT, "| a middle step (not a run's first or last) p50 / p99, ms | %.2f / %.2f | "
                    + "%.2f / %.2f | %.3f / %.3f | %.0fx | |%n", agentMiddle.millis(50), agentMiddle.millis(99),
                    asyncMiddle.millis(50), asyncMiddle.millis(99), bareMiddle.millis(50), bareMiddle.millis(99),
                    agentMiddle.millis(99) / bareMiddle.millis(99));
        }
        System.out.printf(Locale.ROOT, "| per step mean / max, ms | %.2f / %.1f | %.2f / %.1f | %.3f / %.1f | %.0fx | |%n",
                agent.meanMillis(), agent.millis(100), async.meanMillis(), async.millis(100), baseline.meanMillis(),
                baseline.millis(100), agent.meanMillis() / baseline.meanMillis());
        System.out.printf(Locale.ROOT, "| run of %d steps p50 / p99, ms | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f | %.0fx | |%n",
                steps, durableRuns.runs().millis(50), durableRuns.runs().millis(99), relaxedRuns.runs().millis(50),
                relaxedRuns.runs().millis(99), bareRuns.runs().millis(50), bareRuns.runs().millis(99),
                durableRuns.runs().millis(50) / bareRuns.runs().millis(50));
        System.out.printf(Locale.ROOT, "| events stored and streamed per run | %.1f | %.1f | 0 | | |%n",
                durableRuns.eventsPerRun(), relaxedRuns.eventsPerRun());
        postgres.close();
    }

    /** An agent loop with its own store and events, on one connection. */
    private record LoopUnderTest(AgentLoop loop, SessionStore store, SessionEvents events) implements AutoCloseable {

        static LoopUnderTest of(JdbcClient jdbc, InstantModel model, Tools tools, int steps) {
            var store = new SessionStore(jdbc);
            var events = new SessionEvents(store);
            var estimator = new TokenEstimator();
            Clock clock = Clock.systemUTC();
            var loop = new AgentLoop(store, events, tools, model, new Meter(store, ModelPrices.builtIn(), estimator, clock),
                    new Budgets(new FixedEntitlements(AgentBudget.UNLIMITED), store, clock), estimator,
                    session -> ToolContext.withoutSandbox(session.projectId().toString()),
                    AgentLimits.defaults().withMaxSteps(steps + 1), clock);
            return new LoopUnderTest(loop, store, events);
        }

        @Override
        public void close() {
            loop.close();
        }
    }

    /** The runs of one kind of loop: every step's duration, every run's, and the events they stored. */
    private static final class Measured {
        private final long[] steps;
        private final long[] runs;
        private int count;
        private long events;

        Measured(int runs, int steps) {
            this.steps = new long[runs * steps];
            this.runs = new long[runs];
        }

        void add(AgentRun run) {
            System.arraycopy(run.steps(), 0, steps, count * run.steps().length, run.steps().length);
            runs[count++] = run.total();
            events += run.events();
        }

        Timings steps() {
            return new Timings(Arrays.copyOf(steps, count * (steps.length / runs.length)));
        }

        /** Steps that are neither a run's first (which starts it) nor its last (which ends it). */
        Timings middleSteps() {
            int perRun = steps.length / runs.length;
            var middle = new long[Math.max(0, count * (perRun - 2))];
            int n = 0;
            for (int run = 0; run < count; run++) {
                for (int k = 1; k < perRun - 1; k++) {
                    middle[n++] = steps[run * perRun + k];
                }
            }
            return new Timings(middle);
        }

        Timings runs() {
            return new Timings(Arrays.copyOf(runs, count));
        }

        double eventsPerRun() {
            return (double) events / count;
        }
    }

    /** One measured run: its steps' durations, the whole run, and the events it stored. */
    private record AgentRun(long[] steps, long total, long events) {}

    private record Done(long at, String data) {}

    /**
     * A run of the agent loop on a new session, timed by the model's calls: step k runs from
     * model call k to call k + 1, the first from the message sent, the last to {@code done}.
     */
    private static AgentRun agentRun(LoopUnderTest underTest, InstantModel model, UUID workspace, UUID project,
            int steps) throws Exception {
        AgentLoop loop = underTest.loop();
        SessionStore store = underTest.store();
        SessionEvents events = underTest.events();
        var session = store.create(workspace, project, "bench", "loop overhead", model.name());
        long[] calls = new long[steps];
        int[] made = new int[1];
        model.onCall(at -> {
            if (made[0] < steps) {
                calls[made[0]] = at;
            }
            made[0]++;
        });
        var done = new CompletableFuture<Done>();
        try (AutoCloseable following = events.follow(session.id(), 0, event -> {
            if (event.type().equals(EventTypes.DONE)) {
                done.complete(new Done(System.nanoTime(), event.data()));
            }
        })) {
            long sent = System.nanoTime();
            loop.send(session.id(), "How long does each step take?");
            Done finished;
            try {
                finished = done.get(1, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                loop.cancel(session.id());
                throw new IllegalStateException("a run of the agent loop did not end within a minute");
            }
            if (!finished.data().contains("\"completed\"") || made[0] != steps) {
                throw new IllegalStateException("a run of the agent loop ended with " + finished.data() + " after "
                        + made[0] + " model calls, not " + steps);
            }
            long[] durations = new long[steps];
            long from = sent;
            for (int k = 0; k < steps; k++) {
                long to = k + 1 < steps ? calls[k + 1] : finished.at();
                durations[k] = to - from;
                from = to;
            }
            return new AgentRun(durations, finished.at() - sent, store.lastEventSequence(session.id()));
        } finally {
            model.onCall(at -> { });
        }
    }

    /** The baseline: the same model and tools, the conversation in memory, nothing stored or streamed. */
    private static final class BareLoop {
        private final InstantModel model;
        private final Tools tools;
        private final ToolContext context;
        private final List<ModelRequest.ToolSpec> specs;

        BareLoop(InstantModel model, Tools tools, ToolContext context) {
            this.model = model;
            this.tools = tools;
            this.context = context;
            this.specs = tools.list().stream()
                    .map(tool -> new ModelRequest.ToolSpec(tool.name(), tool.description(), tool.inputSchema()))
                    .toList();
        }

        /** One run's steps, timed as the agent loop's are. */
        long[] run(int steps) throws InterruptedException {
            long[] durations = new long[steps];
            var turns = new ArrayList<ChatTurn>();
            turns.add(new ChatTurn.System("You investigate with tools."));
            turns.add(new ChatTurn.User("How long does each step take?"));
            int step = 0;
            long from = System.nanoTime();
            while (true) {
                ModelReply reply = model.reply(new ModelRequest(turns, specs, 4096), text -> { });
                turns.add(new ChatTurn.Assistant(reply.text(), reply.toolCalls()));
                for (ToolCall call : reply.toolCalls()) {
                    ToolResult result = tools.run(call.name(), call.arguments(), context);
                    turns.add(new ChatTurn.ToolResult(call.id(), call.name(), result.content()));
                }
                long now = System.nanoTime();
                durations[step++] = now - from;
                from = now;
                if (reply.toolCalls().isEmpty()) {
                    break;
                }
            }
            if (step != steps) {
                throw new IllegalStateException("the bare loop took " + step + " steps, not " + steps);
            }
            return durations;
        }
    }
}
