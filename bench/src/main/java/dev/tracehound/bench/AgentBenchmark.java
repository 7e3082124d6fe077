package dev.tracehound.bench;

import dev.tracehound.agent.AgentLimits;
import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.EventTypes;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.metering.PriceTable;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.fixtures.FakeOpenAiServer;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.tools.Tool;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolResult;
import dev.tracehound.tools.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * bench/agent, in three parts, each printing its figures:
 * <ol>
 * <li>loop: the overhead of one step of the real agent loop (store, meter, events) on a
 * PostgreSQL database of its own, with a model that answers at once (a call of a stub tool
 * until the run had {@code steps - 1}, then a text answer) and that stub tool, which answers at
 * once too. A step runs from one model call to the next (the first from the message sent, the
 * last to the run's {@code done} event). Beside it the baseline: the same model and tools in a
 * bare loop that keeps the conversation in memory and stores and streams nothing; and the
 * ratio. A third column runs the agent loop on a connection with {@code synchronous_commit}
 * off: the difference is what waiting for the disk at each commit costs. Target: p99 under
 * 5 ms a step.</li>
 * <li>sse: the service from its jar (databases of its own, no demo data), its model a fake
 * OpenAI-compatible server in this JVM that streams a text answer of {@value #ANSWER_DELTAS}
 * deltas at once; {@code clients} clients create a session each, then all post a message at
 * the same moment and read the run's Server-Sent Events to {@code done}. Target: no errors
 * (a status other than 2xx, a stream without {@code done}, an {@code error} event).</li>
 * <li>offline: the service from its jar with demo data and the built-in offline investigator;
 * "Why is checkout slow since this morning?" to a new session of the demo project: the wall
 * time to {@code done}, the tool calls, and whether the answer names checkout, the deploy
 * 2.3.1 and {@code payment.provider=stripe_v3}.</li>
 * </ol>
 * Run with {@code ./dev bench agent [runs] [steps] [clients] [demo spans] [loop|sse|offline]}
 * (defaults 200, 10, 200 and 200000; a part named runs alone). Needs {@code DATABASE_URL}
 * (with {@code DATABASE_USER} and {@code DATABASE_PASSWORD}), {@code CLICKHOUSE_URL} and the
 * service's jar, which {@code ./dev bench} provides.
 */
public final class AgentBenchmark {

    private static final int DEFAULT_RUNS = 200;
    private static final int DEFAULT_STEPS = 10;
    private static final int DEFAULT_CLIENTS = 200;
    private static final int DEFAULT_DEMO_SPANS = 200_000;
    private static final List<String> PARTS = List.of("loop", "sse", "offline");
    private static final double STEP_P99_TARGET_MS = 5;
    private static final int ANSWER_DELTAS = 40;
    private static final int SSE_WARM_UP_CLIENTS = 10;
    private static final Duration STREAM_DEADLINE = Duration.ofMinutes(5);
    private static final String READ_KEY = "thk_bench_agent_read_local_only_not_secret";
    private static final String DEMO_READ_KEY = "thk_demo_read_local_only_not_secret";
    private static final String QUESTION = "Why is checkout slow since this morning?";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AgentBenchmark() {}

    public static void main(String[] args) throws Exception {
        var numbers = new ArrayList<Integer>();
        String only = "";
        for (String arg : args) {
            if (PARTS.contains(arg)) {
                only = arg;
            } else {
                try {
                    numbers.add(Integer.parseInt(arg.replace("_", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(usage("'" + arg + "' is neither a number nor a part"));
                }
            }
        }
        int runs = numbers.size() > 0 ? numbers.get(0) : DEFAULT_RUNS;
        int steps = numbers.size() > 1 ? numbers.get(1) : DEFAULT_STEPS;
        int clients = numbers.size() > 2 ? numbers.get(2) : DEFAULT_CLIENTS;
        int demoSpans = numbers.size() > 3 ? numbers.get(3) : DEFAULT_DEMO_SPANS;
        if (runs < 1 || steps < 1 || steps > 99 || clients < 1 || demoSpans < 1_000 || numbers.size() > 4) {
            throw new IllegalArgumentException(usage("runs and clients at least 1, steps 1-99, demo spans at least 1000"));
        }
        System.out.printf(Locale.ROOT, "bench/agent: %s; loop: %d runs of %d steps; sse: %d clients; offline: %,d demo "
                        + "spans; %d cores, load average %s%n", only.isEmpty() ? "all parts" : "part " + only, runs,
                steps, clients, demoSpans, Runtime.getRuntime().availableProcessors(), loadAverage());

        var closer = new Closer();
        // Interrupted or not, no database and no service of this run stays behind.
        Thread onExit = new Thread(closer::close, "bench-agent-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
        var failed = new ArrayList<String>();
        try {
            if (only.isEmpty() || only.equals("loop")) {
                part("loop", failed, () -> loopPart(closer, runs, steps));
            }
            if (only.isEmpty() || only.equals("sse")) {
                part("sse", failed, () -> ssePart(closer, clients));
            }
            if (only.isEmpty() || only.equals("offline")) {
                part("offline", failed, () -> offlinePart(closer, demoSpans));
            }
        } finally {
            closer.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
        System.out.printf("%nload average now %s%n", loadAverage());
        if (!failed.isEmpty()) {
            System.err.println("bench/agent: these parts failed: " + String.join(", ", failed));
            System.exit(1);
        }
    }

    private static String usage(String problem) {
        return problem + "; usage: ./dev bench agent [runs] [steps] [clients] [demo spans] [loop|sse|offline]";
    }

    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    /** Runs one part; a part that fails says why, and the next one still runs. */
    private static void part(String name, List<String> failed, Part part) {
        try {
            part.run();
        } catch (Exception e) {
            failed.add(name);
            System.out.printf("%n%s: FAILED: %s%n", name, e.getMessage() == null ? e : e.getMessage());
            if (!(e instanceof IllegalStateException)) {
                e.printStackTrace(System.out);
            }
        }
    }

    // ---- part 1: the loop's overhead per step

    private static void loopPart(Closer closer, int runs, int steps) throws Exception {
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
            var loop = new AgentLoop(store, events, tools, model, new Meter(store, PriceTable.defaults(), estimator, clock),
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

    /** Nanosecond durations; percentiles in milliseconds. */
    private record Timings(long[] nanos) {
        double millis(int percentile) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1))]
                    / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6;
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

    /** A model that answers at once: a call of the stub tool until the run has made steps - 1, then a text answer. */
    private static final class InstantModel implements AgentModel {
        private final int steps;
        private volatile LongConsumer onCall = at -> { };

        InstantModel(int steps) {
            this.steps = steps;
        }

        void onCall(LongConsumer consumer) {
            this.onCall = consumer;
        }

        @Override
        public String name() {
            return "bench-instant-model";
        }

        @Override
        public int contextWindow() {
            return 128_000;
        }

        @Override
        public ModelReply reply(ModelRequest request, Consumer<String> textDeltas) {
            onCall.accept(System.nanoTime());
            int results = 0;
            for (ChatTurn turn : request.turns()) {
                if (turn instanceof ChatTurn.User) {
                    results = 0;
                } else if (turn instanceof ChatTurn.ToolResult) {
                    results++;
                }
            }
            var usage = Optional.of(new ModelReply.TokenUsage(1_000 + 40L * results, 20));
            if (results < steps - 1 && !request.tools().isEmpty()) {
                int n = results + 1;
                return new ModelReply("", List.of(new ToolCall("call_" + n, StubTool.NAME, "{\"q\":\"step " + n + "\"}")),
                        usage);
            }
            String answer = "Looked it up " + results + " times; every lookup answered at once.";
            textDeltas.accept(answer);
            return new ModelReply(answer, List.of(), usage);
        }
    }

    /** A tool that answers at once, so what is measured is the loop around it. */
    private static final class StubTool implements Tool {
        static final String NAME = "stub_lookup";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "Looks something up. A benchmark stub: it answers at once with one row.";
        }

        @Override
        public String inputSchema() {
            return """
                    {"type":"object","properties":{"q":{"type":"string","description":"what to look up"}},\
                    "required":["q"],"additionalProperties":false}""";
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
            return new ToolResult(false, JsonNodeFactory.instance.objectNode().put("rows", 1).put("q", input.path("q")
                    .asString()), "1 row for '" + input.path("q").asString() + "': ok", false, List.of());
        }
    }

    // ---- part 2: many clients streaming at once

    private static void ssePart(Closer closer, int clients) throws Exception {
        String[] deltas = new String[ANSWER_DELTAS];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "word" + i + " ";
        }
        // In this JVM: it ends with it, so only the service and the databases need the closer.
        try (var model = FakeOpenAiServer.start().otherwise(request -> FakeOpenAiServer.Reply.text(deltas))) {
            System.out.printf("%nsse: a fake OpenAI-compatible model at %s; starting the service from its jar ...%n",
                    model.baseUrl());
            var service = closer.add(BenchService.launch("agent_sse", List.of("--tracehound.agent.provider=openai",
                    "--tracehound.agent.base-url=" + model.baseUrl(), "--tracehound.agent.api-key=x",
                    "--tracehound.agent.model=" + FakeOpenAiServer.MODEL, "--tracehound.demo.enabled=false")))
                    .awaitReady(Duration.ofMinutes(3));
            var registered = JdbcClient.create(service.postgres().connection());
            var created = new ProjectDirectory(registered).ensure("bench", "Bench", "agent", "Agent benchmark");
            new ApiKeys(registered).register(created.id(), "bench read key", READ_KEY, ApiKeys.Scope.READ);
            String project = created.id().toString();
            var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            int warmUp = Math.min(SSE_WARM_UP_CLIENTS, clients);
            System.out.printf("sse: service at %s; warming up with %d clients ...%n", service.base(), warmUp);
            Round warm = round(http, service.base(), project, warmUp);
            if (warm.errors() > 0) {
                System.out.printf("sse: the warm-up had %d errors, e.g. %s%n", warm.errors(), warm.problems().getFirst());
            }
            System.out.printf("sse: %d clients: each creates a session, then all post a message at once and read the "
                    + "stream to done ...%n", clients);
            Round round = round(http, service.base(), project, clients);
            service.close();

            var toDone = new Timings(round.toDoneNanos());
            System.out.println();
            System.out.printf("sse: %d concurrent clients, a model streaming %d deltas at once, after %d warm-up clients%n",
                    clients, ANSWER_DELTAS, warmUp);
            System.out.println("| figure | value | target |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| sessions created / streams ended with done | %d / %d | %d / %d |%n",
                    round.sessions(), round.completed(), clients, clients);
            System.out.printf(Locale.ROOT, "| events received in total (%s) | %,d | |%n", round.typesText(),
                    round.events());
            System.out.printf(Locale.ROOT, "| events/s over the wall time (%.2f s) | %,.0f | |%n", round.wallNanos() / 1e9,
                    round.events() / (round.wallNanos() / 1e9));
            System.out.printf(Locale.ROOT, "| time to done p50 / p99 / max, ms | %s | |%n", toDone.nanos().length == 0
                    ? "none" : String.format(Locale.ROOT, "%.0f / %.0f / %.0f", toDone.millis(50), toDone.millis(99),
                    toDone.millis(100)));
            System.out.printf(Locale.ROOT, "| errors (non-2xx, streams without done, error events) | %d | 0: %s |%n",
                    round.errors(), round.errors() == 0 ? "met" : "NOT met");
            round.problems().stream().limit(5).forEach(problem -> System.out.println("  e.g. " + problem));
        }
    }

    /** What a round of clients saw. */
    private record Round(int sessions, int completed, long events, Map<String, Long> types, long wallNanos,
            long[] toDoneNanos, int errors, List<String> problems) {

        String typesText() {
            var parts = new ArrayList<String>();
            types.forEach((type, count) -> parts.add(type + " " + count));
            return String.join(", ", parts);
        }
    }

    /** What one client saw of its stream. */
    private record Streamed(long toDoneNanos, String doneReason, Map<String, Long> types, String text,
            List<String> problems) {

        long events() {
            return types.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static Round round(HttpClient http, String base, String project, int clients) throws Exception {
        var ready = new CountDownLatch(clients);
        var go = new CountDownLatch(1);
        var sessions = new AtomicInteger();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        var futures = new ArrayList<Future<Streamed>>();
        try {
            for (int i = 0; i < clients; i++) {
                int client = i;
                futures.add(pool.submit(() -> {
                    String session;
                    try {
                        session = createSession(http, base, project, READ_KEY, "client " + client);
                        sessions.incrementAndGet();
                    } finally {
                        ready.countDown();
                    }
                    go.await();
                    return send(http, base, project, session, READ_KEY, "Client " + client + " asks: is it slow?");
                }));
            }
            if (!ready.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the clients had not created their sessions after 2 minutes");
            }
            long started = System.nanoTime();
            go.countDown();
            long deadline = started + STREAM_DEADLINE.toNanos();
            int completed = 0;
            long lastDone = started;
            var types = new LinkedHashMap<String, Long>();
            var toDone = new ArrayList<Long>();
            var problems = new ArrayList<String>();
            int errors = 0;
            for (Future<Streamed> future : futures) {
                Streamed streamed;
                try {
                    streamed = future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    errors++;
                    problems.add("a stream did not end within " + STREAM_DEADLINE.toMinutes() + " minutes");
                    continue;
                } catch (java.util.concurrent.ExecutionException e) {
                    errors++;
                    problems.add(String.valueOf(e.getCause().getMessage()));
                    continue;
                }
                streamed.types().forEach((type, count) -> types.merge(type, count, Long::sum));
                if (streamed.toDoneNanos() >= 0) {
                    completed++;
                    toDone.add(streamed.toDoneNanos());
                    lastDone = Math.max(lastDone, started + streamed.toDoneNanos());
                }
                if (!streamed.problems().isEmpty()) {
                    errors++;
                    problems.add(streamed.problems().getFirst());
                }
            }
            long events = types.values().stream().mapToLong(Long::longValue).sum();
            return new Round(sessions.get(), completed, events, types, lastDone - started,
                    toDone.stream().mapToLong(Long::longValue).toArray(), errors, problems);
        } finally {
            // Not close(): that would wait for a stream that hangs; the service's stop ends them all.
            pool.shutdownNow();
        }
    }

    private static String createSession(HttpClient http, String base, String project, String key, String title)
            throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/" + project
                        + "/agent/sessions")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("title", title).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating a session answered " + response.statusCode() + ": "
                    + shorten(response.body()));
        }
        return JSON.readTree(response.body()).path("id").asString();
    }

    /** Posts a message and reads the run's stream to its end, as a browser's EventSource would. */
    private static Streamed send(HttpClient http, String base, String project, String session, String key, String text)
            throws Exception {
        long started = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/" + project
                        + "/agent/sessions/" + session + "/messages")).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("text", text).toString())).build(),
                HttpResponse.BodyHandlers.ofLines());
        var types = new LinkedHashMap<String, Long>();
        var problems = new ArrayList<String>();
        var answer = new StringBuilder();
        long toDone = -1;
        String reason = null;
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                problems.add("posting a message answered " + response.statusCode() + ": "
                        + shorten(String.join(" ", lines.toList())));
                return new Streamed(-1, null, types, "", problems);
            }
            String type = "message";
            var data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        types.merge(type, 1L, Long::sum);
                        JsonNode json = JSON.readTree(data.toString());
                        switch (type) {
                            case EventTypes.DONE -> {
                                toDone = System.nanoTime() - started;
                                reason = json.path("reason").asString();
                                if (!reason.equals("completed")) {
                                    problems.add("the run ended with reason " + reason);
                                }
                            }
                            case EventTypes.ERROR -> problems.add("an error event: " + shorten(data.toString()));
                            case EventTypes.MESSAGE_COMPLETED -> answer.append(json.path("text").asString());
                            default -> { }
                        }
                    }
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    type = value(line);
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(value(line));
                }
            }
        }
        if (toDone < 0) {
            problems.add("the stream ended without a done event");
        }
        return new Streamed(toDone, reason, types, answer.toString(), problems);
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    // ---- part 3: the offline investigator on the demo incident, end to end

    private static void offlinePart(Closer closer, int demoSpans) throws Exception {
        System.out.printf(Locale.ROOT, "%noffline: starting the service from its jar with %,d demo spans (they load "
                + "before it reports ready) ...%n", demoSpans);
        long starting = System.nanoTime();
        var service = closer.add(BenchService.launch("agent_offline", List.of("--tracehound.agent.provider=offline",
                "--tracehound.demo.enabled=true", "--tracehound.demo.target-spans=" + demoSpans,
                "--tracehound.demo.read-key=" + DEMO_READ_KEY))).awaitReady(Duration.ofMinutes(20));
        double startSeconds = (System.nanoTime() - starting) / 1e9;
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var whoami = http.send(HttpRequest.newBuilder(URI.create(service.base() + "/api/v1/whoami"))
                .header("Authorization", "Bearer " + DEMO_READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
        if (whoami.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/whoami with the demo read key answered " + whoami.statusCode()
                    + ": " + shorten(whoami.body()));
        }
        String project = JSON.readTree(whoami.body()).path("projectId").asString();
        System.out.printf(Locale.ROOT, "offline: ready after %.0f s; demo project %s; asking \"%s\" ...%n", startSeconds,
                project, QUESTION);
        String session = createSession(http, service.base(), project, DEMO_READ_KEY, "bench: checkout");
        Streamed run = send(http, service.base(), project, session, DEMO_READ_KEY, QUESTION);
        var tools = new ArrayList<String>();
        var detail = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(service.base() + "/api/v1/projects/"
                        + project + "/agent/sessions/" + session)).header("Authorization", "Bearer " + DEMO_READ_KEY)
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        detail.path("toolCalls").forEach(call -> tools.add(call.path("tool").asString()));
        service.close();

        String answer = run.text();
        String lower = answer.toLowerCase(Locale.ROOT);
        System.out.println();
        System.out.printf(Locale.ROOT, "offline: the built-in offline investigator on the demo incident (%,d demo spans)%n",
                demoSpans);
        System.out.println("| figure | value | expected |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| wall time to done, s | %s | |%n", run.toDoneNanos() < 0 ? "no done"
                : String.format(Locale.ROOT, "%.2f", run.toDoneNanos() / 1e9));
        System.out.printf(Locale.ROOT, "| how the run ended | %s | completed |%n", run.doneReason() == null
                ? "no done event" : run.doneReason());
        System.out.printf(Locale.ROOT, "| tool calls | %d (%s) | several |%n", tools.size(),
                tools.isEmpty() ? "none" : String.join(", ", tools));
        System.out.printf(Locale.ROOT, "| events streamed | %d | |%n", run.events());
        System.out.printf(Locale.ROOT, "| the answer names checkout | %s | yes |%n", yesNo(lower.contains("checkout")));
        System.out.printf(Locale.ROOT, "| the answer names the deploy 2.3.1 | %s | yes |%n", yesNo(answer.contains("2.3.1")));
        System.out.printf(Locale.ROOT, "| the answer names payment.provider=stripe_v3 | %s | yes |%n",
                answer.contains("payment.provider=stripe_v3") ? "yes"
                        : answer.contains("stripe_v3") ? "stripe_v3, but not as payment.provider=stripe_v3" : "no");
        run.problems().forEach(problem -> System.out.println("  problem: " + problem));
        System.out.println("offline: the answer:");
        System.out.println(indent(answer.isBlank() ? "(none)" : shorten(answer, 2_000)));
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    // ---- shared

    /** What a run opened, closed in reverse order at its end or when the JVM is stopped. */
    private static final class Closer implements AutoCloseable {
        private final Deque<AutoCloseable> open = new ArrayDeque<>();

        synchronized <T extends AutoCloseable> T add(T resource) {
            open.push(resource);
            return resource;
        }

        @Override
        public synchronized void close() {
            while (!open.isEmpty()) {
                try {
                    open.pop().close();
                } catch (Exception e) {
                    System.err.println("cleaning up failed: " + e.getMessage());
                }
            }
        }
    }

    private static String shorten(String text) {
        return shorten(text, 300);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
