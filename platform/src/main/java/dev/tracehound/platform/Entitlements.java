package dev.tracehound.platform;

import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.billing.Plans;
import java.util.UUID;

/**
 * What a workspace is entitled to, from the plan it is on: {@link dev.tracehound.platform.billing.PlanEntitlements}
 * in the service. {@link FixedEntitlements} (and a test's lambda) give every workspace the same
 * configured budget and seats, and the catalogue's default plan for everything else.
 */
public interface Entitlements {

    /** How much the agent may spend in this workspace: per calendar month (UTC) and per session. */
    AgentBudget agentBudget(UUID workspaceId);

    /** How many seats the workspace may fill; unlimited unless a plan says otherwise. */
    default SeatLimit seats(UUID workspaceId) {
        return SeatLimit.UNLIMITED;
    }

    /** The plan whose limits apply to the workspace now. */
    default Plan plan(UUID workspaceId) {
        return Plans.builtIn().defaultPlan();
    }

    /** How many days the workspace's telemetry is kept: its plan's retention. */
    default int retentionDays(UUID workspaceId) {
        return plan(workspaceId).limits().retentionDays();
    }
}
