package dev.tracehound.agent.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.offline.OfflineInvestigator;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.session.AgentDatabase;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.ModelUsage;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.UsageTotals;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.FixedEntitlements;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeteringAndBudgetsIT {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ModelRequest REQUEST = new ModelRequest(
            List.of(new ChatTurn.System("You investigate telemetry."), new ChatTurn.User("Why is checkout slow?")),
            List.of(), 1024);

    private AgentDatabase database;
    private SessionStore store;
    private Meter meter;

    @BeforeAll
    void migrate() {
        database = new AgentDatabase();
        store = database.newStore();
        meter = new Meter(store, PriceTable.defaults(), new TokenEstimator(), CLOCK);
    }

    @AfterAll
    void drop() {
        database.close();
    }

    private AgentSession newSession(UUID workspace) {
        return store.create(workspace, UUID.randomUUID(), "alice", "checkout", "gpt-4o");
    }

    private static ModelReply reply(String text, long input, long output) {
        return new ModelReply(text, List.of(), Optional.of(new ModelReply.TokenUsage(input, output)));
    }

    @Test
    void theProvidersUsageIsRecordedAndPriced() {
        AgentSession session = newSession(UUID.randomUUID());

        ModelUsage usage = meter.record(session, "gpt-4o-2024-08-06", REQUEST, reply("slow since the deploy", 10_000, 2_000));

        assertThat(usage).isEqualTo(new ModelUsage(session.id(), session.workspaceId(), "alice", "gpt-4o-2024-08-06",
                10_000, 2_000, false, 45_000, true, NOW));
        assertThat(store.sessionUsage(session.id())).isEqualTo(new UsageTotals(1, 10_000, 2_000, 45_000, false, false));
    }

    @Test
    void withoutProviderUsageTheTokensAreEstimatedAndMarkedSo() {
        AgentSession session = newSession(UUID.randomUUID());
        ModelReply answer = new ModelReply("checkout is slow since the 09:12 deploy", List.of(), Optional.empty());

        ModelUsage usage = meter.record(session, "gpt-4o", REQUEST, answer);

        TokenEstimator estimator = new TokenEstimator();
        assertThat(usage.estimated()).isTrue();
        assertThat(usage.inputTokens()).isEqualTo(estimator.inputTokens("gpt-4o", REQUEST)).isPositive();
        assertThat(usage.outputTokens()).isEqualTo(estimator.outputTokens("gpt-4o", answer)).isPositive();
        assertThat(usage.costMicros()).isEqualTo(PriceTable.defaults().cost("gpt-4o", usage.inputTokens(),
                usage.outputTokens()).micros());
        assertThat(store.sessionUsage(session.id()).includesEstimates()).isTrue();
    }

    @Test
    void anUnknownModelIsRecordedUnpricedAndTheOfflineInvestigatorFree() {
        AgentSession session = newSession(UUID.randomUUID());

        assertThat(meter.record(session, "llama3:8b", REQUEST, reply("x", 100, 10)))
                .satisfies(u -> assertThat(u.priced()).isFalse())
                .satisfies(u -> assertThat(u.costMicros()).isZero());
        assertThat(meter.record(session, OfflineInvestigator.MODEL_NAME, REQUEST, reply("x", 100, 10)))
                .satisfies(u -> assertThat(u.priced()).isTrue())
                .satisfies(u -> assertThat(u.costMicros()).isZero());
        assertThat(store.sessionUsage(session.id())).isEqualTo(new UsageTotals(2, 200, 20, 0, false, true));
    }

    @Test
    void aSessionOverItsDollarBudgetIsStoppedWithAClearMessage() {
        Budgets budgets = new Budgets(new FixedEntitlements(new AgentBudget(AgentBudget.Limit.UNLIMITED,
                AgentBudget.Limit.usdMicros(500_000))), store, CLOCK);
        AgentSession session = newSession(UUID.randomUUID());

        assertThat(budgets.check(session)).isEmpty();
        // gpt-4o: 100,000 in ($0.25) + 20,000 out ($0.20) = $0.45, under $0.50.
        meter.record(session, "gpt-4o", REQUEST, reply("a", 100_000, 20_000));
        assertThat(budgets.check(session)).isEmpty();
        // + 28,000 in ($0.07) = $0.52.
        meter.record(session, "gpt-4o", REQUEST, reply("b", 28_000, 0));

        assertThat(budgets.check(session)).hasValueSatisfying(exhausted -> {
            assertThat(exhausted.scope()).isEqualTo(Budgets.BudgetExhausted.Scope.SESSION);
            assertThat(exhausted.message()).isEqualTo(
                    "this session has used $0.52 of its $0.50 budget; start a new session or raise the limit");
        });
        assertThat(budgets.check(newSession(session.workspaceId()))).as("a new session of the workspace may run").isEmpty();
    }

    @Test
    void aSessionOverItsTokenBudgetIsStopped() {
        Budgets budgets = new Budgets(new FixedEntitlements(new AgentBudget(AgentBudget.Limit.UNLIMITED,
                AgentBudget.Limit.tokens(10_000))), store, CLOCK);
        AgentSession session = newSession(UUID.randomUUID());
        meter.record(session, "llama3:8b", REQUEST, reply("a", 9_000, 999));
        assertThat(budgets.check(session)).isEmpty();

        meter.record(session, "llama3:8b", REQUEST, reply("b", 1, 0));

        assertThat(budgets.check(session)).hasValueSatisfying(exhausted -> assertThat(exhausted.message())
                .isEqualTo("this session has used 10,000 of its 10,000 tokens; start a new session or raise the limit"));
    }

    @Test
    void aWorkspaceOverItsMonthlyBudgetIsStoppedUntilTheMonthRenews() {
        AgentBudget budget = new AgentBudget(new AgentBudget.Limit(OptionalLong.of(1_000_000), OptionalLong.empty()),
                AgentBudget.Limit.usdMicros(900_000));
        UUID workspace = UUID.randomUUID();
        AgentSession first = newSession(workspace);
        AgentSession second = newSession(workspace);
        AgentSession third = newSession(workspace);
        // Last month's spending does not count against this month's budget.
        store.recordUsage(new ModelUsage(first.id(), workspace, "alice", "gpt-4o", 1, 1, false, 5_000_000, true,
                Instant.parse("2026-10-31T23:59:59Z")));
        Budgets budgets = new Budgets(new FixedEntitlements(budget), store, CLOCK);
        meter.record(first, "gpt-4o", REQUEST, reply("a", 200_000, 0)); // $0.50
        assertThat(budgets.check(second)).isEmpty();

        meter.record(second, "gpt-4o", REQUEST, reply("b", 0, 60_000)); // $0.60, each session under its $0.90

        assertThat(budgets.check(third)).hasValueSatisfying(exhausted -> {
            assertThat(exhausted.scope()).isEqualTo(Budgets.BudgetExhausted.Scope.WORKSPACE_MONTH);
            assertThat(exhausted.message()).isEqualTo("this workspace has used $1.10 of its $1.00 budget for November 2026; "
                    + "it renews on 1 December 2026 (UTC), or a workspace admin can raise the limit");
        });
        Budgets nextMonth = new Budgets(new FixedEntitlements(budget), store,
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(nextMonth.check(third)).isEmpty();
    }

    @Test
    void unlimitedBudgetsNeverStopARun() {
        Budgets budgets = new Budgets(new FixedEntitlements(AgentBudget.UNLIMITED), store, CLOCK);
        AgentSession session = newSession(UUID.randomUUID());
        meter.record(session, "claude-opus-4", REQUEST, reply("a", 10_000_000, 1_000_000));

        assertThat(budgets.check(session)).isEmpty();
    }

    @Test
    void smallAmountsShowMoreThanCents() {
        assertThat(Budgets.dollars(520_000)).isEqualTo("$0.52");
        assertThat(Budgets.dollars(0)).isEqualTo("$0.00");
        assertThat(Budgets.dollars(1_234)).isEqualTo("$0.0012");
        assertThat(Budgets.dollars(12_345_678_900L)).isEqualTo("$12345.68");
    }
}
