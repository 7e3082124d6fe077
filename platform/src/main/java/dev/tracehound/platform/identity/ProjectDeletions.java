package dev.tracehound.platform.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The runner's side of project deletions ({@link Projects#startDeletion} queues them). A runner
 * loops: {@link #claimNext}; delete the project's ClickHouse rows (and anything else outside
 * this module), calling {@link #progress} after each step; then {@link #finish}, which deletes
 * the project's PostgreSQL rows (the project row, its keys and ingest rules with it) and marks
 * the job done; or {@link #fail} with what went wrong. Every step must be safe to run twice: a
 * job whose runner stopped sending progress for {@code takeOverAfter} is claimed again.
 *
 * <p>A job is claimed only once {@code settleFor} has passed since it was asked for, so that
 * keys the app still holds in its key caches have stopped, and batches accepted before, been
 * written, before the ClickHouse rows are deleted; give it at least the key cache's lifetime
 * plus the ingest batcher's flush time.
 *
 * <p>Each method after the claim takes the claimed job and throws {@link IllegalStateException}
 * when it is no longer this runner's (another runner took it over, or it ended): stop then.
 * Nothing here writes the audit log: the person who asked for the deletion is recorded by
 * {@code PROJECT_DELETION_STARTED}; the job row records how it ended.
 */
public final class ProjectDeletions {

    /** The last step, recorded by {@link #finish}. */
    public static final String POSTGRESQL_STEP = "postgresql";

    static final String COLUMNS = """
            id, workspace_id, project_id, project_slug, project_name, requested_by, state, steps_done, error, attempt,
            requested_at, started_at, finished_at""";
    private static final int MAX_ERROR = 2000;

    private static final String CLAIM_NEXT = """
            UPDATE project_deletions
            SET state = 'running', attempt = attempt + 1, started_at = coalesce(started_at, now()), heartbeat_at = now()
            WHERE id = (SELECT id FROM project_deletions
                        WHERE (state = 'queued' AND requested_at <= now() - make_interval(secs => :settleSeconds))
                           OR (state = 'running' AND heartbeat_at < now() - make_interval(secs => :takeOverSeconds))
                        ORDER BY requested_at, id LIMIT 1
                        FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;
    private static final String RECORD_STEP = """
            UPDATE project_deletions
            SET steps_done = CASE WHEN CAST(:step AS text) = ANY (steps_done) THEN steps_done
                                  ELSE array_append(steps_done, CAST(:step AS text)) END,
                heartbeat_at = now()
            WHERE id = :id AND state = 'running' AND attempt = :attempt
            RETURNING\s""" + COLUMNS;
    private static final String DELETE_PROJECT = "DELETE FROM projects WHERE id = :project";
    private static final String MARK_DONE = """
            UPDATE project_deletions SET state = 'done', finished_at = now(), heartbeat_at = now()
            WHERE id = :id AND state = 'running' AND attempt = :attempt
            RETURNING\s""" + COLUMNS;
    private static final String MARK_FAILED = """
            UPDATE project_deletions SET state = 'failed', error = :error, finished_at = now(), heartbeat_at = now()
            WHERE id = :id AND state = 'running' AND attempt = :attempt
            RETURNING\s""" + COLUMNS;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Duration settleFor;
    private final Duration takeOverAfter;

    /**
     * @param settleFor how long after it was asked for a job waits before it is claimed
     * @param takeOverAfter how long a running job may go without progress before another runner takes it
     */
    public ProjectDeletions(DataSource dataSource, Duration settleFor, Duration takeOverAfter) {
        if (settleFor.isNegative() || !takeOverAfter.isPositive()) {
            throw new IllegalArgumentException("settleFor must be zero or more and takeOverAfter more than zero; were "
                    + settleFor + " and " + takeOverAfter);
        }
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.settleFor = settleFor;
        this.takeOverAfter = takeOverAfter;
    }

    /**
     * The oldest job ready to run, now claimed by the caller (state running): a queued one past
     * its settling time, or a running one whose runner went quiet. Empty when there is none.
     * Concurrent runners never claim the same job at once.
     */
    public Optional<ProjectDeletion> claimNext() {
        return jdbc.sql(CLAIM_NEXT)
                .param("settleSeconds", seconds(settleFor))
                .param("takeOverSeconds", seconds(takeOverAfter))
                .query(ProjectDeletions::deletion).optional();
    }

    /**
     * Records that a step is done (once, however often it is called) and that the runner is
     * alive; returns the job as it is now.
     *
     * @throws IllegalArgumentException the step name is empty
     * @throws IllegalStateException the job is no longer this claim's
     */
    public ProjectDeletion progress(ProjectDeletion claimed, String step) {
        if (step == null || step.isBlank()) {
            throw new IllegalArgumentException("a progress step needs a name, like 'clickhouse spans'");
        }
        return jdbc.sql(RECORD_STEP).param("step", step).param("id", claimed.id()).param("attempt", claimed.attempt())
                .query(ProjectDeletions::deletion).optional().orElseThrow(() -> notMine(claimed));
    }

    /**
     * Deletes the project's PostgreSQL rows and marks the job done, in one transaction; call it
     * after every step outside PostgreSQL is done.
     *
     * @throws IllegalStateException the job is no longer this claim's (nothing is deleted then)
     */
    public ProjectDeletion finish(ProjectDeletion claimed) {
        return transactions.execute(status -> {
            progress(claimed, POSTGRESQL_STEP);
            jdbc.sql(DELETE_PROJECT).param("project", claimed.projectId()).update();
            return jdbc.sql(MARK_DONE).param("id", claimed.id()).param("attempt", claimed.attempt())
                    .query(ProjectDeletions::deletion).single();
        });
    }

    /**
     * Marks the job failed with what went wrong (cut to 2,000 characters; say which step and
     * why, without secrets: admins read it). The project stays marked, its keys stopped; asking
     * for its deletion again queues a new job.
     *
     * @throws IllegalStateException the job is no longer this claim's
     */
    public ProjectDeletion fail(ProjectDeletion claimed, String error) {
        String reason = error == null || error.isBlank() ? "no reason was given" : error.strip();
        if (reason.length() > MAX_ERROR) {
            reason = reason.substring(0, MAX_ERROR - 1) + "…";
        }
        return jdbc.sql(MARK_FAILED).param("error", reason).param("id", claimed.id()).param("attempt", claimed.attempt())
                .query(ProjectDeletions::deletion).optional().orElseThrow(() -> notMine(claimed));
    }

    private static IllegalStateException notMine(ProjectDeletion claimed) {
        return new IllegalStateException("deletion job " + claimed.id() + " (attempt " + claimed.attempt()
                + ") is no longer running under this claim: another runner took it over or it ended; stop working on it");
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static ProjectDeletion deletion(ResultSet rs, int row) throws SQLException {
        return new ProjectDeletion(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getString("project_slug"), rs.getString("project_name"),
                rs.getObject("requested_by", UUID.class),
                ProjectDeletion.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                Arrays.asList((String[]) rs.getArray("steps_done").getArray()), rs.getString("error"), rs.getInt("attempt"),
                Times.read(rs, "requested_at"), Times.read(rs, "started_at"), Times.read(rs, "finished_at"));
    }
}
