package dev.tracehound.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds and creates workspaces and their projects.
 *
 * <p>A project whose deletion was asked for is not found here ({@link #find}, {@link #byId}),
 * from that moment on, although its row stays until the deletion job finishes; its keys stop at
 * the same moment ({@link ApiKeys#holderOf}). So a read by project id or slug, or by key, finds
 * nothing to read. Listing it, marked, with its deletion job, is the identity package's
 * {@code Projects}.
 */
public final class ProjectDirectory {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final JdbcClient jdbc;

    public ProjectDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The project with these slugs, unless it is being deleted. */
    public Optional<Project> find(String workspaceSlug, String projectSlug) {
        return jdbc.sql(SELECT + " WHERE w.slug = :workspace AND p.slug = :project AND p.deletion_requested_at IS NULL")
                .param("workspace", workspaceSlug)
                .param("project", projectSlug)
                .query(ProjectDirectory::project)
                .optional();
    }

    /** The project with this id, unless it is being deleted. */
    public Optional<Project> byId(UUID projectId) {
        return jdbc.sql(SELECT + " WHERE p.id = :id AND p.deletion_requested_at IS NULL")
                .param("id", projectId)
                .query(ProjectDirectory::project)
                .optional();
    }

    /** Every project of every workspace, unless it is being deleted: for jobs that visit each project. */
    public List<Project> all() {
        return jdbc.sql(SELECT + " WHERE p.deletion_requested_at IS NULL ORDER BY p.id")
                .query(ProjectDirectory::project)
                .list();
    }

    private static final String SELECT = """
            SELECT p.id, p.workspace_id, w.slug AS workspace_slug, p.slug, p.name
            FROM projects p JOIN workspaces w ON w.id = p.workspace_id""";

    private static Project project(ResultSet rs, int row) throws SQLException {
        return new Project(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getString("workspace_slug"), rs.getString("slug"), rs.getString("name"));
    }

    /**
     * The project with these slugs, created with its workspace if either is missing. Safe to
     * call concurrently: a lost race finds the winner's rows.
     *
     * @throws IllegalArgumentException a slug is not 1-63 lowercase letters, digits or dashes
     * @throws IllegalStateException the project exists but is being deleted
     */
    public Project ensure(String workspaceSlug, String workspaceName, String projectSlug, String projectName) {
        requireSlug("workspace", workspaceSlug);
        requireSlug("project", projectSlug);
        jdbc.sql("INSERT INTO workspaces (id, slug, name) VALUES (:id, :slug, :name) ON CONFLICT (slug) DO NOTHING")
                .param("id", UUID.randomUUID())
                .param("slug", workspaceSlug)
                .param("name", workspaceName)
                .update();
        jdbc.sql("""
                        INSERT INTO projects (id, workspace_id, slug, name)
                        SELECT :id, w.id, :slug, :name FROM workspaces w WHERE w.slug = :workspace
                        ON CONFLICT (workspace_id, slug) DO NOTHING""")
                .param("id", UUID.randomUUID())
                .param("slug", projectSlug)
                .param("name", projectName)
                .param("workspace", workspaceSlug)
                .update();
        return find(workspaceSlug, projectSlug).orElseThrow(() -> new IllegalStateException("project " + workspaceSlug
                + "/" + projectSlug + " is being deleted; wait for its deletion job to finish, then start again"));
    }

    private static void requireSlug(String what, String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException(what + " slug must be 1-63 lowercase letters, digits or dashes, "
                    + "starting with a letter or digit; was " + slug);
        }
    }
}
