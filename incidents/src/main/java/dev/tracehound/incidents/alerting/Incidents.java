package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.IncidentContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The incidents of a project as the API and the UI read them: lists, one incident with its alerts and
 * timeline, the alerts pending or firing now, and an incident's context for re-running its investigation.
 * Everything is asked by project: an incident of another project (so of another workspace) is not found.
 */
public final class Incidents {

    public static final int MAX_LIMIT = 500;

    /** Which incidents {@link #list} returns. */
    public enum Status {
        OPEN, RESOLVED, ALL;

        /** @throws IllegalArgumentException naming the accepted values */
        public static Status parse(String text) {
            String name = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
            for (Status status : values()) {
                if (status.name().equals(name)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown incident status '" + text + "': expected open, resolved or all");
        }
    }

    private final IncidentRows incidents;
    private final EventRows events;
    private final AlertRows alerts;
    private final JdbcClient jdbc;

    public Incidents(DataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        this.jdbc = jdbc;
        this.incidents = new IncidentRows(jdbc);
        this.events = new EventRows(jdbc);
        this.alerts = new AlertRows(jdbc);
    }

    /**
     * The project's incidents, newest first.
     *
     * @throws IllegalArgumentException a limit outside 1 to {@link #MAX_LIMIT}
     */
    public List<IncidentSummary> list(UUID projectId, Status status, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; was " + limit);
        }
        String wanted = status == Status.ALL ? null : status.name().toLowerCase(Locale.ROOT);
        return incidents.page(projectId, wanted, limit).stream().map(IncidentRow::summary).toList();
    }

    /** The incident with its alerts (firing first) and timeline (oldest first), if it is the project's. */
    public Optional<IncidentDetail> detail(UUID projectId, UUID incidentId) {
        return incidents.findInProject(projectId, incidentId).map(incident -> new IncidentDetail(incident.summary(),
                incidents.alerts(incidentId), events.timeline(incidentId)));
    }

    /** The project's alerts pending or firing now, firing first. */
    public List<CurrentAlert> alerts(UUID projectId) {
        return alerts.current(projectId);
    }

    /** What a new investigation of the incident is told, if it is the project's. */
    public Optional<IncidentContext> context(UUID projectId, UUID incidentId) {
        return incidents.findInProject(projectId, incidentId)
                .map(incident -> IncidentContexts.of(incident, incidents.alerts(incidentId)));
    }

    /**
     * Removes what a deleted project's alerting left: its alert states, approval requests and
     * incidents (their alerts, timelines and investigations go with them). The project's rules and
     * SLOs go with its row. Returns how many incidents were removed.
     */
    public int eraseProject(UUID projectId) {
        jdbc.sql("DELETE FROM alert_states WHERE project_id = :project").param("project", projectId).update();
        jdbc.sql("DELETE FROM approval_requests WHERE project_id = :project").param("project", projectId).update();
        return jdbc.sql("DELETE FROM incidents WHERE project_id = :project").param("project", projectId).update();
    }
}
