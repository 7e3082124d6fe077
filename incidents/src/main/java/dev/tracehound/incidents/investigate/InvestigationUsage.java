package dev.tracehound.incidents.investigate;

import dev.tracehound.platform.usage.AgentUsage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The agent's usage with the investigations meter added: what {@code agent} reports (model calls,
 * sandbox minutes), and the investigations each workspace's incidents started per UTC day, each
 * counted once on the day it first started (one taken over by another instance is not counted
 * again; one refused because the plan's investigations were used up never started).
 */
public final class InvestigationUsage implements AgentUsage {

    private final AgentUsage agent;
    private final InvestigationRows rows;

    public InvestigationUsage(AgentUsage agent, DataSource dataSource) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.rows = new InvestigationRows(JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource")));
    }

    @Override
    public List<Day> daily(UUID workspace, LocalDate from, LocalDate toExclusive) {
        return agent.daily(workspace, from, toExclusive);
    }

    @Override
    public List<SandboxDay> sandboxMinutes(UUID workspace, LocalDate from, LocalDate toExclusive) {
        return agent.sandboxMinutes(workspace, from, toExclusive);
    }

    @Override
    public List<InvestigationDay> investigations(UUID workspace, LocalDate from, LocalDate toExclusive) {
        return rows.startedPerDay(workspace, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        toExclusive.atStartOfDay(ZoneOffset.UTC).toInstant()).stream()
                .map(day -> new InvestigationDay(day.day(), day.started())).toList();
    }
}
