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
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
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
        meter = new Meter(store, ModelPrices.builtIn(), new TokenEstimator(), CLOCK);
    }

    @AfterAll
    void drop() {
        database.close();
    }

    private AgentSession newSession(UUID workspace) {
        return store.create(workspace, UUID.randomUUID(), "alice", "checkout", "gpt-4o");
    }

    private static ModelReply reply(String text, long input, long output) {
        return reply(text, TokenCounts.of(input, output));
    }

    private static ModelReply reply(String text, TokenCounts tokens) {
        return new ModelReply(text, List.of(), Optional.of(tokens));
    }

    @Test
    void theProvidersUsageIsRecordedAndPriced() {
        AgentSession session = newSession(UUID.randomUUID());

        ModelUsage usage = meter.record(session, "gpt-4o-2024-08-06", REQUEST, reply("slow since the deploy", 10_000, 2_000));

        assertThat(usage).isEqualTo(new ModelUsage(session.id(), session.workspaceId(), "alice", "gpt-4o-2024-08-06",
                TokenCounts.of(10_000, 2_000), false, 45_000, true, NOW));
        assertThat(store.sessionUsage(session.id())).isEqualTo(new UsageTotals(1, 10_000, 2_000, 0, 0, 0, 45_000, false,
                false));
    }

    @Test
    void cachedInputIsPricedAtItsDiscountAndReasoningAsOutput() {
        AgentSession session = newSession(UUID.randomUUID());
        // OpenAI's counting: the 4,000 cached tokens are part of the 10,000, the 500 reasoning part of the 2,000.
        TokenCounts tokens = TokenCounts.fromOpenAi(10_000, 2_000, 4_000, 500);

        ModelUsage usage = meter.record(session, "gpt-4o", REQUEST, reply("x", tokens));

        // gpt-4o: 6,000 x 2.50 + 4,000 x 1.25 (cached) + 2,000 x 10.00 (reasoning at the output rate), per million.
        assertThat(usage.costMicros()).isEqualTo(40_000);
        assertThat(usage.tokens()).isEqualTo(tokens);
        assertThat(store.sessionUsage(session.id())).isEqualTo(new UsageTotals(1, 10_000, 2_000, 4_000, 0, 500, 40_000,
                false, false));
    }

    @Test
    void anthropicsCacheReadsAndWritesArePricedAtTheirRates() {
        AgentSession session = newSession(UUID.randomUUID());
        // Anthropic's counting: input_tokens 1,000 leaves out the 8,000 read from and 2,000 written to the cache.
        TokenCounts tokens = TokenCounts.fromAnthropic(1_000, 500, 8_000, 2_000);

        ModelUsage usage = meter.record(session, "claude-sonnet-4-5-20250929", REQUEST, reply("x", tokens));

        // 1,000 x 3.00 + 8,000 x 0.30 (cache read) + 2,000 x 3.75 (cache write) + 500 x 15.00, per million.
        assertThat(usage.costMicros()).isEqualTo(20_400);
        assertThat(store.sessionUsage(session.id())).isEqualTo(new UsageTotals(1, 11_000, 500, 8_000, 2_000, 0, 20_400,
                false, false));
    }

    @Test
    void reasoningIsPricedAtItsOwnRateWhereTheModelHasOne() {
        AgentSession session = newSession(UUID.randomUUID());

        ModelUsage usage = meter.record(session, "gemini-2.5-flash-preview-04-17", REQUEST,
                reply("x", TokenCounts.fromGemini(10_000, 1_000, 0, 2_000)));

        // 10,000 x 0.15 + 1,000 x 0.60 + 2,000 x 3.50 (thinking), per million.
        assertThat(usage.costMicros()).isEqualTo(9_100);
        assertThat(usage.tokens().output()).isEqualTo(3_000);
    }

    @Test
    void aCostIsRoundedToTheNearestMicroDollar() {
        AgentSession session = newSession(UUID.randomUUID());

        // gpt-4o-mini: 10 x 0.15 = 1.5 micro-dollars, 3 x 0.15 = 0.45.
        assertThat(meter.record(session, "gpt-4o-mini", REQUEST, reply("x", 10, 0)).costMicros()).isEqualTo(2);
        assertThat(meter.record(session, "gpt-4o-mini", REQUEST, reply("x", 3, 0)).costMicros()).isZero();
    }

    @Test
    void withoutProviderUsageTheTokensAreEstimatedAndMarkedSo() {
        AgentSession session = newSession(UUID.randomUUID());
        ModelReply answer = new ModelReply("checkout is slow since the 09:12 deploy", List.of(), Optional.empty());

        ModelUsage usage = meter.record(session, "gpt-4o", REQUEST, answer);

        TokenEstimator estimator = new TokenEstimator();
        assertThat(usage.estimated()).isTrue();
        assertThat(usage.tokens()).isEqualTo(TokenCounts.of(estimator.inputTokens("gpt-4o", REQUEST),
                estimator.outputTokens("gpt-4o", answer)));
        assertThat(usage.tokens().input()).isPositive();
        assertThat(usage.tokens().output()).isPositive();
        // gpt-4o: 2.50 in, 10.00 out per million; USD per million tokens times tokens is micro-dollars.
        assertThat(usage.costMicros()).isEqualTo(Math.round(usage.tokens().input() * 2.5 + usage.tokens().output() * 10.0));
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
        assertThat(store.sessionUsage(session.id())).isEqualTo(new UsageTotals(2, 200, 20, 0, 0, 0, 0, false, true));
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
        store.recordUsage(new ModelUsage(first.id(), workspace, "alice", "gpt-4o", TokenCounts.of(1, 1), false, 5_000_000, true,
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
