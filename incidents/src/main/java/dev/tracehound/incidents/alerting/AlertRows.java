package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.alerting.AlertStateMachine.Series;
import dev.tracehound.incidents.alerting.AlertStateMachine.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows of {@code alert_states}. */
final class AlertRows {

    private static final String COLUMNS = """
            project_id, source, series_key, check_source, workspace_id, state, labels::text AS labels, severity,
            value, baseline, volume, summary, breach_streak, healthy_streak, since, last_evaluated_at, last_data_at,
            incident_id, silenced_by
            """;
    private static final String SELECT_CHECK = "SELECT " + COLUMNS + """
            FROM alert_states WHERE project_id = :project AND check_source = :check""";
    private static final String SELECT_CURRENT = "SELECT " + COLUMNS + """
            FROM alert_states WHERE project_id = :project AND state IN ('pending', 'firing')
            ORDER BY state = 'firing' DESC, since DESC, source, series_key""";
    private static final String UPSERT = """
            INSERT INTO alert_states (project_id, source, series_key, check_source, workspace_id, state, labels,
                                      severity, value, baseline, volume, summary, breach_streak, healthy_streak, since,
                                      last_evaluated_at, last_data_at, incident_id, silenced_by)
            VALUES (:project, :source, :series, :check, :workspace, :state, CAST(:labels AS jsonb), :severity, :value,
                    :baseline, :volume, :summary, :breaches, :healthy, :since, :evaluatedAt, :dataAt, :incident,
                    :silencedBy)
            ON CONFLICT (project_id, source, series_key) DO UPDATE
            SET check_source = EXCLUDED.check_source, state = EXCLUDED.state, labels = EXCLUDED.labels,
                severity = EXCLUDED.severity, value = EXCLUDED.value, baseline = EXCLUDED.baseline,
                volume = EXCLUDED.volume, summary = EXCLUDED.summary, breach_streak = EXCLUDED.breach_streak,
                healthy_streak = EXCLUDED.healthy_streak, since = EXCLUDED.since,
                last_evaluated_at = EXCLUDED.last_evaluated_at, last_data_at = EXCLUDED.last_data_at,
                incident_id = EXCLUDED.incident_id, silenced_by = EXCLUDED.silenced_by""";

    private final JdbcClient jdbc;

    AlertRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every series the check has a row for, whatever its state. */
    Map<StoredAlert.Id, StoredAlert> ofCheck(UUID projectId, String checkSource) {
        Map<StoredAlert.Id, StoredAlert> rows = new LinkedHashMap<>();
        jdbc.sql(SELECT_CHECK).param("project", projectId).param("check", checkSource).query(AlertRows::row).list()
                .forEach(row -> rows.put(row.id(), row));
        return rows;
    }

    List<CurrentAlert> current(UUID projectId) {
        return jdbc.sql(SELECT_CURRENT).param("project", projectId).query(AlertRows::row).list().stream()
                .map(a -> new CurrentAlert(a.source(), a.seriesKey(), a.labels(), a.series().status().wireName(),
                        a.severity(), Rows.orNull(a.value()), Rows.orNull(a.baseline()), a.summary(),
                        a.series().since(), a.lastEvaluatedAt(), a.incidentId()))
                .toList();
    }

    void save(StoredAlert alert) {
        Series series = alert.series();
        jdbc.sql(UPSERT).param("project", alert.projectId()).param("source", alert.source())
                .param("series", alert.seriesKey()).param("check", alert.checkSource())
                .param("workspace", alert.workspaceId()).param("state", series.status().wireName())
                .param("labels", Json.labels(alert.labels())).param("severity", alert.severity().wireName())
                .param("value", Rows.orNull(alert.value())).param("baseline", Rows.orNull(alert.baseline()))
                .param("volume", alert.volume()).param("summary", alert.summary())
                .param("breaches", series.breaches()).param("healthy", series.healthy())
                .param("since", Rows.timestamp(series.since(), alert.lastEvaluatedAt()))
                .param("evaluatedAt", Timestamp.from(alert.lastEvaluatedAt()))
                .param("dataAt", Rows.timestamp(series.lastDataAt(), alert.lastEvaluatedAt()))
                .param("incident", alert.incidentId()).param("silencedBy", alert.silencedBy())
                .update();
    }

    private static StoredAlert row(ResultSet rs, int n) throws SQLException {
        Series series = new Series(Status.fromWireName(rs.getString("state")), rs.getInt("breach_streak"),
                rs.getInt("healthy_streak"), Rows.instant(rs, "since"), Rows.instant(rs, "last_data_at"));
        return new StoredAlert(rs.getObject("project_id", UUID.class), rs.getString("source"),
                rs.getString("series_key"), rs.getString("check_source"), rs.getObject("workspace_id", UUID.class),
                series, Json.labels(rs.getString("labels")), Severity.parse(rs.getString("severity")),
                Rows.doubleOrNaN(rs, "value"), Rows.doubleOrNaN(rs, "baseline"), rs.getLong("volume"),
                rs.getString("summary"), Rows.instant(rs, "last_evaluated_at"),
                rs.getObject("incident_id", UUID.class), rs.getObject("silenced_by", UUID.class));
    }
}
