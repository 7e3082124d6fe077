package dev.tracehound.incidents.approve;

import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.incidents.approve.ApprovalException.Reason;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.AuditAction;
import dev.tracehound.platform.identity.AuditLog;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The door to a workspace's catalogue of actions: the signed webhook calls the agent may propose,
 * each with its {@link RiskTier}. Every change writes one audit row in its transaction. Another
 * workspace's actions answer as none.
 */
public final class ActionCatalogue {

    private static final String COLUMNS = """
            id, workspace_id, name, description, webhook_url, tier, enabled, created_by, created_at
            """;
    private static final String INSERT = """
            INSERT INTO actions (id, workspace_id, name, description, webhook_url, secret, tier, created_by, created_at)
            VALUES (:id, :workspace, :name, :description, :url, :secret, :tier, :createdBy, :now)""";
    private static final String SELECT_WORKSPACE = "SELECT " + COLUMNS + """
             FROM actions WHERE workspace_id = :workspace AND deleted_at IS NULL ORDER BY name""";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + """
             FROM actions WHERE id = :id AND workspace_id = :workspace AND deleted_at IS NULL""";
    private static final String SELECT_BY_NAME = "SELECT " + COLUMNS + """
             FROM actions WHERE workspace_id = :workspace AND name = :name AND deleted_at IS NULL""";
    private static final String SET_ENABLED = """
            UPDATE actions SET enabled = :enabled
            WHERE id = :id AND workspace_id = :workspace AND deleted_at IS NULL AND enabled <> :enabled""";
    private static final String DELETE = """
            UPDATE actions SET deleted_at = :now, enabled = false
            WHERE id = :id AND workspace_id = :workspace AND deleted_at IS NULL""";

    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    public ActionCatalogue(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.audit = new AuditLog(dataSource);
        this.clock = clock;
    }

    /**
     * Adds an enabled action.
     *
     * @throws IllegalArgumentException saying what is wrong with the name, description, URL, secret or tier
     * @throws ApprovalException        {@code CONFLICT}: the workspace has an action of that name
     */
    public WorkspaceAction create(UUID workspaceId, Actor actor, ActionSpec spec) {
        if (actor.id() == null) {
            throw new IllegalArgumentException("an action is added by a person or an API key, not by " + actor.kind());
        }
        String name = checkedName(spec.name());
        String description = checkedDescription(spec.description());
        String url = checkedUrl(spec.webhookUrl());
        String secret = checkedSecret(spec.secret());
        if (spec.tier() == null) {
            throw new IllegalArgumentException("an action needs a 'tier': one of info, low, medium, high, critical");
        }
        var action = new WorkspaceAction(UUID.randomUUID(), workspaceId, name, description, url, spec.tier(), true,
                actor.id(), clock.instant());
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.sql(INSERT).param("id", action.id()).param("workspace", workspaceId).param("name", name)
                        .param("description", description).param("url", url).param("secret", secret)
                        .param("tier", action.tier().wireName()).param("createdBy", action.createdBy())
                        .param("now", Timestamp.from(action.createdAt())).update();
                audit.append(workspaceId, actor, AuditAction.ACTION_CREATED, "action", action.id(),
                        summary("name", name, "tier", action.tier().wireName(), "webhook_url", url));
            });
        } catch (DuplicateKeyException e) {
            throw new ApprovalException(Reason.CONFLICT, "this workspace has an action named '" + name
                    + "' already; choose another name or delete that one first");
        }
        return action;
    }

    /** The workspace's actions, enabled or not, by name. */
    public List<WorkspaceAction> list(UUID workspaceId) {
        return jdbc.sql(SELECT_WORKSPACE).param("workspace", workspaceId).query(ActionCatalogue::row).list();
    }

    public Optional<WorkspaceAction> find(UUID workspaceId, UUID actionId) {
        return jdbc.sql(SELECT_ONE).param("id", actionId).param("workspace", workspaceId)
                .query(ActionCatalogue::row).optional();
    }

    Optional<WorkspaceAction> byName(UUID workspaceId, String name) {
        return jdbc.sql(SELECT_BY_NAME).param("workspace", workspaceId).param("name", name)
                .query(ActionCatalogue::row).optional();
    }

    /**
     * Switches the action on or off; the agent cannot propose a disabled action, and an approved
     * request of one fails instead of running.
     *
     * @throws ApprovalException {@code NOT_FOUND}: no such action in the workspace
     */
    public WorkspaceAction setEnabled(UUID workspaceId, Actor actor, UUID actionId, boolean enabled) {
        return transactions.execute(status -> {
            WorkspaceAction action = find(workspaceId, actionId).orElseThrow(() -> notFound(actionId));
            int changed = jdbc.sql(SET_ENABLED).param("enabled", enabled).param("id", actionId)
                    .param("workspace", workspaceId).update();
            if (changed == 1) {
                audit.append(workspaceId, actor, enabled ? AuditAction.ACTION_ENABLED : AuditAction.ACTION_DISABLED,
                        "action", actionId, summary("name", action.name()));
            }
            return find(workspaceId, actionId).orElseThrow();
        });
    }

    /**
     * Removes the action from the catalogue (its requests keep naming it; its name is free
     * again); an approved request of it fails instead of running. False if there was none.
     */
    public boolean delete(UUID workspaceId, Actor actor, UUID actionId) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            Optional<WorkspaceAction> action = find(workspaceId, actionId);
            if (action.isEmpty()) {
                return false;
            }
            jdbc.sql(DELETE).param("now", Timestamp.from(clock.instant())).param("id", actionId)
                    .param("workspace", workspaceId).update();
            audit.append(workspaceId, actor, AuditAction.ACTION_DELETED, "action", actionId,
                    summary("name", action.get().name()));
            return true;
        }));
    }

    static ApprovalException notFound(UUID actionId) {
        return new ApprovalException(Reason.NOT_FOUND, "there is no action " + actionId + " in this workspace");
    }

    private static String checkedName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (!SLUG.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("an action's 'name' is what the agent calls it by: lower-case letters, "
                    + "digits, _ and -, starting with a letter, at most 63 characters, e.g. rollback_deploy; was '"
                    + trimmed + "'");
        }
        return trimmed;
    }

    private static String checkedDescription(String description) {
        String trimmed = description == null ? "" : description.strip();
        if (trimmed.isEmpty() || trimmed.length() > 2000) {
            throw new IllegalArgumentException("an action needs a 'description' of 1 to 2000 characters: what it does, "
                    + "for the agent and for the people who approve it");
        }
        return trimmed;
    }

    private static String checkedUrl(String url) {
        String trimmed = url == null ? "" : url.strip();
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && trimmed.length() <= 2000) {
                return trimmed;
            }
        } catch (URISyntaxException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("an action's 'webhook_url' must be an http or https URL with a host, "
                + "at most 2000 characters; was '" + trimmed + "'");
    }

    private static String checkedSecret(String secret) {
        if (secret == null || secret.length() < 16 || secret.length() > 200) {
            throw new IllegalArgumentException("an action needs a signing secret of 16 to 200 characters");
        }
        return secret;
    }

    private static WorkspaceAction row(ResultSet rs, int n) throws SQLException {
        return new WorkspaceAction(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getString("name"), rs.getString("description"), rs.getString("webhook_url"),
                RiskTier.parse(rs.getString("tier")), rs.getBoolean("enabled"), rs.getObject("created_by", UUID.class),
                instant(rs, "created_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
