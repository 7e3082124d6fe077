package dev.tracehound.platform;

import java.util.UUID;

/**
 * What a workspace is entitled to. Plans and billing will answer this for real; until then
 * {@link FixedEntitlements} gives every workspace the same configured values.
 */
public interface Entitlements {

    /** How much the agent may spend in this workspace: per calendar month (UTC) and per session. */
    AgentBudget agentBudget(UUID workspaceId);

    /** How many seats the workspace may fill; unlimited unless a plan says otherwise. */
    default SeatLimit seats(UUID workspaceId) {
        return SeatLimit.UNLIMITED;
    }
}
