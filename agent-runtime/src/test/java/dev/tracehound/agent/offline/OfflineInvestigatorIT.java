package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.tracehound.agent.session.AgentDatabase;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionEvent;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.demo.DemoTelemetryGenerator;
import dev.tracehound.demo.Load;
import dev.tracehound.demo.Scenario;
import dev.tracehound.demo.TelemetrySink;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline investigator against the real tools on the real ClickHouse, on two hours of demo
 * data around each seeded incident (15:30 UTC, at the shop's daily peak) and on the same hours
 * without any incident. Each data set is its own project, so each investigation sees only its own.
 */
class OfflineInvestigatorIT {

    private static final Instant DAY_END = Instant.parse("2025-03-10T21:30:00Z");
    private static final Instant INCIDENT = DAY_END.minus(Duration.ofHours(6));
    private static final Instant WINDOW_START = INCIDENT.minus(Duration.ofMinutes(60));
    private static final Duration WINDOW = Duration.ofMinutes(90);
    private static final Instant NOW = WINDOW_START.plus(WINDOW).plus(Duration.ofMinutes(2));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Pattern TRACE_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");

    private static final String CHECKOUT_PROJECT = UUID.nameUUIDFromBytes("checkout-deploy".getBytes()).toString();
    private static final String REPLICA_PROJECT = UUID.nameUUIDFromBytes("inventory-replica".getBytes()).toString();
    private static final String HEALTHY_PROJECT = UUID.nameUUIDFromBytes("healthy".getBytes()).toString();
    /** A whole demo day ending at 09:21 UTC, as ./dev up loads it: the deploy was at 03:21, before "this morning". */
    private static final String EARLY_PROJECT = UUID.nameUUIDFromBytes("deploy-before-morning".getBytes()).toString();
    private static final Instant EARLY_END = Instant.parse("2026-12-07T09:20:20Z");

    private static ThrowawayClickHouse database;
    private static ClickHouse clickHouse;
    private static Tools tools;

    @BeforeAll
    static void generate() {
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        tools = Tools.standard(TelemetryQueries.over(clickHouse, CLOCK), Tools.Settings.defaults().withClock(CLOCK));
        var writer = new TelemetryWriter(clickHouse);
        Scenario checkout = Scenario.demo(CHECKOUT_PROJECT, DAY_END);
        Scenario replica = Scenario.inventoryReplicaDemo(REPLICA_PROJECT, DAY_END);
        Scenario healthy = Scenario.demo(HEALTHY_PROJECT, DAY_END).withIncidents(List.of());
        for (Scenario scenario : List.of(checkout, replica, healthy)) {
            write(writer, scenario.withWindow(WINDOW_START, WINDOW).withLoad(Load.peakRequestsPerSecond(1)));
        }
        write(writer, Scenario.demo(EARLY_PROJECT, EARLY_END).withLoad(Load.targetSpans(100_000)));
    }

    private static void write(TelemetryWriter writer, Scenario scenario) {
        var spans = new ArrayList<SpanRow>();
        var logs = new ArrayList<LogRow>();
        new DemoTelemetryGenerator(scenario).generate(new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                spans.add(span);
                if (spans.size() == 20_000) {
                    writer.writeSpans(spans);
                    spans.clear();
                }
            }

            @Override
            public void log(LogRow log) {
                logs.add(log);
            }
        });
        writer.writeSpans(spans);
        writer.writeLogs(logs);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    /** What a run of the investigator did: its answer, its steps and the calls of each. */
    private record Investigated(String answer, List<List<ToolCall>> steps, List<ChatTurn> turns) {

        int mostCallsInOneStep() {
            return steps.stream().mapToInt(List::size).max().orElse(0);
        }
    }

    private static Investigated investigate(String project, String question) throws Exception {
        return investigate(project, question, CLOCK);
    }

    /** Plays the agent loop: the model's calls run at once, their results go back, until it answers. */
    private static Investigated investigate(String project, String question, Clock clock) throws Exception {
        var model = new OfflineInvestigator(clock);
        var specs = tools.list().stream()
                .map(tool -> new ModelRequest.ToolSpec(tool.name(), tool.description(), tool.inputSchema())).toList();
        var turns = new ArrayList<ChatTurn>(List.of(new ChatTurn.User(question)));
        var steps = new ArrayList<List<ToolCall>>();
        var context = ToolContext.withoutSandbox(project);
        for (int step = 0; step < 12; step++) {
            var streamed = new StringBuilder();
            ModelReply reply = model.reply(new ModelRequest(turns, specs, 4096), streamed::append);
            assertThat(streamed.toString()).isEqualTo(reply.text());
            turns.add(new ChatTurn.Assistant(reply.text(), reply.toolCalls()));
            if (reply.toolCalls().isEmpty()) {
                System.out.printf("%n=== %s (%d steps) ===%n%s%n", question, steps.size() + 1, reply.text());
                return new Investigated(reply.text(), steps, turns);
            }
            steps.add(reply.toolCalls());
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<ChatTurn.ToolResult>>();
                for (ToolCall call : reply.toolCalls()) {
                    futures.add(executor.submit(() -> new ChatTurn.ToolResult(call.id(), call.name(),
                            tools.run(call.name(), call.arguments(), context).content())));
                }
                for (var future : futures) {
                    turns.add(future.get());
                }
            }
        }
        throw new AssertionError("no answer after 12 steps: " + turns.getLast());
    }

    private static Set<String> traceIds(String answer) {
        var ids = new LinkedHashSet<String>();
        Matcher matcher = TRACE_ID.matcher(answer);
        while (matcher.find()) {
            ids.add(matcher.group());
        }
        return ids;
    }

    private static long spansOf(String project, String traceId) {
        return database.count("SELECT count() AS c FROM spans WHERE project_id = '" + project + "' AND trace_id = '"
                + traceId + "'");
    }

    @Test
    void theCheckoutDeployIncidentIsPinnedOnCheckout231AndStripeV3() throws Exception {
        Investigated run = investigate(CHECKOUT_PROJECT, "Why is checkout slow since this morning?");

        assertThat(run.answer()).contains("checkout", "2.3.1", "payment.provider=stripe_v3")
                .doesNotContain("replica-2");
        Set<String> cited = traceIds(run.answer());
        assertThat(cited).isNotEmpty();
        assertThat(cited).anySatisfy(id -> assertThat(spansOf(CHECKOUT_PROJECT, id)).isPositive());
        assertThat(run.mostCallsInOneStep()).isGreaterThan(1);
    }

    @Test
    void theReplicaIncidentIsPinnedOnInventoryAndReplica2() throws Exception {
        Investigated run = investigate(REPLICA_PROJECT, "Why are product pages slow?");

        assertThat(run.answer()).contains("inventory", "db.replica=replica-2").doesNotContain("stripe_v3", "2.3.1");
        Set<String> cited = traceIds(run.answer());
        assertThat(cited).anySatisfy(id -> assertThat(spansOf(REPLICA_PROJECT, id)).isPositive());
    }

    @Test
    void withoutBeingToldTheServiceItStillFindsTheDeployAndTheProvider() throws Exception {
        Investigated run = investigate(CHECKOUT_PROJECT, "What went wrong in the last two hours?");

        assertThat(run.answer()).contains("checkout", "2.3.1", "payment.provider=stripe_v3");
        assertThat(traceIds(run.answer())).anySatisfy(id -> assertThat(spansOf(CHECKOUT_PROJECT, id)).isPositive());
    }

    @Test
    void whenNothingSteppedUpInTheTimeAskedItLooksFurtherBack() throws Exception {
        // Asked at 17:00 about the last 20 minutes: the hour before them is already after the deploy.
        Clock later = Clock.fixed(Instant.parse("2025-03-10T17:00:00Z"), ZoneOffset.UTC);

        Investigated run = investigate(CHECKOUT_PROJECT, "Why is checkout failing in the last 20 minutes?", later);

        assertThat(run.answer()).contains("Nothing stepped up within the time you asked about", "from about 2025-03-10"
                + " 15:30 UTC", "`checkout` **2.3.1** was deployed", "payment.provider=stripe_v3");
    }

    @Test
    void aDeployBeforeTheMorningAskedAboutIsStillPinnedOnCheckoutAndStripeV3() throws Exception {
        // Asked at 09:21 "since this morning" (06:00): the deploy at 03:21 lies before the time asked.
        Investigated run = investigate(EARLY_PROJECT, "Why is checkout slow since this morning?",
                Clock.fixed(EARLY_END.plusSeconds(50), ZoneOffset.UTC));

        assertThat(run.answer()).contains("checkout", "2.3.1", "payment.provider=stripe_v3")
                .doesNotContain("which did not change notably");
        assertThat(traceIds(run.answer())).anySatisfy(id -> assertThat(spansOf(EARLY_PROJECT, id)).isPositive());
    }

    @Test
    void askedAboutAServiceThatDidNotChangeItPointsAtTheOneThatDid() throws Exception {
        Investigated run = investigate(REPLICA_PROJECT, "Why is checkout slow?");

        assertThat(run.answer()).contains("You asked about `checkout`, which did not change notably", "inventory",
                "db.replica=replica-2");
    }

    @Test
    void healthyDataHasNoClearCause() throws Exception {
        Investigated run = investigate(HEALTHY_PROJECT, "Why is checkout slow since this morning?");

        assertThat(run.answer()).contains("no clear cause")
                .doesNotContain("Likely cause", "stripe_v3", "replica-2", "2.3.1");
    }

    /** An automated investigation's question: it asks the answer to end with four lines. */
    private static final String CLOSING_LINES = """

            End your answer with these four lines, each on a line of its own, in this order:
            Summary: <one sentence: what is wrong, where, and since when>
            Suspected cause: <the most likely cause, or "unknown">
            Confidence: high|medium|low
            Not determined: <what you could not check>""";

    private static List<String> lastLines(String answer, int count) {
        List<String> lines = answer.lines().toList();
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    @Test
    void askedForClosingLinesItEndsWithTheDeployTheAttributeAndWhatItCouldNotCheck() throws Exception {
        Investigated run = investigate(EARLY_PROJECT, "What is wrong with `checkout` since 09:19 UTC, and why?"
                + CLOSING_LINES, Clock.fixed(EARLY_END.plusSeconds(50), ZoneOffset.UTC));

        List<String> closing = lastLines(run.answer(), 4);
        assertThat(closing.get(0)).startsWith("Summary: checkout got slower").contains("2.3.1 was deployed")
                .doesNotContain("`", "**");
        assertThat(closing.get(1)).startsWith("Suspected cause: The deploy of checkout 2.3.1 at ")
                .contains("since then checkout spans with payment.provider=stripe_v3 are slow");
        assertThat(closing.get(2)).isEqualTo("Confidence: high");
        assertThat(closing.get(3)).startsWith("Not determined: ").contains("whether rolling checkout back to 2.3.0 fixes it");
        assertThat(run.answer()).contains("**Likely cause**");
    }

    @Test
    void askedForClosingLinesOnHealthyDataItSaysNoCauseWithLowConfidence() throws Exception {
        Investigated run = investigate(HEALTHY_PROJECT, "What is wrong with `checkout` since 16:00 UTC?" + CLOSING_LINES);

        List<String> closing = lastLines(run.answer(), 4);
        assertThat(closing.get(0)).startsWith("Summary: No clear cause");
        assertThat(closing.get(1)).isEqualTo("Suspected cause: unknown");
        assertThat(closing.get(2)).isEqualTo("Confidence: low");
        assertThat(closing.get(3)).startsWith("Not determined: ");
    }

    @Test
    void aQuestionThatDoesNotAskForClosingLinesGetsNone() throws Exception {
        Investigated run = investigate(CHECKOUT_PROJECT, "What went wrong in the last two hours?");

        assertThat(run.answer()).doesNotContain("Summary:", "Suspected cause:", "Confidence:");
    }

    @Test
    void theRealAgentLoopRunsTheInvestigationAndStreamsIt() throws Exception {
        try (var database = new AgentDatabase()) {
            SessionStore store = database.newStore();
            var events = new SessionEvents(store);
            var model = new OfflineInvestigator(CLOCK);
            var estimator = new TokenEstimator();
            var budgets = new Budgets(new FixedEntitlements(AgentBudget.UNLIMITED), store, CLOCK);
            try (var loop = new AgentLoop(store, events, tools, model,
                    new Meter(store, ModelPrices.builtIn(), estimator, CLOCK), budgets, estimator,
                    session -> ToolContext.withoutSandbox(session.projectId().toString()), AgentLimits.defaults(),
                    Clock.systemUTC())) {
                AgentSession session = store.create(UUID.randomUUID(), UUID.fromString(CHECKOUT_PROJECT), "alice",
                        "checkout", model.name());

                loop.send(session.id(), "Why is checkout slow since this morning?");
                // Not isRunning(): a run that is writing its last events no longer counts as running.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                var all = store.eventsAfter(session.id(), 0, SessionStore.MAX_EVENTS_PER_READ);
                while ((all.isEmpty() || !all.getLast().type().equals(EventTypes.DONE)) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    all = store.eventsAfter(session.id(), 0, SessionStore.MAX_EVENTS_PER_READ);
                }

                assertThat(all.getLast().type()).isEqualTo(EventTypes.DONE);
                assertThat(all.getLast().data()).contains("completed");
                String answer = all.stream().filter(e -> e.type().equals(EventTypes.MESSAGE_COMPLETED))
                        .map(SessionEvent::data).findFirst().orElseThrow();
                assertThat(answer).contains("2.3.1", "payment.provider=stripe_v3");
                long started = all.stream().filter(e -> e.type().equals(EventTypes.TOOL_STARTED)).count();
                long failed = all.stream().filter(e -> e.type().equals(EventTypes.TOOL_FINISHED))
                        .filter(e -> e.data().contains("\"error\":true")).count();
                assertThat(started).isGreaterThan(10);
                assertThat(failed).isZero();
                assertThat(all).filteredOn(e -> e.type().equals(EventTypes.USAGE))
                        .allSatisfy(e -> assertThat(e.data()).contains("\"model\":\"offline-investigator\"",
                                "\"estimated\":true", "\"cost_micros\":0"));
                assertThat(all).anySatisfy(e -> assertThat(e.type()).isEqualTo(EventTypes.MESSAGE_DELTA));
            }
        }
    }
}
