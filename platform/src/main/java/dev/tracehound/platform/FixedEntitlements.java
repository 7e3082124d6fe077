package dev.tracehound.platform;

import java.util.Objects;
import java.util.UUID;

/** The same configured budget for every workspace, until plans decide per workspace. */
public final class FixedEntitlements implements Entitlements {

    private final AgentBudget agentBudget;

    public FixedEntitlements(AgentBudget agentBudget) {
        this.agentBudget = Objects.requireNonNull(agentBudget, "agentBudget");
    }

    @Override
    public AgentBudget agentBudget(UUID workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return agentBudget;
    }
}
