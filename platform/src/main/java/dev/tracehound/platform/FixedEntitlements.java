package dev.tracehound.platform;

import java.util.Objects;
import java.util.UUID;

/**
 * The same configured budget and seat limit for every workspace, and the catalogue's default plan
 * for the rest: for tests and tools that need no plans (the service uses PlanEntitlements).
 */
public final class FixedEntitlements implements Entitlements {

    private final AgentBudget agentBudget;
    private final SeatLimit seats;

    public FixedEntitlements(AgentBudget agentBudget) {
        this(agentBudget, SeatLimit.UNLIMITED);
    }

    public FixedEntitlements(AgentBudget agentBudget, SeatLimit seats) {
        this.agentBudget = Objects.requireNonNull(agentBudget, "agentBudget");
        this.seats = Objects.requireNonNull(seats, "seats");
    }

    @Override
    public AgentBudget agentBudget(UUID workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return agentBudget;
    }

    @Override
    public SeatLimit seats(UUID workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return seats;
    }
}
