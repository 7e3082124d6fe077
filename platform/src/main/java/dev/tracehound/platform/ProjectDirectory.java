package dev.tracehound.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Finds and creates workspaces and their projects. */
public final class ProjectDirectory {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final JdbcClient jdbc;

    public ProjectDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Project> find(String workspaceSlug, String projectSlug) {
        return jdbc.sql(SELECT + " WHERE w.slug = :workspace AND p.slug = :project")
                .param("workspace", workspaceSlug)
                .param("project", projectSlug)
                .query(ProjectDirectory::project)
                .optional();
    }

    public Optional<Project> byId(UUID projectId) {
        return jdbc.sql(SELECT + " WHERE p.id = :id")
                .param("id", projectId)
                .query(ProjectDirectory::project)
                .optional();
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
        return find(workspaceSlug, projectSlug).orElseThrow();
    }

    private static void requireSlug(String what, String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException(what + " slug must be 1-63 lowercase letters, digits or dashes, "
                    + "starting with a letter or digit; was " + slug);
        }
    }
}
