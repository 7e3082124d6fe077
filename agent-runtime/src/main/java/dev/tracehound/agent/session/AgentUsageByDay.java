package dev.tracehound.agent.session;

import dev.tracehound.platform.usage.AgentUsage;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The agent's metering ({@code agent_usage}, one row per model call) per workspace and UTC day,
 * for platform's usage reports: tokens are input plus output, as plans count them; cost is what
 * the one price table priced the calls at (unpriced calls count 0). Sandbox minutes come from
 * {@code sandbox_leases} ({@link SandboxLeaseStore}), on the day each lease started.
 */
public final class AgentUsageByDay implements AgentUsage {

    private static final String DAILY = """
            SELECT (created_at AT TIME ZONE 'UTC')::date AS day, sum(input_tokens + output_tokens) AS tokens,
                   sum(cost_micros) AS cost
            FROM agent_usage
            WHERE workspace_id = :workspace AND created_at >= :from AND created_at < :to
            GROUP BY day ORDER BY day""";

    private final JdbcClient jdbc;
    private final SandboxLeaseStore leases;

    public AgentUsageByDay(JdbcClient jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.leases = new SandboxLeaseStore(jdbc);
    }

    @Override
    public List<Day> daily(UUID workspace, LocalDate from, LocalDate toExclusive) {
        return jdbc.sql(DAILY).param("workspace", workspace).param("from", midnight(from))
                .param("to", midnight(toExclusive))
                .query((rs, row) -> new Day(rs.getObject("day", LocalDate.class), rs.getLong("tokens"), rs.getLong("cost")))
                .list();
    }

    @Override
    public List<SandboxDay> sandboxMinutes(UUID workspace, LocalDate from, LocalDate toExclusive) {
        return leases.daily(workspace, midnight(from).toInstant(), midnight(toExclusive).toInstant()).stream()
                .map(day -> new SandboxDay(day.day(), day.minutes())).toList();
    }

    private static OffsetDateTime midnight(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
