package dev.tracehound.incidents.investigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.agent.AgentLimits;
import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.offline.OfflineInvestigator;
import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.agent.session.AgentSession;
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
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.IncidentsSchema;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.investigate.IncidentInvestigation.Status;
import dev.tracehound.incidents.investigate.IncidentReport.Confidence;
import dev.tracehound.incidents.investigate.IncidentReport.Query;
import dev.tracehound.incidents.investigate.TestModels.Gate;
import dev.tracehound.incidents.investigate.TestModels.RecordingFeed;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.billing.Plans;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.usage.AgentUsage;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
import dev.tracehound.platform.usage.UsageReport;
import dev.tracehound.platform.usage.UsageReports;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Investigations on real parts: PostgreSQL with every module's migrations, the agent loop and its
 * store, and for the checkout incident the offline investigator with the real tools over a demo day
 * in ClickHouse (the deploy of checkout 2.3.1 six hours before its end, as {@code ./dev up} loads
 * it). Each test has its own database; several {@link Investigations} on one database are several
 * instances of the service.
 */
class InvestigationsIT {

    private static final Instant DATA_END = Instant.parse("2026-12-07T09:20:20Z");
    private static final Instant NOW = DATA_END.plusSeconds(50);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final UUID CHECKOUT_PROJECT = UUID.nameUUIDFromBytes("investigations-checkout".getBytes());
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ThrowawayClickHouse clickHouseDatabase;
    private static Tools tools;

    private ThrowawayPostgres postgres;
    private DataSource dataSource;
    private SessionStore store;
    private SessionEvents events;
    private final RecordingFeed feed = new RecordingFeed();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void demoDay() {
        clickHouseDatabase = ThrowawayClickHouse.create();
        ClickHouse clickHouse = clickHouseDatabase.closing(ClickHouse.connect(ClickHouseSettings.of(clickHouseDatabase.url(),
                clickHouseDatabase.name())));
        new SchemaMigrator(clickHouse).migrate();
        tools = Tools.standard(TelemetryQueries.over(clickHouse, CLOCK), Tools.Settings.defaults().withClock(CLOCK));
        var writer = new TelemetryWriter(clickHouse);
        var spans = new ArrayList<SpanRow>();
        var logs = new ArrayList<LogRow>();
        new DemoTelemetryGenerator(Scenario.demo(CHECKOUT_PROJECT.toString(), DATA_END)
                .withLoad(Load.targetSpans(100_000))).generate(new TelemetrySink() {
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
    static void dropClickHouse() {
        if (clickHouseDatabase != null) {
            clickHouseDatabase.close();
        }
    }

    @BeforeEach
    void database() {
        postgres = ThrowawayPostgres.create("investigations");
        dataSource = postgres.dataSource();
        Flyway.configure().dataSource(dataSource)
                .locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS, IncidentsSchema.MIGRATIONS)
                .load().migrate();
        store = new SessionStore(JdbcClient.create(dataSource));
        events = new SessionEvents(store);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing.reversed()) {
            resource.close();
        }
        postgres.close();
    }

    @Test
    void aCheckoutIncidentGetsAReportNamingCheckout231AndStripeV3WithTracesAsEvidenceWithinAMinute() throws Exception {
        Investigations investigations = instance(new OfflineInvestigator(CLOCK), InvestigationSettings.defaults(),
                onPlan("scale"));
        UUID workspace = UUID.randomUUID();
        IncidentContext incident = incident(workspace, CHECKOUT_PROJECT, "checkout");
        long start = System.nanoTime();

        UUID id = investigations.request(incident, Investigations.TRACEHOUND);
        assertThat(investigations.runDue(NOW)).isEqualTo(1);
        IncidentInvestigation done = await(investigations, id, Status.DONE);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        IncidentReport report = done.report().orElseThrow();
        assertThat(report.summary()).contains("checkout", "2.3.1");
        assertThat(report.suspectedCause()).contains("checkout 2.3.1", "payment.provider=stripe_v3");
        assertThat(report.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(report.notDetermined()).contains("whether rolling checkout back to 2.3.0 fixes it");
        assertThat(report.answer()).contains("**Likely cause**", "Summary: ");
        assertThat(report.evidence().traceIds()).isNotEmpty()
                .anySatisfy(trace -> assertThat(report.answer()).contains(trace))
                .allSatisfy(trace -> assertThat(clickHouseDatabase.count("SELECT count() AS c FROM spans WHERE"
                        + " project_id = '" + CHECKOUT_PROJECT + "' AND trace_id = '" + trace + "'")).isPositive());
        assertThat(report.evidence().queries()).extracting(Query::kind).contains("aggregate", "bubbleup", "traces", "logs");
        assertThat(report.evidence().queries()).filteredOn(q -> q.kind().equals("bubbleup"))
                .allSatisfy(q -> assertThat(q.input()).startsWith("{"))
                .anySatisfy(q -> assertThat(q.result()).contains("stripe_v3"));
        assertThat(report.evidence().queries()).allSatisfy(q -> assertThat(q.result().length())
                .isLessThanOrEqualTo(Query.MAX_RESULT_CHARS));

        AgentSession session = store.get(report.sessionId()).orElseThrow();
        assertThat(session.userId()).isEqualTo(Investigations.sessionOwner(workspace));
        assertThat(session.workspaceId()).isEqualTo(workspace);
        assertThat(session.projectId()).isEqualTo(CHECKOUT_PROJECT);
        assertThat(done.sessionId()).contains(session.id());
        assertThat(((ChatTurn.User) store.messages(session.id()).getFirst().turn()).text())
                .contains("with `checkout` since 09:20 UTC", "Summary: <", "error rate of checkout over the trailing 10m");
        assertThat(feedOf(id, 2)).containsExactly("started " + session.id(), "ready " + report.summary());
        assertThat(new InvestigationUsage(AgentUsage.NONE, dataSource).investigations(workspace, LocalDate.of(2026, 12, 1),
                LocalDate.of(2027, 1, 1))).containsExactly(new AgentUsage.InvestigationDay(LocalDate.of(2026, 12, 7), 1));
    }

    @Test
    void atMostTheConcurrencyRunInAWorkspaceAcrossInstances() throws Exception {
        Gate gate = Gate.closed();
        Investigations one = instance(gate, InvestigationSettings.defaults(), onPlan("scale"));
        Investigations two = instance(gate, InvestigationSettings.defaults(), onPlan("scale"));
        UUID busy = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        var inBusy = new ArrayList<UUID>();
        for (int i = 0; i < 3; i++) {
            inBusy.add(one.request(incident(busy, UUID.randomUUID(), "checkout"), Investigations.TRACEHOUND));
        }
        UUID inOther = two.request(incident(other, UUID.randomUUID(), "payments"), Investigations.TRACEHOUND);

        List<Integer> started = together(List.of(() -> one.runDue(NOW), () -> two.runDue(NOW)));

        assertThat(started.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        assertThat(statuses(one, inBusy)).containsExactlyInAnyOrder(Status.RUNNING, Status.RUNNING, Status.QUEUED);
        assertThat(one.get(inOther).orElseThrow().status()).isEqualTo(Status.RUNNING);
        eventually(() -> gate.waiting() == 3);
        assertThat(one.runDue(NOW) + two.runDue(NOW)).as("the busy workspace is at its limit").isZero();

        gate.release();
        for (UUID id : inBusy) {
            if (one.get(id).orElseThrow().status() == Status.RUNNING) {
                await(one, id, Status.DONE);
            }
        }
        assertThat(two.runDue(NOW)).isEqualTo(1);
        for (UUID id : inBusy) {
            await(one, id, Status.DONE);
        }
        assertThat(gate.mostAtOnce()).isEqualTo(3);
    }

    @Test
    void aSecondRequestWhileOneIsQueuedOrRunningIsTheSameInvestigation() throws Exception {
        Gate gate = Gate.closed();
        Investigations investigations = instance(gate, InvestigationSettings.defaults(), onPlan("scale"));
        IncidentContext incident = incident(UUID.randomUUID(), UUID.randomUUID(), "checkout");

        var asked = new ArrayList<Callable<UUID>>();
        for (int i = 0; i < 8; i++) {
            String person = "user-" + i;
            asked.add(i % 2 == 0 ? () -> investigations.request(incident, Investigations.TRACEHOUND)
                    : () -> investigations.rerun(incident, person));
        }
        List<UUID> ids = together(asked);

        assertThat(new HashSet<>(ids)).hasSize(1);
        assertThat(investigations.ofIncident(incident.incidentId())).hasSize(1);
        assertThat(investigations.runDue(NOW)).isEqualTo(1);
        assertThat(investigations.request(incident, Investigations.TRACEHOUND)).isEqualTo(ids.getFirst());
        assertThat(investigations.rerun(incident, "user-9")).as("while running").isEqualTo(ids.getFirst());
        gate.release();
        await(investigations, ids.getFirst(), Status.DONE);
    }

    @Test
    void aPersonReRunsAFinishedInvestigationWhichAFiringDoesNot() throws Exception {
        Investigations investigations = instance(Gate.open(), InvestigationSettings.defaults(), onPlan("scale"));
        IncidentContext incident = incident(UUID.randomUUID(), UUID.randomUUID(), "checkout");
        UUID first = investigations.request(incident, Investigations.TRACEHOUND);
        investigations.runDue(NOW);
        await(investigations, first, Status.DONE);

        assertThat(investigations.request(incident, Investigations.TRACEHOUND)).isEqualTo(first);
        UUID second = investigations.rerun(incident, "user-7");
        assertThat(second).isNotEqualTo(first);
        assertThat(investigations.rerun(incident, "user-8")).as("queued already").isEqualTo(second);
        assertThatThrownBy(() -> investigations.rerun(incident, Investigations.TRACEHOUND))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(investigations.runDue(NOW)).isEqualTo(1);
        await(investigations, second, Status.DONE);

        List<IncidentInvestigation> all = investigations.ofIncident(incident.incidentId());
        assertThat(all).extracting(IncidentInvestigation::id).containsExactly(second, first);
        assertThat(all).extracting(IncidentInvestigation::requestedBy).containsExactly("user-7", Investigations.TRACEHOUND);
        assertThat(all).allSatisfy(i -> assertThat(i.report()).isPresent());
        assertThat(all.get(0).sessionId()).isNotEqualTo(all.get(1).sessionId());
        IncidentReport report = all.getFirst().report().orElseThrow();
        assertThat(report.summary()).isEqualTo("checkout fails since 2.3.1.");
        assertThat(report.suspectedCause()).isEqualTo("the deploy of checkout 2.3.1.");
        assertThat(report.confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(report.notDetermined()).isEqualTo("whether a rollback fixes it.");
        assertThat(report.evidence().traceIds()).containsExactly("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void anInvestigationWhoseInstanceStoppedIsTakenOverAndReportedOnce() throws Exception {
        Gate stuck = Gate.closed();
        Investigations dying = instance(stuck, InvestigationSettings.defaults(), onPlan("scale"));
        Investigations survivor = instance(Gate.open(), InvestigationSettings.defaults(), onPlan("scale"));
        UUID workspace = UUID.randomUUID();
        UUID id = dying.request(incident(workspace, UUID.randomUUID(), "checkout"), Investigations.TRACEHOUND);
        assertThat(dying.runDue(NOW)).isEqualTo(1);
        eventually(() -> stuck.waiting() == 1);
        UUID firstSession = dying.get(id).orElseThrow().sessionId().orElseThrow();
        Instant expired = NOW.plus(InvestigationSettings.defaults().timeout());

        assertThat(survivor.runDue(expired)).as("within the grace after the claim").isZero();
        assertThat(survivor.runDue(expired.plus(Investigations.EXPIRY_GRACE).plusSeconds(1))).isEqualTo(1);
        IncidentInvestigation done = await(survivor, id, Status.DONE);
        stuck.release();
        eventually(() -> stuck.waiting() == 0 && store.get(firstSession).orElseThrow().status().name().equals("IDLE"));

        IncidentInvestigation after = survivor.get(id).orElseThrow();
        assertThat(after.status()).isEqualTo(Status.DONE);
        assertThat(after.sessionId()).isEqualTo(done.sessionId()).isNotEqualTo(java.util.Optional.of(firstSession));
        assertThat(after.report().orElseThrow().sessionId()).isEqualTo(done.sessionId().orElseThrow());
        assertThat(feedOf(id, 3)).hasSize(3).filteredOn(line -> line.startsWith("ready")).hasSize(1);
        assertThat(new InvestigationUsage(AgentUsage.NONE, dataSource).investigations(workspace, LocalDate.of(2026, 12, 1),
                LocalDate.of(2027, 1, 1))).as("counted once").extracting(AgentUsage.InvestigationDay::investigations)
                .containsExactly(1L);
    }

    @Test
    void aRunThatOutlastsTheTimeoutIsCancelledAndFailsSayingSo() throws Exception {
        Gate never = Gate.closed();
        Investigations investigations = instance(never, new InvestigationSettings(2, Duration.ofSeconds(10)),
                onPlan("scale"));
        UUID id = investigations.request(incident(UUID.randomUUID(), UUID.randomUUID(), "checkout"), "user-1");
        investigations.runDue(NOW);

        IncidentInvestigation failed = await(investigations, id, Status.FAILED);

        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error)
                .startsWith("the investigation did not finish within 10 seconds and was stopped"));
        assertThat(failed.report()).isEmpty();
        eventually(() -> never.waiting() == 0);
        assertThat(feedOf(id, 2)).hasSize(2).last().asString().startsWith("failed the investigation did not finish");
    }

    @Test
    void theFreePlansInvestigationsThisMonthRefuseTheNextWithAReasonUntilTheyRenew() throws Exception {
        Investigations investigations = instance(Gate.open(), new InvestigationSettings(10, Duration.ofMinutes(5)),
                onPlan("free"));
        UUID workspace = UUID.randomUUID();
        var ten = new ArrayList<UUID>();
        for (int i = 0; i < 10; i++) {
            ten.add(investigations.request(incident(workspace, UUID.randomUUID(), "checkout"), Investigations.TRACEHOUND));
        }
        assertThat(investigations.runDue(NOW)).isEqualTo(10);
        for (UUID id : ten) {
            await(investigations, id, Status.DONE);
        }
        IncidentContext eleventh = incident(workspace, UUID.randomUUID(), "checkout");
        UUID refused = investigations.request(eleventh, Investigations.TRACEHOUND);

        assertThat(investigations.runDue(NOW)).isZero();

        IncidentInvestigation failed = investigations.get(refused).orElseThrow();
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.startedAt()).isEmpty();
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error).startsWith(
                        "the Free plan's 10 investigations this month are used (10 started in December 2026)")
                .contains("upgrade at /w/test/billing", "renew on 1 January 2027 (UTC)"));
        assertThat(feed.about(refused)).containsExactly("failed " + failed.error().orElseThrow());
        var usage = new UsageReports(new UsageLedger(dataSource, CLOCK), new InvestigationUsage(AgentUsage.NONE, dataSource),
                onPlan("free"), new ProjectDirectory(JdbcClient.create(dataSource)), CLOCK)
                .of(workspace, YearMonth.of(2026, 12));
        assertThat(usage.meters()).filteredOn(meter -> meter.meter() == UsageMeter.INVESTIGATIONS).singleElement()
                .satisfies(meter -> {
                    assertThat(meter.quantity()).isEqualTo(10);
                    assertThat(meter.limit()).hasValue(10);
                    assertThat(meter.days()).filteredOn(day -> day.quantity() > 0).singleElement()
                            .isEqualTo(new UsageReport.DayQuantity(LocalDate.of(2026, 12, 7), 10));
                });

        UUID nextMonth = investigations.rerun(eleventh, "user-3");
        assertThat(investigations.runDue(Instant.parse("2027-01-01T00:00:10Z"))).isEqualTo(1);
        await(investigations, nextMonth, Status.DONE);
    }

    private Investigations instance(AgentModel model, InvestigationSettings settings, Entitlements entitlements) {
        var estimator = new TokenEstimator();
        var loop = new AgentLoop(store, events, tools, model, new Meter(store, ModelPrices.builtIn(), estimator, CLOCK),
                new Budgets(entitlements, store, CLOCK), estimator,
                session -> ToolContext.withoutSandbox(session.projectId().toString()), AgentLimits.defaults(),
                Clock.systemUTC());
        closing.add(loop);
        var investigations = new Investigations(dataSource, loop, store, events, feed, entitlements,
                project -> "/w/test/billing", settings, CLOCK);
        closing.add(investigations);
        return investigations;
    }

    private static Entitlements onPlan(String id) {
        Plan plan = Plans.builtIn().byId(id).orElseThrow();
        return new Entitlements() {
            @Override
            public AgentBudget agentBudget(UUID workspaceId) {
                return AgentBudget.UNLIMITED;
            }

            @Override
            public Plan plan(UUID workspaceId) {
                return plan;
            }
        };
    }

    /** An open incident in PostgreSQL (as the alerting package opens one) and its context. */
    private IncidentContext incident(UUID workspace, UUID project, String service) {
        UUID id = UUID.randomUUID();
        Instant openedAt = DATA_END.minusSeconds(20);
        String title = "Error rate of " + service + " is up";
        JdbcClient.create(dataSource).sql("""
                        INSERT INTO incidents (id, workspace_id, project_id, group_key, service, title, severity, status,
                                               opened_at)
                        VALUES (:id, :workspace, :project, :group, :service, :title, 'high', 'open', :at)""")
                .param("id", id).param("workspace", workspace).param("project", project).param("group", "service=" + service)
                .param("service", service).param("title", title).param("at", openedAt.atOffset(ZoneOffset.UTC)).update();
        var alert = new Observation("anomaly:error-rate", service, Map.of("service", service, "alertname", "error rate"),
                Observation.Verdict.BREACHING, Severity.HIGH, 0.31, 0.004, 1_234,
                "error rate of " + service + " over the last 10m is 31% against 0.4% over the trailing day");
        return new IncidentContext(id, workspace, project, title, service, Severity.HIGH, openedAt, List.of(alert));
    }

    private static IncidentInvestigation await(Investigations investigations, UUID id, Status status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        IncidentInvestigation now = investigations.get(id).orElseThrow();
        while (now.status() != status && System.nanoTime() < deadline) {
            assertThat(now.status()).as("investigation %s: %s", id, now.error().orElse(""))
                    .isIn(Status.QUEUED, Status.RUNNING);
            Thread.sleep(50);
            now = investigations.get(id).orElseThrow();
        }
        assertThat(now.status()).as("investigation %s: %s", id, now.error().orElse("")).isEqualTo(status);
        return now;
    }

    /**
     * What the feed heard of an investigation once it holds {@code lines}: the feed is told after
     * the row is written, so a test that saw the row's status may be a moment ahead of it.
     */
    private List<String> feedOf(UUID id, int lines) throws InterruptedException {
        eventually(() -> feed.about(id).size() >= lines);
        return feed.about(id);
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<Status> statuses(Investigations investigations, List<UUID> ids) {
        return ids.stream().map(id -> investigations.get(id).orElseThrow().status()).toList();
    }

    /** Makes the calls at once, each on a thread of its own, and returns their results in order. */
    private static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        try (var executor = Executors.newFixedThreadPool(calls.size())) {
            var futures = new ArrayList<Future<T>>();
            for (Callable<T> call : calls) {
                futures.add(executor.submit(call));
            }
            var results = new ArrayList<T>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
