package dev.tracehound.agent.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.agent.SessionSandboxes;
import dev.tracehound.agent.session.AgentDatabase;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.AgentUsageByDay;
import dev.tracehound.agent.session.SandboxLeaseStore;
import dev.tracehound.agent.session.SandboxLeaseStore.NewLease;
import dev.tracehound.agent.session.SandboxLeaseStore.SandboxLease;
import dev.tracehound.agent.session.SessionStatus;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.billing.Plans;
import dev.tracehound.platform.usage.AgentUsage.SandboxDay;
import dev.tracehound.sandbox.Command;
import dev.tracehound.sandbox.DockerEngine;
import dev.tracehound.sandbox.DockerSandboxProvider;
import dev.tracehound.sandbox.DockerSandboxSettings;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.tools.GitSources;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sandbox minutes on the real parts: leases of real Docker sandboxes stored in PostgreSQL, the
 * heartbeat, leases a dead service left, the rounding, and the plan's allowance refusing a new
 * sandbox on free once its minutes are used while indie goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxMinutesIT {

    private static final Instant T0 = Instant.parse("2026-12-09T10:00:00Z");
    private static final String INSTANCE = "minutes-it-" + UUID.randomUUID().toString().substring(0, 8);

    private final TestClock clock = new TestClock();
    private final Map<UUID, String> plans = new ConcurrentHashMap<>();
    private AgentDatabase database;
    private SandboxLeaseStore store;
    private DockerEngine engine;
    private DockerSandboxProvider provider;
    private SandboxMinutes minutes;
    private SessionSandboxes sandboxes;

    @BeforeAll
    void start() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("DOCKER_HOST is not set: load .dev/docker.env or run ./dev test");
        }
        database = new AgentDatabase();
        store = new SandboxLeaseStore(database.newClient());
        engine = DockerEngine.connect(host);
        provider = DockerSandboxProvider.create(engine, DockerSandboxSettings.defaults().withInstanceId(INSTANCE));
        minutes = new SandboxMinutes(store, clock, SandboxMinutes.HEARTBEAT);
        var allowance = new SandboxAllowance(entitlements(), store, project -> "the web UI's /w/acme/billing", clock,
                Duration.ZERO);
        String image = System.getenv().getOrDefault("TRACEHOUND_SANDBOX_IMAGE", "tracehound-sandbox:latest");
        sandboxes = new SessionSandboxes(() -> provider, image, Duration.ofMinutes(10), project -> new GitSources(List.of(), List.of()),
                false, minutes, allowance);
    }

    @AfterEach
    void backToT0() {
        clock.set(T0);
    }

    @AfterAll
    void stop() {
        try {
            sandboxes.close();
            minutes.close();
            provider.close();
            assertThat(engine.containersLabelled("dev.tracehound.instance", INSTANCE)).as("containers left").isEmpty();
        } finally {
            engine.close();
            database.close();
        }
    }

    @Test
    void aRealSandboxIsLeasedFromHandOverToReleaseAndCountsItsTimeRoundedUpToWholeMinutes() throws Exception {
        AgentSession session = session(workspace("indie"));
        ToolContext context = sandboxes.apply(session);

        Sandbox sandbox = context.sandbox().get();
        assertThat(sandbox.run(Command.shell("echo leased")).stdoutText()).isEqualTo("leased\n");
        assertThat(context.sandbox().get()).as("the session keeps its sandbox").isSameAs(sandbox);

        SandboxLease open = onlyLease(session);
        assertThat(open.provider()).isEqualTo("docker");
        assertThat(open.sandboxId()).isEqualTo(sandbox.id());
        assertThat(open.workspaceId()).isEqualTo(session.workspaceId());
        assertThat(open.projectId()).isEqualTo(session.projectId());
        assertThat(open.network()).isFalse();
        assertThat(open.startedAt()).isEqualTo(T0);
        assertThat(open.endedAt()).isEmpty();

        clock.set(T0.plusSeconds(61));
        minutes.beat();
        assertThat(onlyLease(session).lastSeenAt()).as("a heartbeat marks a held sandbox seen").isEqualTo(T0.plusSeconds(61));
        assertThat(minutesOf(session.workspaceId())).as("an open lease counts up to when it was last seen").isEqualTo(2);

        clock.set(T0.plusSeconds(90));
        sandboxes.release(session.id());

        SandboxLease ended = onlyLease(session);
        assertThat(ended.endedAt()).hasValue(T0.plusSeconds(90));
        assertThat(ended.minutes()).as("90 s rounded up").isEqualTo(2);
        assertThat(sandbox.status()).isEqualTo(Sandbox.Status.CLOSED);
        assertThat(new AgentUsageByDay(database.newClient()).sandboxMinutes(session.workspaceId(),
                LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 1)))
                .containsExactly(new SandboxDay(LocalDate.of(2026, 12, 9), 2));
        System.out.printf("SandboxMinutesIT: a real lease of %s from %s to %s counts %d minutes%n", ended.sandboxId(),
                ended.startedAt(), ended.endedAt().orElseThrow(), ended.minutes());
    }

    @Test
    void aSandboxThatDiesByItselfEndsItsLeaseWhenItWasLastSeenReady() throws Exception {
        AgentSession session = session(workspace("indie"));
        ToolContext context = sandboxes.apply(session);
        Sandbox first = context.sandbox().get();
        clock.set(T0.plusSeconds(30));
        minutes.beat();

        // The runner, the container's main process, dies: the container stops with it.
        first.start(Command.shell("kill -9 $PPID"), chunk -> {});
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (first.status() == Sandbox.Status.READY && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(first.status()).isNotEqualTo(Sandbox.Status.READY);
        clock.set(T0.plusSeconds(150));
        minutes.beat();

        assertThat(onlyLease(session).endedAt()).as("ended at the last heartbeat that saw it ready, not now")
                .hasValue(T0.plusSeconds(30));
        Sandbox second = context.sandbox().get();
        assertThat(second.id()).isNotEqualTo(first.id());
        clock.set(T0.plusSeconds(200));
        sandboxes.release(session.id());
        var leases = store.ofSession(session.id());
        assertThat(leases).extracting(SandboxLease::minutes).containsExactly(1L, 1L);
        assertThat(leases.get(0).endedAt()).as("replacing it changed nothing").hasValue(T0.plusSeconds(30));
        assertThat(leases.get(1).startedAt()).isEqualTo(T0.plusSeconds(150));
    }

    @Test
    void leasesLeftOpenByAServiceThatDiedCountUpToWhenLastSeenAndTheNextHeartbeatEndsThemThere() {
        UUID dead = workspace("indie");
        long left = store.open(lease(dead, T0.minus(Duration.ofMinutes(10))));
        store.seen(List.of(left), T0.minus(Duration.ofMinutes(7)).minusSeconds(30));
        UUID live = workspace("indie");
        long elsewhere = store.open(lease(live, T0.minus(Duration.ofMinutes(5))));
        store.seen(List.of(elsewhere), T0.minusSeconds(40));

        assertThat(minutesOf(dead)).as("counted up to its last sighting while open").isEqualTo(3);
        new SandboxMinutes(store, clock, SandboxMinutes.HEARTBEAT).beat();

        assertThat(store.minutes(dead, T0.minus(Duration.ofDays(1)), T0)).isEqualTo(3);
        assertThat(leaseOf(dead).endedAt()).as("ended when last seen").hasValue(T0.minus(Duration.ofMinutes(7)).minusSeconds(30));
        assertThat(leaseOf(live).endedAt()).as("another instance saw it 40 s ago: still held").isEmpty();
        store.end(elsewhere, T0);
    }

    @Test
    void eachLeaseCountsItsTimeRoundedUpToWholeMinutesAndAtLeastOne() {
        UUID workspace = workspace("indie");
        for (Duration held : List.of(Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofMillis(60_001),
                Duration.ofSeconds(61), Duration.ofMinutes(30))) {
            long id = store.open(lease(workspace, T0));
            store.end(id, T0.plus(held));
        }
        var leases = store.ofSession(leaseOf(workspace).sessionId());
        assertThat(store.minutes(workspace, T0, T0.plusSeconds(1))).isEqualTo(1 + 1 + 2 + 2 + 30);
        assertThat(leases.stream().mapToLong(SandboxLease::minutes).sum()).as("the same in Java").isEqualTo(36);
        assertThat(store.daily(workspace, T0.minus(Duration.ofDays(9)), T0.plus(Duration.ofDays(1))))
                .containsExactly(new SandboxLeaseStore.DayMinutes(LocalDate.of(2026, 12, 9), 36, 5));
    }

    @Test
    void onFreeANewSandboxIsRefusedOnceTheMonthsMinutesAreUsedAndOnIndieItGoesOn() throws Exception {
        UUID free = workspace("free");
        usedMinutes(free, T0.minus(Duration.ofDays(30)), 45);
        usedMinutes(free, T0.minus(Duration.ofDays(2)), 59);
        AgentSession first = session(free);
        Sandbox below = sandboxes.apply(first).sandbox().get();
        assertThat(below.status()).as("59 of 60 minutes: allowed").isEqualTo(Sandbox.Status.READY);
        clock.set(T0.plusSeconds(20));
        sandboxes.release(first.id());

        AgentSession second = session(free);
        assertThatThrownBy(() -> sandboxes.apply(second).sandbox().get())
                .isInstanceOf(ToolFailure.class)
                .hasMessage("this workspace used its 60 sandbox minutes of the free plan this month (60 used in"
                        + " December 2026), so no new sandbox can start until they renew on 1 January 2027 (UTC);"
                        + " upgrade at the web UI's /w/acme/billing for more. Tools that need no sandbox still work.");
        assertThat(store.ofSession(second.id())).as("no sandbox, no lease").isEmpty();

        UUID indie = workspace("indie");
        usedMinutes(indie, T0.minus(Duration.ofDays(3)), 700);
        AgentSession paid = session(indie);
        Sandbox past = sandboxes.apply(paid).sandbox().get();
        assertThat(past.status()).as("indie bills its overage: 700 of 600 minutes and a new sandbox")
                .isEqualTo(Sandbox.Status.READY);
        sandboxes.release(paid.id());
    }

    @Test
    void theMinutesUsedAreRememberedForTheAllowancesTtl() {
        UUID free = workspace("free");
        usedMinutes(free, T0.minus(Duration.ofDays(1)), 59);
        var remembering = new SandboxAllowance(entitlements(), store, project -> "/w/acme/billing", clock,
                Duration.ofSeconds(25));
        AgentSession session = session(free);
        assertThat(remembering.refusal(session)).isEmpty();

        usedMinutes(free, T0.minus(Duration.ofHours(1)), 1);
        assertThat(remembering.refusal(session)).as("59 minutes remembered").isEmpty();
        remembering.forget(free);
        assertThat(remembering.refusal(session)).hasValueSatisfying(refusal ->
                assertThat(refusal).startsWith("this workspace used its 60 sandbox minutes of the free plan"));

        plans.put(free, "startup");
        assertThat(remembering.refusal(session)).as("a plan with overage never reads usage").isEmpty();
        assertThatThrownBy(() -> new SandboxAllowance(entitlements(), store, project -> "", clock, Duration.ofSeconds(31)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private UUID workspace(String plan) {
        UUID workspace = UUID.randomUUID();
        plans.put(workspace, plan);
        return workspace;
    }

    private Entitlements entitlements() {
        return new Entitlements() {
            @Override
            public AgentBudget agentBudget(UUID workspaceId) {
                return AgentBudget.UNLIMITED;
            }

            @Override
            public Plan plan(UUID workspaceId) {
                return Plans.builtIn().byId(plans.getOrDefault(workspaceId, "free")).orElseThrow();
            }
        };
    }

    private AgentSession session(UUID workspace) {
        return new AgentSession(UUID.randomUUID(), workspace, UUID.randomUUID(), "alice", "minutes", "gpt-4o",
                SessionStatus.IDLE, T0, T0);
    }

    private static NewLease lease(UUID workspace, Instant startedAt) {
        return new NewLease(workspace, UUID.nameUUIDFromBytes(workspace.toString().getBytes()),
                UUID.nameUUIDFromBytes(("s" + workspace).getBytes()), "docker", "c-" + startedAt.toEpochMilli(), false,
                startedAt);
    }

    /** A lease of a sandbox held {@code minutes} whole minutes from {@code at}. */
    private void usedMinutes(UUID workspace, Instant at, long minutes) {
        long id = store.open(lease(workspace, at));
        store.end(id, at.plus(Duration.ofMinutes(minutes)));
    }

    private long minutesOf(UUID workspace) {
        return store.minutes(workspace, T0.minus(Duration.ofDays(8)), T0.plus(Duration.ofDays(1)));
    }

    private SandboxLease onlyLease(AgentSession session) {
        var leases = store.ofSession(session.id());
        assertThat(leases).hasSize(1);
        return leases.getFirst();
    }

    private SandboxLease leaseOf(UUID workspace) {
        return store.ofSession(UUID.nameUUIDFromBytes(("s" + workspace).getBytes())).getFirst();
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(T0);

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now.get(), zone);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
