package dev.tracehound.agent.session;

import static dev.tracehound.agent.session.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of {@code agent_usage}: one per model call, kept when the session is deleted (it
 * was spent), and their totals.
 */
final class UsageRows {

    private static final String INSERT_USAGE = """
            INSERT INTO agent_usage (session_id, workspace_id, user_id, model, input_tokens, output_tokens,
                                     cached_input_tokens, cache_write_tokens, reasoning_tokens,
                                     estimated, cost_micros, priced, created_at)
            VALUES (:session, :workspace, :user, :model, :input, :output, :cachedInput, :cacheWrite, :reasoning,
                    :estimated, :cost, :priced, :usageAt)""";
    /** {@link #INSERT_USAGE} as a part of {@link StepStatement}: stored even when the session is not. */
    static final String INSERT_USAGE_IN_STEP = "usage_row AS (" + INSERT_USAGE + ")";
    /** What model calls used; a {@code WHERE} clause follows. */
    static final String TOTALS = """
            SELECT count(*) AS calls, coalesce(sum(input_tokens), 0) AS input, coalesce(sum(output_tokens), 0) AS output,
                   coalesce(sum(cached_input_tokens), 0) AS cached_input, coalesce(sum(cache_write_tokens), 0) AS cache_write,
                   coalesce(sum(reasoning_tokens), 0) AS reasoning,
                   coalesce(sum(cost_micros), 0) AS cost, coalesce(bool_or(estimated), false) AS estimated,
                   coalesce(bool_or(NOT priced), false) AS unpriced
            FROM agent_usage
            """;
    private static final String SESSION_TOTALS = TOTALS + "WHERE session_id = :session";
    private static final String WORKSPACE_TOTALS = TOTALS
            + "WHERE workspace_id = :workspace AND created_at >= :from AND created_at < :to";

    private final JdbcClient jdbc;

    UsageRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(ModelUsage usage) {
        Objects.requireNonNull(usage, "usage");
        var params = new MapSqlParameterSource("session", usage.sessionId());
        bind(usage, params);
        jdbc.sql(INSERT_USAGE).paramSource(params).update();
    }

    /** The parameters of {@link #INSERT_USAGE} but the session's id. */
    static void bind(ModelUsage usage, MapSqlParameterSource params) {
        params.addValue("workspace", usage.workspaceId())
                .addValue("user", usage.userId())
                .addValue("model", usage.model())
                .addValue("input", usage.tokens().input())
                .addValue("output", usage.tokens().output())
                .addValue("cachedInput", usage.tokens().cachedInput())
                .addValue("cacheWrite", usage.tokens().cacheWrite())
                .addValue("reasoning", usage.tokens().reasoning())
                .addValue("estimated", usage.estimated())
                .addValue("cost", usage.costMicros())
                .addValue("priced", usage.priced())
                .addValue("usageAt", timestamp(usage.at()));
    }

    UsageTotals ofSession(UUID sessionId) {
        return jdbc.sql(SESSION_TOTALS).param("session", sessionId).query(UsageRows::totals).single();
    }

    UsageTotals ofWorkspace(UUID workspaceId, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a usage period must end after it starts: " + from + " to " + to);
        }
        return jdbc.sql(WORKSPACE_TOTALS)
                .param("workspace", workspaceId)
                .param("from", timestamp(from))
                .param("to", timestamp(to))
                .query(UsageRows::totals)
                .single();
    }

    static UsageTotals totals(ResultSet rs, int row) throws SQLException {
        return new UsageTotals(rs.getLong("calls"), rs.getLong("input"), rs.getLong("output"), rs.getLong("cached_input"),
                rs.getLong("cache_write"), rs.getLong("reasoning"), rs.getLong("cost"), rs.getBoolean("estimated"),
                rs.getBoolean("unpriced"));
    }
}
