package dev.tracehound.platform.billing;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.SeatLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Entitlements from the plan each workspace is on ({@link WorkspacePlans}), remembered for at
 * most {@link #MAX_TTL} per workspace, so a plan change takes effect within a minute on every
 * instance without a database read on every seat check or model call.
 *
 * <p>The operator's {@link Caps} tighten the plan, never loosen it: seats are the smaller of the
 * plan's and the cap; the agent's monthly budget is the plan's agent tokens together with the
 * cap's USD and tokens (whichever is reached first); the per-session budget is the cap alone,
 * as plans do not set one.
 */
public final class PlanEntitlements implements Entitlements {

    /** The longest a plan is remembered: half of "within a minute everywhere". */
    public static final Duration MAX_TTL = Duration.ofSeconds(30);

    /**
     * Limits the operator sets on every workspace, whatever its plan (tracehound.identity.seats,
     * tracehound.agent.monthly-budget-usd and session-budget-usd).
     */
    public record Caps(SeatLimit seats, AgentBudget.Limit monthlyAgent, AgentBudget.Limit perSession) {

        public static final Caps NONE = new Caps(SeatLimit.UNLIMITED, AgentBudget.Limit.UNLIMITED,
                AgentBudget.Limit.UNLIMITED);

        public Caps {
            Objects.requireNonNull(seats, "seats");
            Objects.requireNonNull(monthlyAgent, "monthlyAgent");
            Objects.requireNonNull(perSession, "perSession");
        }
    }

    private final Caps caps;
    private final LoadingCache<UUID, WorkspacePlan> plans;

    /** @param ttl how long a workspace's plan is remembered: from 0 (not at all) to {@link #MAX_TTL} */
    public PlanEntitlements(WorkspacePlans workspacePlans, Caps caps, Clock clock, Duration ttl) {
        Objects.requireNonNull(workspacePlans, "workspacePlans");
        Objects.requireNonNull(clock, "clock");
        this.caps = Objects.requireNonNull(caps, "caps");
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("a plan is remembered from 0 to " + MAX_TTL.toSeconds()
                    + " s, so that a change takes effect within a minute everywhere; was " + ttl);
        }
        this.plans = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(ttl)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build(workspacePlans::of);
    }

    @Override
    public Plan plan(UUID workspaceId) {
        return plans.get(Objects.requireNonNull(workspaceId, "workspaceId")).inEffect();
    }

    @Override
    public SeatLimit seats(UUID workspaceId) {
        return plan(workspaceId).limits().seats().tighter(caps.seats());
    }

    @Override
    public AgentBudget agentBudget(UUID workspaceId) {
        OptionalLong tokens = plan(workspaceId).limits().perMonth(Meter.AGENT_TOKENS);
        AgentBudget.Limit planned = new AgentBudget.Limit(OptionalLong.empty(), tokens);
        return new AgentBudget(planned.tighter(caps.monthlyAgent()), caps.perSession());
    }

    /**
     * The plan's retention; while a payment is owed (past due, even past the grace) the longer of the
     * plan paid for and the plan in effect, so a failed payment never deletes data.
     */
    @Override
    public int retentionDays(UUID workspaceId) {
        WorkspacePlan current = plans.get(Objects.requireNonNull(workspaceId, "workspaceId"));
        int inEffect = current.inEffect().limits().retentionDays();
        return current.status() == WorkspacePlan.Status.PAST_DUE
                ? Math.max(inEffect, current.plan().limits().retentionDays()) : inEffect;
    }

    /** Forgets the workspace's plan here, so this instance reads it again at once (after a change it made). */
    public void forget(UUID workspaceId) {
        plans.invalidate(workspaceId);
    }
}
