package dev.tracehound.agent.metering;

import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.UsageTotals;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.Entitlements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides, before each model call, whether the session and its workspace still have budget:
 * what they used so far against the workspace's entitlements. A call that starts under the
 * limit may end above it; the next check stops the run. Calls of a model the price table does
 * not know cost 0, so only a token limit bounds them.
 */
public final class Budgets {

    /** Why a run must stop: which budget is used up, and a message for the person. */
    public record BudgetExhausted(Scope scope, String message) {

        public enum Scope { SESSION, WORKSPACE_MONTH }
    }

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final Entitlements entitlements;
    private final SessionStore store;
    private final Clock clock;

    public Budgets(Entitlements entitlements, SessionStore store, Clock clock) {
        this.entitlements = Objects.requireNonNull(entitlements, "entitlements");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Empty when the session may make another model call. */
    Optional<BudgetExhausted> check(AgentSession session) {
        return check(session, () -> store.sessionUsage(session.id()));
    }

    /**
     * As {@link #check(AgentSession)}, for a caller that knows what the session used: a run,
     * the only one of its session, adds what it spent to what was stored when it started.
     */
    public Optional<BudgetExhausted> check(AgentSession session, UsageTotals sessionUsage) {
        Objects.requireNonNull(sessionUsage, "sessionUsage");
        return check(session, () -> sessionUsage);
    }

    private Optional<BudgetExhausted> check(AgentSession session, Supplier<UsageTotals> sessionUsage) {
        AgentBudget budget = entitlements.agentBudget(session.workspaceId());
        if (!budget.perSession().unlimited()) {
            Optional<String> used = exceeded(budget.perSession(), sessionUsage.get());
            if (used.isPresent()) {
                return Optional.of(new BudgetExhausted(BudgetExhausted.Scope.SESSION,
                        "this session has used " + used.get() + "; start a new session or raise the limit"));
            }
        }
        if (!budget.monthly().unlimited()) {
            YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
            LocalDate renewal = month.plusMonths(1).atDay(1);
            UsageTotals usage = store.workspaceUsage(session.workspaceId(),
                    month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), renewal.atStartOfDay(ZoneOffset.UTC).toInstant());
            Optional<String> used = exceeded(budget.monthly(), usage);
            if (used.isPresent()) {
                return Optional.of(new BudgetExhausted(BudgetExhausted.Scope.WORKSPACE_MONTH,
                        "this workspace has used " + used.get() + " for " + MONTH.format(month) + "; it renews on "
                                + DAY.format(renewal) + " (UTC), or a workspace admin can raise the limit"));
            }
        }
        return Optional.empty();
    }

    /** "$0.52 of its $0.50 budget" or "12,345 of its 10,000 tokens" when a part of the limit is reached. */
    private static Optional<String> exceeded(AgentBudget.Limit limit, UsageTotals usage) {
        if (limit.usdMicros().isPresent() && usage.costMicros() >= limit.usdMicros().getAsLong()) {
            return Optional.of(dollars(usage.costMicros()) + " of its " + dollars(limit.usdMicros().getAsLong()) + " budget");
        }
        if (limit.tokens().isPresent() && usage.totalTokens() >= limit.tokens().getAsLong()) {
            return Optional.of(String.format(Locale.ROOT, "%,d of its %,d tokens", usage.totalTokens(),
                    limit.tokens().getAsLong()));
        }
        return Optional.empty();
    }

    static String dollars(long micros) {
        // Cents, unless that would show a small amount as $0.00.
        int scale = micros != 0 && Math.abs(micros) < 10_000 ? 4 : 2;
        return "$" + BigDecimal.valueOf(micros).movePointLeft(6).setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
