package dev.tracehound.agent.session;

import static dev.tracehound.agent.session.Columns.instant;
import static dev.tracehound.agent.session.Columns.optionalInstant;
import static dev.tracehound.agent.session.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of {@code sandbox_leases}: one per sandbox a session held, from the moment the provider
 * handed it over to its release, and the sandbox minutes they add up to. A lease counts
 * {@link SandboxLease#minutes() whole minutes, rounded up}, up to its end or, while it has none, up
 * to when it was last seen held, on the UTC day it started.
 */
public final class SandboxLeaseStore {

    /** A lease's minutes: its length rounded up to whole minutes, at least one. */
    private static final String MINUTES = """
            GREATEST(1, CEIL(EXTRACT(EPOCH FROM (coalesce(ended_at, last_seen_at) - started_at)) / 60))::bigint""";
    private static final String DAILY = """
            SELECT (started_at AT TIME ZONE 'UTC')::date AS day, sum(%s) AS minutes, count(*) AS leases
            FROM sandbox_leases
            WHERE workspace_id = :workspace AND started_at >= :from AND started_at < :to
            GROUP BY day ORDER BY day""".formatted(MINUTES);
    private static final String TOTAL = """
            SELECT coalesce(sum(%s), 0) AS minutes
            FROM sandbox_leases
            WHERE workspace_id = :workspace AND started_at >= :from AND started_at < :to""".formatted(MINUTES);

    /** A lease about to start: who holds the sandbox, and which one it is. */
    public record NewLease(UUID workspaceId, UUID projectId, UUID sessionId, String provider, String sandboxId,
            boolean network, Instant startedAt) {

        public NewLease {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(startedAt, "startedAt");
            Columns.requireName("provider", provider);
            Columns.requireName("sandbox id", sandboxId);
        }
    }

    /**
     * One lease as stored.
     *
     * @param endedAt empty while the sandbox is held, or when the service holding it died and no
     *                heartbeat has closed the lease yet; it is then counted up to {@code lastSeenAt}
     */
    public record SandboxLease(long id, UUID workspaceId, UUID projectId, UUID sessionId, String provider,
            String sandboxId, boolean network, Instant startedAt, Instant lastSeenAt, Optional<Instant> endedAt) {

        /** The minutes it counts: its length (to its end, or to when last seen) rounded up, at least one. */
        public long minutes() {
            Duration held = Duration.between(startedAt, endedAt.orElse(lastSeenAt));
            long micros = Math.max(0, held.toNanos() / 1_000);
            return Math.max(1, Math.ceilDiv(micros, 60_000_000L));
        }
    }

    /** The minutes of the leases a workspace started on one UTC day, and how many leases. */
    public record DayMinutes(LocalDate day, long minutes, long leases) {}

    private final JdbcClient jdbc;

    public SandboxLeaseStore(JdbcClient jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Stores a lease that starts now, seen at its start; returns its id. */
    public long open(NewLease lease) {
        return jdbc.sql("""
                        INSERT INTO sandbox_leases (workspace_id, project_id, session_id, provider, sandbox_id, network,
                                                    started_at, last_seen_at)
                        VALUES (:workspace, :project, :session, :provider, :sandbox, :network, :at, :at)
                        RETURNING id""")
                .param("workspace", lease.workspaceId()).param("project", lease.projectId())
                .param("session", lease.sessionId()).param("provider", lease.provider())
                .param("sandbox", lease.sandboxId()).param("network", lease.network())
                .param("at", timestamp(lease.startedAt()))
                .query(Long.class).single();
    }

    /** Marks open leases as still held at {@code at}; returns how many were. */
    public int seen(Collection<Long> leases, Instant at) {
        if (leases.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        UPDATE sandbox_leases SET last_seen_at = GREATEST(last_seen_at, :at)
                        WHERE id IN (:ids) AND ended_at IS NULL""")
                .param("ids", List.copyOf(leases)).param("at", timestamp(at)).update();
    }

    /** Ends an open lease at {@code at} (the sandbox was released then); false when it had ended already. */
    public boolean end(long lease, Instant at) {
        return jdbc.sql("""
                        UPDATE sandbox_leases SET ended_at = GREATEST(started_at, :at),
                                                  last_seen_at = GREATEST(last_seen_at, :at)
                        WHERE id = :id AND ended_at IS NULL""")
                .param("id", lease).param("at", timestamp(at)).update() == 1;
    }

    /**
     * Ends an open lease when it was last seen held: the sandbox ended by itself (its time to live,
     * a crash) some time after that. False when it had ended already.
     */
    public boolean endAtLastSeen(long lease) {
        return jdbc.sql("UPDATE sandbox_leases SET ended_at = last_seen_at WHERE id = :id AND ended_at IS NULL")
                .param("id", lease).update() == 1;
    }

    /**
     * Ends, when they were last seen, the open leases nobody has seen held since {@code seenBefore}:
     * the instance holding them died (its sandboxes stopped with it). Returns how many.
     */
    public int endDangling(Instant seenBefore) {
        return jdbc.sql("""
                        UPDATE sandbox_leases SET ended_at = last_seen_at
                        WHERE ended_at IS NULL AND last_seen_at < :before""")
                .param("before", timestamp(seenBefore)).update();
    }

    /** The workspace's sandbox minutes per UTC day, of the leases started from {@code from} up to {@code to}. */
    public List<DayMinutes> daily(UUID workspace, Instant from, Instant to) {
        return jdbc.sql(DAILY).param("workspace", workspace).param("from", timestamp(from)).param("to", timestamp(to))
                .query((rs, row) -> new DayMinutes(rs.getObject("day", LocalDate.class), rs.getLong("minutes"),
                        rs.getLong("leases")))
                .list();
    }

    /** The workspace's sandbox minutes of the leases started from {@code from} up to {@code to}. */
    public long minutes(UUID workspace, Instant from, Instant to) {
        return jdbc.sql(TOTAL).param("workspace", workspace).param("from", timestamp(from)).param("to", timestamp(to))
                .query(Long.class).single();
    }

    /** A session's leases, oldest first. */
    public List<SandboxLease> ofSession(UUID session) {
        return jdbc.sql("SELECT * FROM sandbox_leases WHERE session_id = :session ORDER BY started_at, id")
                .param("session", session).query(SandboxLeaseStore::lease).list();
    }

    private static SandboxLease lease(ResultSet rs, int row) throws SQLException {
        return new SandboxLease(rs.getLong("id"), rs.getObject("workspace_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getObject("session_id", UUID.class),
                rs.getString("provider"), rs.getString("sandbox_id"), rs.getBoolean("network"),
                instant(rs, "started_at"), instant(rs, "last_seen_at"), optionalInstant(rs, "ended_at"));
    }
}
