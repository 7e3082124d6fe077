package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.AuditLog.summary;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workspaces: finding one by slug or id, its settings, renaming it, and the workspaces a person
 * belongs to. Who may rename is the caller's policy to decide before the call (the one role
 * table); a rename writes one audit row in its transaction. The allowed email domains are
 * changed through {@link Memberships#setAllowedEmailDomains}.
 */
public final class Workspaces {

    private static final String COLUMNS = "w.id, w.slug, w.name, w.allowed_email_domains, w.created_at";
    private static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM workspaces w WHERE w.id = :id";
    private static final String SELECT_BY_SLUG = "SELECT " + COLUMNS + " FROM workspaces w WHERE w.slug = :slug";
    private static final String SELECT_FOR_UPDATE = SELECT_BY_ID + " FOR UPDATE";
    private static final String SELECT_OF_USER = "SELECT " + COLUMNS + """
            , m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
            WHERE m.user_id = :user ORDER BY w.slug""";
    private static final String UPDATE_NAME = "UPDATE workspaces SET name = :name WHERE id = :id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    public Workspaces(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.audit = new AuditLog(dataSource);
    }

    /** The workspace's settings. */
    public Optional<Workspace> byId(UUID id) {
        return jdbc.sql(SELECT_BY_ID).param("id", id).query(Workspaces::workspace).optional();
    }

    public Optional<Workspace> bySlug(String slug) {
        if (!Names.isSlug(slug)) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT_BY_SLUG).param("slug", slug).query(Workspaces::workspace).optional();
    }

    /**
     * The workspace a path segment names: an id when the text is shaped like a UUID, else a
     * slug (a slug shaped like a UUID is found by id only). Empty for anything else.
     */
    public Optional<Workspace> lookup(String slugOrId) {
        UUID id = Names.idOrNull(slugOrId);
        return id != null ? byId(id) : bySlug(slugOrId);
    }

    /** The workspaces this person belongs to, with their role in each, by slug. */
    public List<UserWorkspace> ofUser(UUID user) {
        return jdbc.sql(SELECT_OF_USER).param("user", user)
                .query((rs, row) -> new UserWorkspace(workspace(rs, row), Role.fromColumn(rs.getString("role"))))
                .list();
    }

    /**
     * Renames the workspace (its slug stays). Renaming to the same name changes nothing and
     * writes no audit row.
     *
     * @throws IllegalArgumentException the name is empty or longer than 200 characters
     * @throws NotFoundException no workspace has this id
     */
    public Workspace rename(Actor actor, UUID workspace, String name) {
        String newName = Names.requireName("workspace", name);
        return transactions.execute(status -> {
            Workspace current = jdbc.sql(SELECT_FOR_UPDATE).param("id", workspace).query(Workspaces::workspace)
                    .optional().orElseThrow(() -> new NotFoundException("no workspace has the id " + workspace));
            if (current.name().equals(newName)) {
                return current;
            }
            jdbc.sql(UPDATE_NAME).param("id", workspace).param("name", newName).update();
            audit.append(workspace, actor, AuditAction.WORKSPACE_RENAMED, "workspace", workspace,
                    summary("from", current.name(), "to", newName));
            return new Workspace(current.id(), current.slug(), newName, current.allowedEmailDomains(),
                    current.createdAt());
        });
    }

    private static Workspace workspace(ResultSet rs, int row) throws SQLException {
        return new Workspace(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("name"),
                Arrays.asList((String[]) rs.getArray("allowed_email_domains").getArray()), Times.read(rs, "created_at"));
    }
}
