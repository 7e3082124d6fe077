package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Severity;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows of {@code incidents} and {@code incident_alerts}. */
final class IncidentRows {

    /** Serialises the engine's writes to one project's incidents (first key: this package's namespace). */
    private static final String LOCK_PROJECT = """
            SELECT 1 FROM (SELECT pg_advisory_xact_lock(1717, hashtext(CAST(:project AS text)))) AS locked""";
    private static final String COLUMNS = """
            i.id, i.workspace_id, i.project_id, i.service, i.group_labels::text AS group_labels, i.title, i.severity,
            i.status, i.opened_at, i.resolved_at, i.channel_ids, i.notified_at,
            (SELECT count(*) FROM incident_alerts a WHERE a.incident_id = i.id AND a.resolved_at IS NULL)
                AS firing_alerts
            """;
    private static final String INSERT_OPEN = """
            INSERT INTO incidents (id, workspace_id, project_id, group_key, service, group_labels, title, severity,
                                   status, opened_at, channel_ids)
            VALUES (:id, :workspace, :project, :groupKey, :service, CAST(:groupLabels AS jsonb), :title, :severity,
                    'open', :now, CAST(:channels AS uuid[]))
            ON CONFLICT (project_id, group_key) WHERE status = 'open' DO NOTHING""";
    private static final String SELECT_OPEN_IN_GROUP = "SELECT " + COLUMNS + """
            FROM incidents i WHERE i.project_id = :project AND i.group_key = :groupKey AND i.status = 'open'""";
    private static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM incidents i WHERE i.id = :id";
    private static final String SELECT_IN_PROJECT = "SELECT " + COLUMNS + """
            FROM incidents i WHERE i.project_id = :project AND i.id = :id""";
    private static final String SELECT_PAGE = "SELECT " + COLUMNS + """
            FROM incidents i WHERE i.project_id = :project AND (CAST(:status AS text) IS NULL OR i.status = :status)
            ORDER BY i.opened_at DESC, i.id DESC LIMIT :limit""";
    private static final String RAISE_SEVERITY = "UPDATE incidents SET severity = :severity WHERE id = :id";
    private static final String MARK_NOTIFIED = """
            UPDATE incidents SET notified_at = :now, channel_ids = CAST(:channels AS uuid[])
            WHERE id = :id AND notified_at IS NULL""";
    private static final String MARK_INVESTIGATE = """
            UPDATE incidents SET investigate = true WHERE id = :id AND NOT investigate""";
    private static final String RESOLVE = """
            UPDATE incidents SET status = 'resolved', resolved_at = :now WHERE id = :id AND status = 'open'""";
    private static final String CLAIM_INVESTIGATIONS = """
            UPDATE incidents SET investigation_requested_at = :now
            WHERE id IN (SELECT id FROM incidents
                         WHERE investigate AND investigation_id IS NULL AND status = 'open'
                           AND (investigation_requested_at IS NULL OR investigation_requested_at < :staleBefore)
                         ORDER BY opened_at LIMIT :limit FOR UPDATE SKIP LOCKED)
            RETURNING id""";
    private static final String UNCLAIM_INVESTIGATION = """
            UPDATE incidents SET investigation_requested_at = NULL WHERE id = :id AND investigation_id IS NULL""";
    private static final String SET_INVESTIGATION = """
            UPDATE incidents SET investigation_id = :investigation WHERE id = :id""";
    private static final String UPSERT_ALERT = """
            INSERT INTO incident_alerts (incident_id, source, series_key, labels, severity, value, baseline, volume,
                                         summary, fired_at, silenced_by)
            VALUES (:incident, :source, :series, CAST(:labels AS jsonb), :severity, :value, :baseline, :volume,
                    :summary, :now, :silencedBy)
            ON CONFLICT (incident_id, source, series_key) DO UPDATE
            SET labels = EXCLUDED.labels, severity = EXCLUDED.severity, value = EXCLUDED.value,
                baseline = EXCLUDED.baseline, volume = EXCLUDED.volume, summary = EXCLUDED.summary,
                fired_at = CASE WHEN incident_alerts.resolved_at IS NULL THEN incident_alerts.fired_at
                                ELSE EXCLUDED.fired_at END,
                resolved_at = NULL, silenced_by = EXCLUDED.silenced_by""";
    private static final String REFRESH_ALERT = """
            UPDATE incident_alerts
            SET labels = CAST(:labels AS jsonb), severity = :severity, value = :value, baseline = :baseline,
                volume = :volume, summary = :summary, silenced_by = :silencedBy
            WHERE incident_id = :incident AND source = :source AND series_key = :series""";
    private static final String RESOLVE_ALERT = """
            UPDATE incident_alerts SET resolved_at = :now, value = :value, summary = :summary
            WHERE incident_id = :incident AND source = :source AND series_key = :series AND resolved_at IS NULL""";
    private static final String COUNT_FIRING = """
            SELECT count(*) FROM incident_alerts WHERE incident_id = :incident AND resolved_at IS NULL""";
    private static final String SELECT_ALERTS = """
            SELECT source, series_key, labels::text AS labels, severity, value, baseline, volume, summary, fired_at,
                   resolved_at, silenced_by
            FROM incident_alerts WHERE incident_id = :incident
            ORDER BY resolved_at IS NULL DESC, fired_at, source, series_key""";

    private final JdbcClient jdbc;

    IncidentRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Held until the transaction ends: no two instances change one project's incidents at once. */
    void lockProject(UUID projectId) {
        jdbc.sql(LOCK_PROJECT).param("project", projectId).query(Integer.class).single();
    }

    record Opened(IncidentRow incident, boolean created) {}

    /** The group's open incident, opened now with this title and severity if it has none. */
    Opened openIn(UUID workspaceId, UUID projectId, String service, Map<String, String> groupLabels, String title,
            Severity severity, List<UUID> channelIds, Instant now) {
        String groupKey = groupKey(service, groupLabels);
        int added = jdbc.sql(INSERT_OPEN).param("id", UUID.randomUUID()).param("workspace", workspaceId)
                .param("project", projectId).param("groupKey", groupKey).param("service", service)
                .param("groupLabels", Json.labels(groupLabels)).param("title", title)
                .param("severity", severity.wireName()).param("now", Timestamp.from(now))
                .param("channels", uuidArray(channelIds))
                .update();
        IncidentRow open = jdbc.sql(SELECT_OPEN_IN_GROUP).param("project", projectId).param("groupKey", groupKey)
                .query(IncidentRows::row).single();
        return new Opened(open, added == 1);
    }

    /** What incidents are grouped by: the service and the rule's own labels, as canonical text. */
    static String groupKey(String service, Map<String, String> groupLabels) {
        Map<String, String> key = new TreeMap<>(groupLabels);
        key.put("service", service);
        return Json.labels(key);
    }

    Optional<IncidentRow> find(UUID id) {
        return jdbc.sql(SELECT_BY_ID).param("id", id).query(IncidentRows::row).optional();
    }

    Optional<IncidentRow> findInProject(UUID projectId, UUID id) {
        return jdbc.sql(SELECT_IN_PROJECT).param("project", projectId).param("id", id).query(IncidentRows::row)
                .optional();
    }

    /** @param status {@code open}, {@code resolved}, or null for both */
    List<IncidentRow> page(UUID projectId, String status, int limit) {
        return jdbc.sql(SELECT_PAGE).param("project", projectId).param("status", status).param("limit", limit)
                .query(IncidentRows::row).list();
    }

    void raiseSeverity(UUID id, Severity severity) {
        jdbc.sql(RAISE_SEVERITY).param("id", id).param("severity", severity.wireName()).update();
    }

    /** Whether this call marked it (it was not notified before). */
    boolean markNotified(UUID id, List<UUID> channelIds, Instant now) {
        return jdbc.sql(MARK_NOTIFIED).param("id", id).param("channels", uuidArray(channelIds))
                .param("now", Timestamp.from(now)).update() == 1;
    }

    /** Whether this call marked it (it was not marked before). */
    boolean markInvestigate(UUID id) {
        return jdbc.sql(MARK_INVESTIGATE).param("id", id).update() == 1;
    }

    boolean resolve(UUID id, Instant now) {
        return jdbc.sql(RESOLVE).param("id", id).param("now", Timestamp.from(now)).update() == 1;
    }

    /**
     * Open incidents waiting for their investigation to be asked for, claimed now (committed at once): never
     * claimed, or claimed before {@code staleBefore} by an instance that then did not store the answer.
     */
    List<UUID> claimInvestigations(Instant now, Instant staleBefore, int limit) {
        return jdbc.sql(CLAIM_INVESTIGATIONS).param("now", Timestamp.from(now))
                .param("staleBefore", Timestamp.from(staleBefore)).param("limit", limit)
                .query(UUID.class).list();
    }

    void unclaimInvestigation(UUID id) {
        jdbc.sql(UNCLAIM_INVESTIGATION).param("id", id).update();
    }

    void investigationAskedFor(UUID id, UUID investigationId) {
        jdbc.sql(SET_INVESTIGATION).param("id", id).param("investigation", investigationId).update();
    }

    void saveAlert(UUID incidentId, StoredAlert alert, Instant now) {
        jdbc.sql(UPSERT_ALERT).param("incident", incidentId).param("source", alert.source())
                .param("series", alert.seriesKey()).param("labels", Json.labels(alert.labels()))
                .param("severity", alert.severity().wireName()).param("value", Rows.orNull(alert.value()))
                .param("baseline", Rows.orNull(alert.baseline())).param("volume", alert.volume())
                .param("summary", alert.summary()).param("now", Timestamp.from(now))
                .param("silencedBy", alert.silencedBy())
                .update();
    }

    void refreshAlert(UUID incidentId, StoredAlert alert) {
        jdbc.sql(REFRESH_ALERT).param("incident", incidentId).param("source", alert.source())
                .param("series", alert.seriesKey()).param("labels", Json.labels(alert.labels()))
                .param("severity", alert.severity().wireName()).param("value", Rows.orNull(alert.value()))
                .param("baseline", Rows.orNull(alert.baseline())).param("volume", alert.volume())
                .param("summary", alert.summary()).param("silencedBy", alert.silencedBy())
                .update();
    }

    void resolveAlert(UUID incidentId, StoredAlert alert, Instant now) {
        jdbc.sql(RESOLVE_ALERT).param("incident", incidentId).param("source", alert.source())
                .param("series", alert.seriesKey()).param("value", Rows.orNull(alert.value()))
                .param("summary", alert.summary()).param("now", Timestamp.from(now))
                .update();
    }

    int firingAlerts(UUID incidentId) {
        return jdbc.sql(COUNT_FIRING).param("incident", incidentId).query(Integer.class).single();
    }

    List<IncidentAlert> alerts(UUID incidentId) {
        return jdbc.sql(SELECT_ALERTS).param("incident", incidentId)
                .query((rs, n) -> new IncidentAlert(rs.getString("source"), rs.getString("series_key"),
                        Json.labels(rs.getString("labels")), Severity.parse(rs.getString("severity")),
                        Rows.nullableDouble(rs, "value"), Rows.nullableDouble(rs, "baseline"), rs.getLong("volume"),
                        rs.getString("summary"), Rows.instant(rs, "fired_at"), Rows.instant(rs, "resolved_at"),
                        rs.getObject("silenced_by", UUID.class)))
                .list();
    }

    private static String uuidArray(List<UUID> ids) {
        return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
    }

    private static IncidentRow row(ResultSet rs, int n) throws SQLException {
        Array channels = rs.getArray("channel_ids");
        List<UUID> channelIds = channels == null ? List.of()
                : Arrays.stream((Object[]) channels.getArray()).map(o -> (UUID) o).toList();
        return new IncidentRow(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getString("service"),
                Json.labels(rs.getString("group_labels")), rs.getString("title"),
                Severity.parse(rs.getString("severity")), rs.getString("status"), Rows.instant(rs, "opened_at"),
                Rows.instant(rs, "resolved_at"), channelIds, Rows.instant(rs, "notified_at"),
                rs.getInt("firing_alerts"));
    }
}
