package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.AuditLog.summary;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A workspace's projects, as an admin manages them: list, create, rename, and delete.
 *
 * <p>Deleting is a job ({@link ProjectDeletions} runs it). {@link #startDeletion} marks the
 * project at once, in the same transaction as the job and its audit row: from its commit the
 * project's API keys stop working ({@code ApiKeys.holderOf}), and the project is not found by
 * {@link #find}, by {@code ProjectDirectory} or by any method here that changes it; it is still
 * listed by {@link #ofWorkspace}, marked, until the job deletes its row. Its slug stays taken
 * until then.
 *
 * <p>Who may do what is the caller's policy to decide before the call (the one role table);
 * each change writes one audit row in its transaction, with the actor given.
 */
public final class Projects {

    private static final String COLUMNS = "id, workspace_id, slug, name, created_at, deletion_requested_at";
    private static final String SELECT_OF_WORKSPACE =
            "SELECT " + COLUMNS + " FROM projects WHERE workspace_id = :workspace ORDER BY slug";
    private static final String SELECT_LIVE_BY_ID = "SELECT " + COLUMNS
            + " FROM projects WHERE workspace_id = :workspace AND id = :id AND deletion_requested_at IS NULL";
    private static final String SELECT_LIVE_BY_SLUG = "SELECT " + COLUMNS
            + " FROM projects WHERE workspace_id = :workspace AND slug = :slug AND deletion_requested_at IS NULL";
    private static final String SELECT_FOR_UPDATE =
            "SELECT " + COLUMNS + " FROM projects WHERE workspace_id = :workspace AND id = :id FOR UPDATE";
    private static final String SELECT_BY_SLUG =
            "SELECT " + COLUMNS + " FROM projects WHERE workspace_id = :workspace AND slug = :slug";
    private static final String WORKSPACE_EXISTS = "SELECT count(*) FROM workspaces WHERE id = :workspace";
    private static final String INSERT_PROJECT = """
            INSERT INTO projects (id, workspace_id, slug, name) VALUES (:id, :workspace, :slug, :name)
            ON CONFLICT (workspace_id, slug) DO NOTHING
            RETURNING\s""" + COLUMNS;
    private static final String UPDATE_NAME = "UPDATE projects SET name = :name WHERE id = :id";
    private static final String MARK_DELETING = """
            UPDATE projects SET deletion_requested_at = coalesce(deletion_requested_at, now()) WHERE id = :id""";
    private static final String SELECT_OPEN_DELETION = "SELECT " + ProjectDeletions.COLUMNS
            + " FROM project_deletions WHERE project_id = :project AND state IN ('queued', 'running')";
    private static final String INSERT_DELETION = """
            INSERT INTO project_deletions (id, workspace_id, project_id, project_slug, project_name, requested_by)
            VALUES (:id, :workspace, :project, :slug, :name, :requestedBy)
            RETURNING\s""" + ProjectDeletions.COLUMNS;
    private static final String SELECT_DELETION = "SELECT " + ProjectDeletions.COLUMNS
            + " FROM project_deletions WHERE workspace_id = :workspace AND id = :id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    public Projects(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.audit = new AuditLog(dataSource);
    }

    /** The workspace's projects by slug, those being deleted included and marked. */
    public List<WorkspaceProject> ofWorkspace(UUID workspace) {
        return jdbc.sql(SELECT_OF_WORKSPACE).param("workspace", workspace).query(Projects::project).list();
    }

    /**
     * The workspace's project that a path segment names: an id when the text is shaped like a
     * UUID, else a slug. Empty when there is none in this workspace or it is being deleted.
     */
    public Optional<WorkspaceProject> find(UUID workspace, String slugOrId) {
        UUID id = Names.idOrNull(slugOrId);
        if (id != null) {
            return jdbc.sql(SELECT_LIVE_BY_ID).param("workspace", workspace).param("id", id)
                    .query(Projects::project).optional();
        }
        if (!Names.isSlug(slugOrId)) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT_LIVE_BY_SLUG).param("workspace", workspace).param("slug", slugOrId)
                .query(Projects::project).optional();
    }

    /**
     * A new project in the workspace.
     *
     * @throws IllegalArgumentException the slug is not 1-63 lowercase letters, digits or dashes,
     *     or looks like a UUID; or the name is empty or longer than 200 characters
     * @throws ConflictException the workspace has a project with this slug already (one being
     *     deleted included, until its deletion finishes)
     * @throws NotFoundException no workspace has this id
     */
    public WorkspaceProject create(Actor actor, UUID workspace, String slug, String name) {
        String checkedSlug = Names.requireSlug("project", slug);
        String checkedName = Names.requireName("project", name);
        return transactions.execute(status -> {
            if (jdbc.sql(WORKSPACE_EXISTS).param("workspace", workspace).query(Long.class).single() == 0) {
                throw new NotFoundException("no workspace has the id " + workspace);
            }
            WorkspaceProject created = jdbc.sql(INSERT_PROJECT)
                    .param("id", UUID.randomUUID())
                    .param("workspace", workspace)
                    .param("slug", checkedSlug)
                    .param("name", checkedName)
                    .query(Projects::project).optional()
                    .orElseThrow(() -> slugTaken(workspace, checkedSlug));
            audit.append(workspace, actor, AuditAction.PROJECT_CREATED, "project", created.id(),
                    summary("slug", checkedSlug, "name", checkedName));
            return created;
        });
    }

    /**
     * Renames a project (its slug and id stay). The same name again changes nothing and writes
     * no audit row.
     *
     * @throws IllegalArgumentException the name is empty or longer than 200 characters
     * @throws NotFoundException the workspace has no such project, or it is being deleted
     */
    public WorkspaceProject rename(Actor actor, UUID workspace, UUID project, String name) {
        String checkedName = Names.requireName("project", name);
        return transactions.execute(status -> {
            WorkspaceProject current = lockLive(workspace, project);
            if (current.name().equals(checkedName)) {
                return current;
            }
            jdbc.sql(UPDATE_NAME).param("id", project).param("name", checkedName).update();
            audit.append(workspace, actor, AuditAction.PROJECT_RENAMED, "project", project,
                    summary("slug", current.slug(), "from", current.name(), "to", checkedName));
            return new WorkspaceProject(current.id(), workspace, current.slug(), checkedName, current.createdAt(), null);
        });
    }

    /**
     * Starts deleting a project: marks it (its keys stop, it is no longer found) and queues a
     * job for {@link ProjectDeletions}. While a job for it is queued or running, asking again
     * returns that job and writes nothing. After a job failed, asking again queues a new one
     * (a new audit row): the way to retry.
     *
     * @throws NotFoundException the workspace has no such project (being deleted counts as
     *     existing here, so a failed deletion can be retried)
     */
    public ProjectDeletion startDeletion(Actor actor, UUID workspace, UUID project) {
        return transactions.execute(status -> {
            WorkspaceProject current = jdbc.sql(SELECT_FOR_UPDATE).param("workspace", workspace).param("id", project)
                    .query(Projects::project).optional()
                    .orElseThrow(() -> new NotFoundException("workspace " + workspace + " has no project " + project));
            Optional<ProjectDeletion> open = jdbc.sql(SELECT_OPEN_DELETION).param("project", project)
                    .query(ProjectDeletions::deletion).optional();
            if (open.isPresent()) {
                return open.get();
            }
            jdbc.sql(MARK_DELETING).param("id", project).update();
            ProjectDeletion job = jdbc.sql(INSERT_DELETION)
                    .param("id", UUID.randomUUID())
                    .param("workspace", workspace)
                    .param("project", project)
                    .param("slug", current.slug())
                    .param("name", current.name())
                    .param("requestedBy", actor.kind() == Actor.Kind.USER ? actor.id() : null)
                    .query(ProjectDeletions::deletion).single();
            audit.append(workspace, actor, AuditAction.PROJECT_DELETION_STARTED, "project", project,
                    summary("slug", current.slug(), "name", current.name(), "job", job.id().toString(),
                            "retry", current.beingDeleted()));
            return job;
        });
    }

    /** A deletion job of this workspace, for its progress; jobs outlive the projects they deleted. */
    public Optional<ProjectDeletion> deletion(UUID workspace, UUID job) {
        return jdbc.sql(SELECT_DELETION).param("workspace", workspace).param("id", job)
                .query(ProjectDeletions::deletion).optional();
    }

    private WorkspaceProject lockLive(UUID workspace, UUID project) {
        return jdbc.sql(SELECT_FOR_UPDATE).param("workspace", workspace).param("id", project)
                .query(Projects::project).optional()
                .filter(found -> !found.beingDeleted())
                .orElseThrow(() -> new NotFoundException("workspace " + workspace + " has no project " + project));
    }

    private ConflictException slugTaken(UUID workspace, String slug) {
        boolean deleting = jdbc.sql(SELECT_BY_SLUG).param("workspace", workspace).param("slug", slug)
                .query(Projects::project).optional().map(WorkspaceProject::beingDeleted).orElse(false);
        return new ConflictException("this workspace already has a project with the slug '" + slug + "'"
                + (deleting ? ", which is being deleted; the slug is free once its deletion finishes" : "")
                + "; choose another slug");
    }

    private static WorkspaceProject project(ResultSet rs, int row) throws SQLException {
        return new WorkspaceProject(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getString("slug"), rs.getString("name"), Times.read(rs, "created_at"),
                Times.read(rs, "deletion_requested_at"));
    }
}
