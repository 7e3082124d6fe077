package dev.tracehound.incidents.slo;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A project's SLOs in PostgreSQL; another workspace's SLO is not found. */
public final class Slos {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = """
            id, workspace_id, project_id, name, service, span_name, filters, latency_threshold_ms, objective,
            period_days, channel_ids, investigate, enabled, created_by, created_at, updated_at""";

    private final JdbcClient jdbc;
    private final Clock clock;

    public Slos(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /** @throws InvalidSloException when the project has an SLO of that name already */
    public Slo create(UUID workspaceId, UUID projectId, SloSpec spec, String createdBy) {
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("INSERT INTO slos (" + COLUMNS + ") VALUES (:id, :workspace, :project, :name, :service, :spanName,"
                            + " CAST(:filters AS jsonb), :threshold, :objective, :days, :channels, :investigate, :enabled,"
                            + " :createdBy, :now, :now)")
                    .params(params(spec)).param("id", id).param("workspace", workspaceId).param("project", projectId)
                    .param("createdBy", createdBy).param("now", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new InvalidSloException("the project has an SLO named '" + spec.name() + "' already");
        }
        return get(workspaceId, projectId, id).orElseThrow();
    }

    /** @return the SLO as changed, or empty when the workspace's project has none with that id */
    public Optional<Slo> update(UUID workspaceId, UUID projectId, UUID id, SloSpec spec) {
        int changed;
        try {
            changed = jdbc.sql("""
                            UPDATE slos SET name = :name, service = :service, span_name = :spanName,
                                   filters = CAST(:filters AS jsonb), latency_threshold_ms = :threshold, objective = :objective,
                                   period_days = :days, channel_ids = :channels, investigate = :investigate,
                                   enabled = :enabled, updated_at = :now
                            WHERE id = :id AND workspace_id = :workspace AND project_id = :project""")
                    .params(params(spec)).param("id", id).param("workspace", workspaceId).param("project", projectId)
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new InvalidSloException("the project has an SLO named '" + spec.name() + "' already");
        }
        return changed == 0 ? Optional.empty() : get(workspaceId, projectId, id);
    }

    public boolean delete(UUID workspaceId, UUID projectId, UUID id) {
        return jdbc.sql("DELETE FROM slos WHERE id = :id AND workspace_id = :workspace AND project_id = :project")
                .param("id", id).param("workspace", workspaceId).param("project", projectId).update() == 1;
    }

    public Optional<Slo> get(UUID workspaceId, UUID projectId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM slos WHERE id = :id AND workspace_id = :workspace AND project_id = :project")
                .param("id", id).param("workspace", workspaceId).param("project", projectId)
                .query(Slos::row).optional();
    }

    public List<Slo> list(UUID projectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM slos WHERE project_id = :project ORDER BY name")
                .param("project", projectId).query(Slos::row).list();
    }

    /** Every enabled SLO, for the evaluation rounds. */
    public List<Slo> enabled() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM slos WHERE enabled ORDER BY id").query(Slos::row).list();
    }

    private static Map<String, Object> params(SloSpec spec) {
        var params = new java.util.HashMap<String, Object>();
        params.put("name", spec.name());
        params.put("service", spec.service().orElse(null));
        params.put("spanName", spec.spanName().orElse(null));
        params.put("filters", JSON.writeValueAsString(spec.filters()));
        params.put("threshold", spec.latencyThreshold().map(Duration::toMillis).orElse(null));
        params.put("objective", spec.objective());
        params.put("days", (int) spec.period().toDays());
        params.put("channels", spec.channelIds().toArray(UUID[]::new));
        params.put("investigate", spec.investigate());
        params.put("enabled", spec.enabled());
        return params;
    }

    private static Slo row(ResultSet rs, int n) throws SQLException {
        long threshold = rs.getLong("latency_threshold_ms");
        Optional<Duration> latency = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(threshold));
        Array channels = rs.getArray("channel_ids");
        var spec = new SloSpec(rs.getString("name"), Optional.ofNullable(rs.getString("service")),
                Optional.ofNullable(rs.getString("span_name")),
                JSON.readValue(rs.getString("filters"), new TypeReference<Map<String, String>>() {}), latency,
                rs.getDouble("objective"), Duration.ofDays(rs.getInt("period_days")),
                Arrays.asList((UUID[]) channels.getArray()), rs.getBoolean("investigate"), rs.getBoolean("enabled"));
        return new Slo(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getObject("project_id", UUID.class), spec, rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
