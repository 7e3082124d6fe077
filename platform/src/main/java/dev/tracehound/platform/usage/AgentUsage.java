package dev.tracehound.platform.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The agent's metering, read per workspace and UTC day: a port that agent-runtime fills (its
 * {@code agent_usage} rows for model calls, its {@code sandbox_leases} for sandbox minutes), and
 * incidents its investigations, so that platform depends on neither.
 */
@FunctionalInterface
public interface AgentUsage {

    /** Nothing used: for a service without the agent, and tests. */
    AgentUsage NONE = (workspace, from, toExclusive) -> List.of();

    /** The agent's tokens (input plus output) and cost on one UTC day. */
    record Day(LocalDate day, long tokens, long costMicros) {}

    /** The days from {@code from} up to but not including {@code toExclusive} on which the agent was used. */
    List<Day> daily(UUID workspace, LocalDate from, LocalDate toExclusive);

    /** The sandbox minutes of the leases the workspace's sessions started on one UTC day. */
    record SandboxDay(LocalDate day, long minutes) {}

    /**
     * The days from {@code from} up to but not including {@code toExclusive} on which the
     * workspace's sessions started sandboxes, with their minutes; none where sandboxes are not metered.
     */
    default List<SandboxDay> sandboxMinutes(UUID workspace, LocalDate from, LocalDate toExclusive) {
        return List.of();
    }

    /** The investigations of the workspace's incidents that started on one UTC day. */
    record InvestigationDay(LocalDate day, long investigations) {}

    /**
     * The days from {@code from} up to but not including {@code toExclusive} on which investigations
     * of the workspace's incidents started, with how many; none where incidents are not investigated.
     */
    default List<InvestigationDay> investigations(UUID workspace, LocalDate from, LocalDate toExclusive) {
        return List.of();
    }
}
