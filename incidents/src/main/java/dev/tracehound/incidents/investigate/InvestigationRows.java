package dev.tracehound.incidents.investigate;

import dev.tracehound.incidents.investigate.IncidentInvestigation.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows of {@code investigations}: requests, claims, and how each run ended. */
final class InvestigationRows {

    private static final String COLUMNS = """
            id, incident_id, workspace_id, project_id, status, requested_by, requested_at, started_at, finished_at, \
            session_id, error, report""";
    private static final String INSERT_QUEUED = """
            INSERT INTO investigations (id, incident_id, workspace_id, project_id, status, requested_by, requested_at,
                                        context)
            VALUES (:id, :incident, :workspace, :project, 'queued', :by, :at, CAST(:context AS jsonb))
            ON CONFLICT (incident_id) WHERE status IN ('queued', 'running') DO NOTHING""";
    private static final String SELECT_ACTIVE = """
            SELECT id FROM investigations WHERE incident_id = :incident AND status IN ('queued', 'running')""";
    private static final String SELECT_LATEST = """
            SELECT id FROM investigations WHERE incident_id = :incident ORDER BY requested_at DESC, seq DESC LIMIT 1""";
    private static final String SELECT_OF_INCIDENT = "SELECT " + COLUMNS + """

            FROM investigations WHERE incident_id = :incident ORDER BY requested_at DESC, seq DESC""";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM investigations WHERE id = :id";
    private static final String SELECT_CONTEXT = "SELECT context FROM investigations WHERE id = :id";

    private static final String EXPIRED = """
            SELECT id, incident_id, attempts FROM investigations
            WHERE status = 'running' AND claimed_until < :before
            ORDER BY claimed_until FOR UPDATE SKIP LOCKED""";
    private static final String REQUEUE = """
            UPDATE investigations SET status = 'queued', claimed_by = NULL, claimed_until = NULL
            WHERE id = :id AND status = 'running'""";
    private static final String QUEUED = """
            SELECT id, incident_id, workspace_id, project_id, started_at IS NOT NULL AS started FROM investigations
            WHERE status = 'queued' ORDER BY requested_at, seq LIMIT :limit FOR UPDATE SKIP LOCKED""";
    private static final String LOCK_WORKSPACE = "SELECT pg_advisory_xact_lock(:namespace, :key)";
    private static final String RUNNING_IN_WORKSPACE = """
            SELECT count(*) FROM investigations WHERE workspace_id = :workspace AND status = 'running'""";
    private static final String STARTED_IN_WORKSPACE = """
            SELECT count(*) FROM investigations WHERE workspace_id = :workspace AND started_at >= :from AND started_at < :to""";
    private static final String CLAIM = """
            UPDATE investigations
            SET status = 'running', claimed_by = :me, claimed_until = :until, attempts = attempts + 1,
                started_at = coalesce(started_at, :now)
            WHERE id = :id AND status = 'queued'
            RETURNING attempts, context""";
    private static final String ATTACH_SESSION = """
            UPDATE investigations SET session_id = :session
            WHERE id = :id AND status = 'running' AND claimed_by = :me AND attempts = :attempt""";
    private static final String FINISH = """
            UPDATE investigations
            SET status = 'done', report = CAST(:report AS jsonb), error = NULL, finished_at = :now, claimed_by = NULL,
                claimed_until = NULL
            WHERE id = :id AND status = 'running' AND claimed_by = :me AND attempts = :attempt""";
    private static final String FAIL_RUN = """
            UPDATE investigations
            SET status = 'failed', error = :error, finished_at = :now, claimed_by = NULL, claimed_until = NULL
            WHERE id = :id AND status = 'running' AND claimed_by = :me AND attempts = :attempt""";
    private static final String FAIL_QUEUED = """
            UPDATE investigations SET status = 'failed', error = :error, finished_at = :now
            WHERE id = :id AND status = 'queued'""";
    private static final String FAIL_EXPIRED = """
            UPDATE investigations
            SET status = 'failed', error = :error, finished_at = :now, claimed_by = NULL, claimed_until = NULL
            WHERE id = :id AND status = 'running'""";
    private static final String RELEASE_MINE = """
            UPDATE investigations SET status = 'queued', claimed_by = NULL, claimed_until = NULL
            WHERE status = 'running' AND claimed_by = :me""";
    private static final String STARTED_PER_DAY = """
            SELECT (started_at AT TIME ZONE 'UTC')::date AS day, count(*) AS started FROM investigations
            WHERE workspace_id = :workspace AND started_at >= :from AND started_at < :to
            GROUP BY day ORDER BY day""";

    /** Advisory locks of this table: the first key, beside the workspace's hash. */
    private static final int LOCK_NAMESPACE = 0x496e7631;

    record Expired(UUID id, UUID incidentId, int attempts) {}

    record Queued(UUID id, UUID incidentId, UUID workspaceId, UUID projectId, boolean started) {}

    record Claim(UUID id, int attempt, String context) {}

    record StartedDay(java.time.LocalDate day, long started) {}

    private final JdbcClient jdbc;

    InvestigationRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when a new row was queued; false when the incident has one queued or running. */
    boolean insertQueued(UUID id, UUID incident, UUID workspace, UUID project, String requestedBy, Instant at,
            String context) {
        return jdbc.sql(INSERT_QUEUED).param("id", id).param("incident", incident).param("workspace", workspace)
                .param("project", project).param("by", requestedBy).param("at", timestamp(at)).param("context", context)
                .update() == 1;
    }

    Optional<UUID> active(UUID incident) {
        return jdbc.sql(SELECT_ACTIVE).param("incident", incident).query(UUID.class).optional();
    }

    Optional<UUID> latest(UUID incident) {
        return jdbc.sql(SELECT_LATEST).param("incident", incident).query(UUID.class).optional();
    }

    List<IncidentInvestigation> ofIncident(UUID incident) {
        return jdbc.sql(SELECT_OF_INCIDENT).param("incident", incident).query(InvestigationRows::investigation).list();
    }

    Optional<IncidentInvestigation> get(UUID id) {
        return jdbc.sql(SELECT_ONE).param("id", id).query(InvestigationRows::investigation).optional();
    }

    Optional<UUID> incidentOfSession(UUID session) {
        return jdbc.sql("SELECT incident_id FROM investigations WHERE session_id = :session LIMIT 1")
                .param("session", session).query(UUID.class).optional();
    }

    Optional<String> context(UUID id) {
        return jdbc.sql(SELECT_CONTEXT).param("id", id).query(String.class).optional();
    }

    /** Running rows whose claim ended before {@code before}, locked for this transaction. */
    List<Expired> expired(Instant before) {
        return jdbc.sql(EXPIRED).param("before", timestamp(before))
                .query((rs, n) -> new Expired(rs.getObject("id", UUID.class), rs.getObject("incident_id", UUID.class),
                        rs.getInt("attempts")))
                .list();
    }

    void requeue(UUID id) {
        jdbc.sql(REQUEUE).param("id", id).update();
    }

    /** The oldest queued rows no other instance is claiming, locked for this transaction. */
    List<Queued> queued(int limit) {
        return jdbc.sql(QUEUED).param("limit", limit)
                .query((rs, n) -> new Queued(rs.getObject("id", UUID.class), rs.getObject("incident_id", UUID.class),
                        rs.getObject("workspace_id", UUID.class), rs.getObject("project_id", UUID.class),
                        rs.getBoolean("started")))
                .list();
    }

    /** Holds the workspace's claim lock until the transaction ends: one instance claims for it at a time. */
    void lockWorkspace(UUID workspace) {
        jdbc.sql(LOCK_WORKSPACE).param("namespace", LOCK_NAMESPACE).param("key", workspace.hashCode())
                .query((rs, n) -> 1).list();
    }

    int running(UUID workspace) {
        return jdbc.sql(RUNNING_IN_WORKSPACE).param("workspace", workspace).query(Integer.class).single();
    }

    long started(UUID workspace, Instant from, Instant to) {
        return jdbc.sql(STARTED_IN_WORKSPACE).param("workspace", workspace).param("from", timestamp(from))
                .param("to", timestamp(to)).query(Long.class).single();
    }

    Optional<Claim> claim(UUID id, String me, Instant now, Instant until) {
        return jdbc.sql(CLAIM).param("id", id).param("me", me).param("now", timestamp(now))
                .param("until", timestamp(until))
                .query((rs, n) -> new Claim(id, rs.getInt("attempts"), rs.getString("context")))
                .optional();
    }

    boolean attachSession(Claim claim, String me, UUID session) {
        return jdbc.sql(ATTACH_SESSION).param("session", session).param("id", claim.id()).param("me", me)
                .param("attempt", claim.attempt()).update() == 1;
    }

    boolean finish(Claim claim, String me, String report, Instant now) {
        return jdbc.sql(FINISH).param("report", report).param("now", timestamp(now)).param("id", claim.id())
                .param("me", me).param("attempt", claim.attempt()).update() == 1;
    }

    boolean failRun(Claim claim, String me, String error, Instant now) {
        return jdbc.sql(FAIL_RUN).param("error", error).param("now", timestamp(now)).param("id", claim.id())
                .param("me", me).param("attempt", claim.attempt()).update() == 1;
    }

    boolean failQueued(UUID id, String error, Instant now) {
        return jdbc.sql(FAIL_QUEUED).param("error", error).param("now", timestamp(now)).param("id", id).update() == 1;
    }

    boolean failExpired(UUID id, String error, Instant now) {
        return jdbc.sql(FAIL_EXPIRED).param("error", error).param("now", timestamp(now)).param("id", id).update() == 1;
    }

    /** Puts this instance's running rows back in the queue, for another instance to take up. */
    int releaseMine(String me) {
        return jdbc.sql(RELEASE_MINE).param("me", me).update();
    }

    List<StartedDay> startedPerDay(UUID workspace, Instant from, Instant to) {
        return jdbc.sql(STARTED_PER_DAY).param("workspace", workspace).param("from", timestamp(from))
                .param("to", timestamp(to))
                .query((rs, n) -> new StartedDay(rs.getObject("day", java.time.LocalDate.class), rs.getLong("started")))
                .list();
    }

    private static IncidentInvestigation investigation(ResultSet rs, int row) throws SQLException {
        String report = rs.getString("report");
        return new IncidentInvestigation(rs.getObject("id", UUID.class), rs.getObject("incident_id", UUID.class),
                rs.getObject("workspace_id", UUID.class), rs.getObject("project_id", UUID.class),
                Status.ofColumn(rs.getString("status")), rs.getString("requested_by"), instant(rs, "requested_at"),
                Optional.ofNullable(optionalInstant(rs, "started_at")), Optional.ofNullable(optionalInstant(rs, "finished_at")),
                Optional.ofNullable(rs.getObject("session_id", UUID.class)), Optional.ofNullable(rs.getString("error")),
                Optional.ofNullable(report).map(Json::report));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Instant optionalInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
