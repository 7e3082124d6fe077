package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.ProjectIngestRules;
import dev.tracehound.platform.SeatLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectDeletionsIT {

    private static final Duration NO_SETTLING = Duration.ZERO;
    private static final Duration AN_HOUR = Duration.ofHours(1);

    private IdentityDatabase db;
    private User owner;
    private UUID workspace;
    private WorkspaceProject shop;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.UNLIMITED);
        owner = db.signIn("olivia");
        workspace = db.defaultWorkspace();
        shop = db.projects.create(as(owner), workspace, "shop", "Shop");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void aFinishedJobHasDeletedTheProjectsRowsAndSaysWhichStepsItDid() {
        db.keys(Clock.systemUTC()).create(as(owner), workspace, shop.id(), "collector", ApiKeys.Scope.INGEST, null);
        db.jdbc.sql("INSERT INTO project_ingest_rules (project_id) VALUES (:p)").param("p", shop.id()).update();
        ProjectDeletion asked = db.projects.startDeletion(as(owner), workspace, shop.id());
        ProjectDeletions runner = db.deletions(NO_SETTLING, AN_HOUR);

        ProjectDeletion claimed = runner.claimNext().orElseThrow();
        runner.progress(claimed, "clickhouse spans");
        runner.progress(claimed, "clickhouse spans");
        runner.progress(claimed, "clickhouse logs");
        ProjectDeletion done = runner.finish(claimed);

        assertThat(claimed.id()).isEqualTo(asked.id());
        assertThat(claimed.state()).isEqualTo(ProjectDeletion.State.RUNNING);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(done.state()).isEqualTo(ProjectDeletion.State.DONE);
        assertThat(done.stepsDone()).containsExactly("clickhouse spans", "clickhouse logs", ProjectDeletions.POSTGRESQL_STEP);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(count("projects", shop.id())).isZero();
        assertThat(count("api_keys", shop.id())).isZero();
        assertThat(count("project_ingest_rules", shop.id())).isZero();
        assertThat(new ProjectIngestRules(db.jdbc).find(shop.id())).isEmpty();
        assertThat(db.projects.deletion(workspace, asked.id())).map(ProjectDeletion::state).contains(ProjectDeletion.State.DONE);
        assertThat(db.projects.ofWorkspace(workspace)).isEmpty();
        assertThat(runner.claimNext()).isEmpty();
        assertThat(db.projects.create(as(owner), workspace, "shop", "Shop again").slug()).isEqualTo("shop");
    }

    @Test
    void aJobWaitsOutItsSettlingTimeBeforeItIsClaimed() {
        db.projects.startDeletion(as(owner), workspace, shop.id());

        assertThat(db.deletions(AN_HOUR, AN_HOUR).claimNext()).isEmpty();
        assertThat(db.deletions(NO_SETTLING, AN_HOUR).claimNext()).isPresent();
    }

    @Test
    void aFailedJobKeepsTheProjectHiddenAndAskingAgainQueuesANewJob() {
        ProjectDeletion first = db.projects.startDeletion(as(owner), workspace, shop.id());
        ProjectDeletions runner = db.deletions(NO_SETTLING, AN_HOUR);
        ProjectDeletion claimed = runner.claimNext().orElseThrow();

        ProjectDeletion failed = runner.fail(claimed, "clickhouse spans: the server did not answer within 30 s");
        long before = db.auditRows(workspace);
        ProjectDeletion retry = db.projects.startDeletion(as(owner), workspace, shop.id());

        assertThat(failed.state()).isEqualTo(ProjectDeletion.State.FAILED);
        assertThat(failed.error()).isEqualTo("clickhouse spans: the server did not answer within 30 s");
        assertThat(count("projects", shop.id())).isOne();
        assertThat(db.projects.find(workspace, "shop")).isEmpty();
        assertThat(retry.id()).isNotEqualTo(first.id());
        assertThat(retry.state()).isEqualTo(ProjectDeletion.State.QUEUED);
        assertThat(db.auditRows(workspace)).isEqualTo(before + 1);
        assertThat(db.audit.entries(workspace, 1).getFirst().summary()).contains("\"retry\": true");
        assertThat(runner.claimNext()).map(ProjectDeletion::id).contains(retry.id());
    }

    @Test
    void aQuietRunnersJobIsTakenOverAndTheFirstRunnerIsToldToStop() throws Exception {
        db.projects.startDeletion(as(owner), workspace, shop.id());
        ProjectDeletions runners = db.deletions(NO_SETTLING, Duration.ofMillis(50));
        ProjectDeletion mine = runners.claimNext().orElseThrow();
        assertThat(runners.claimNext()).isEmpty();

        Thread.sleep(200);
        ProjectDeletion theirs = runners.claimNext().orElseThrow();

        assertThat(theirs.id()).isEqualTo(mine.id());
        assertThat(theirs.attempt()).isEqualTo(2);
        assertThatThrownBy(() -> runners.progress(mine, "clickhouse spans"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another runner took it over");
        assertThatThrownBy(() -> runners.finish(mine)).isInstanceOf(IllegalStateException.class);
        assertThat(count("projects", shop.id())).isOne();
        assertThat(runners.finish(theirs).state()).isEqualTo(ProjectDeletion.State.DONE);
        assertThatThrownBy(() -> runners.fail(theirs, "late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoRunnersClaimingAtOnceNeverGetTheSameJob() throws Exception {
        WorkspaceProject billing = db.projects.create(as(owner), workspace, "billing", "Billing");
        db.projects.startDeletion(as(owner), workspace, shop.id());
        db.projects.startDeletion(as(owner), workspace, billing.id());
        ProjectDeletions runners = db.deletions(NO_SETTLING, AN_HOUR);
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Optional<ProjectDeletion>>> claims = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                claims.add(threads.submit(() -> {
                    together.await();
                    return runners.claimNext();
                }));
            }
        }

        List<UUID> projects = new ArrayList<>();
        for (Future<Optional<ProjectDeletion>> claim : claims) {
            projects.add(claim.get().orElseThrow().projectId());
        }
        assertThat(projects).containsExactlyInAnyOrder(shop.id(), billing.id());
        assertThat(runners.claimNext()).isEmpty();
    }

    @Test
    void aLongErrorIsCutAndAnEmptyStepIsRefused() {
        db.projects.startDeletion(as(owner), workspace, shop.id());
        ProjectDeletions runner = db.deletions(NO_SETTLING, AN_HOUR);
        ProjectDeletion claimed = runner.claimNext().orElseThrow();

        assertThatThrownBy(() -> runner.progress(claimed, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(runner.fail(claimed, "x".repeat(5000)).error()).hasSize(2000).endsWith("…");
    }

    private long count(String table, UUID project) {
        String column = table.equals("projects") ? "id" : "project_id";
        return db.jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :p").param("p", project)
                .query(Long.class).single();
    }
}
