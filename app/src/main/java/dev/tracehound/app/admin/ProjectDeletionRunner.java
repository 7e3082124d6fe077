package dev.tracehound.app.admin;

import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.incidents.alerting.Incidents;
import dev.tracehound.analytics.ProjectTelemetry;
import dev.tracehound.platform.identity.ProjectDeletion;
import dev.tracehound.platform.identity.ProjectDeletions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs project deletion jobs in the background, one at a time per instance (jobs are claimed
 * with SKIP LOCKED, so several instances share them): the project's telemetry in ClickHouse,
 * then its agent sessions, then its incidents, then its PostgreSQL rows, recording each step so a job taken over
 * after a crash skips what was done. ClickHouse deletes rows with a mutation it finishes in the
 * background; the rows stop being readable once the project is gone from PostgreSQL anyway.
 */
final class ProjectDeletionRunner implements SmartLifecycle {

    static final String CLICKHOUSE_STEP = "clickhouse";
    static final String AGENT_SESSIONS_STEP = "agent-sessions";
    static final String INCIDENTS_STEP = "incidents";

    private static final Logger log = LoggerFactory.getLogger(ProjectDeletionRunner.class);

    private final ProjectDeletions jobs;
    private final ProjectTelemetry telemetry;
    private final SessionStore sessions;
    private final Incidents incidents;
    private final Duration poll;
    private volatile Thread worker;

    ProjectDeletionRunner(ProjectDeletions jobs, ProjectTelemetry telemetry, SessionStore sessions, Incidents incidents,
            Duration poll) {
        this.jobs = jobs;
        this.telemetry = telemetry;
        this.sessions = sessions;
        this.incidents = incidents;
        this.poll = poll;
    }

    @Override
    public void start() {
        // Assigned before it runs: the loop goes on while it is the worker.
        Thread thread = Thread.ofVirtual().name("project-deletions").unstarted(this::loop);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread running = worker;
        worker = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private void loop() {
        while (worker == Thread.currentThread()) {
            try {
                var next = jobs.claimNext();
                if (next.isPresent()) {
                    run(next.get());
                } else {
                    Thread.sleep(poll);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("project deletions: could not look for jobs ({}); trying again in {}", e.getMessage(), poll);
                try {
                    Thread.sleep(poll);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    private void run(ProjectDeletion claimed) {
        ProjectDeletion job = claimed;
        log.info("deleting project {} ({}) of workspace {}: job {}, attempt {}", job.projectSlug(), job.projectId(),
                job.workspaceId(), job.id(), job.attempt());
        try {
            if (!job.stepsDone().contains(CLICKHOUSE_STEP)) {
                telemetry.deleteTelemetry(job.projectId().toString());
                job = jobs.progress(job, CLICKHOUSE_STEP);
            }
            if (!job.stepsDone().contains(AGENT_SESSIONS_STEP)) {
                int erased = sessions.eraseProject(job.projectId());
                log.info("project {}: {} agent sessions erased", job.projectId(), erased);
                job = jobs.progress(job, AGENT_SESSIONS_STEP);
            }
            if (!job.stepsDone().contains(INCIDENTS_STEP)) {
                int erased = incidents.eraseProject(job.projectId());
                log.info("project {}: {} incidents erased", job.projectId(), erased);
                job = jobs.progress(job, INCIDENTS_STEP);
            }
            job = jobs.finish(job);
            log.info("project {} deleted (job {})", job.projectId(), job.id());
        } catch (IllegalStateException e) {
            log.warn("project deletion job {} is no longer ours ({}); leaving it", job.id(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("project deletion job {} failed; ask for the deletion again to retry", job.id(), e);
            try {
                jobs.fail(job, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (RuntimeException ignored) {
                // taken over meanwhile: the other runner records how it ends
            }
        }
    }
}
