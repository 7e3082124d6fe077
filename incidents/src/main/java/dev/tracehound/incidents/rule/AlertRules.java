package dev.tracehound.incidents.rule;

import dev.tracehound.incidents.Severity;
import dev.tracehound.platform.notify.NotificationChannel;
import dev.tracehound.platform.notify.NotificationChannels;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert rules of each project, in PostgreSQL. Reads and writes by a person name the
 * workspace and the project: another workspace's or project's rule is not found. A rule's name
 * is unique in its project, and the channels it names must be its workspace's.
 */
public final class AlertRules {

    private static final String COLUMNS = """
            id, workspace_id, project_id, name, query::text AS query, condition::text AS condition, window_seconds,
            interval_seconds, severity, labels::text AS labels, channel_ids, investigate, enabled, created_by,
            created_at, updated_at""";

    /** Inserts the rule if the project is the workspace's; no row otherwise. */
    private static final String INSERT = """
            INSERT INTO alert_rules (id, workspace_id, project_id, name, query, condition, window_seconds,
                                     interval_seconds, severity, labels, channel_ids, investigate, enabled, created_by,
                                     created_at, updated_at)
            SELECT :id, p.workspace_id, p.id, :name, :query::jsonb, :condition::jsonb, :window, :interval, :severity,
                   :labels::jsonb, :channels::uuid[], :investigate, :enabled, :createdBy, :now, :now
            FROM projects p
            WHERE p.id = :project AND p.workspace_id = :workspace""";

    private static final String UPDATE = """
            UPDATE alert_rules
            SET name = :name, query = :query::jsonb, condition = :condition::jsonb, window_seconds = :window,
                interval_seconds = :interval, severity = :severity, labels = :labels::jsonb,
                channel_ids = :channels::uuid[], investigate = :investigate, enabled = :enabled, updated_at = :now
            WHERE id = :id AND workspace_id = :workspace AND project_id = :project""";

    private static final String DELETE = """
            DELETE FROM alert_rules WHERE id = :id AND workspace_id = :workspace AND project_id = :project""";

    private static final String SELECT_ONE = "SELECT " + COLUMNS + """

            FROM alert_rules WHERE id = :id AND workspace_id = :workspace AND project_id = :project""";

    private static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM alert_rules WHERE id = :id";

    private static final String SELECT_PROJECT = "SELECT " + COLUMNS + """

            FROM alert_rules WHERE project_id = :project ORDER BY name, id""";

    private static final String SELECT_ENABLED = "SELECT " + COLUMNS + """

            FROM alert_rules WHERE enabled ORDER BY id""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final NotificationChannels channels;
    private final Clock clock;

    public AlertRules(JdbcClient jdbc, NotificationChannels channels, Clock clock) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.clock = clock;
    }

    /**
     * Stores a new rule of the project.
     *
     * @param createdBy the person's user id, or what else made it
     * @throws InvalidRuleException the project is not the workspace's, a rule of that name exists in the
     *                              project, or a channel is not the workspace's
     */
    public AlertRule create(UUID workspaceId, UUID projectId, RuleDraft draft, String createdBy) {
        requireChannels(workspaceId, draft);
        UUID id = UUID.randomUUID();
        int inserted = execute(write(INSERT, id, workspaceId, projectId, draft).param("createdBy", createdBy), draft);
        if (inserted == 0) {
            throw new InvalidRuleException("project " + projectId + " is not a project of this workspace");
        }
        return byId(id).orElseThrow();
    }

    /**
     * Replaces the rule's parts with the draft's; empty when the workspace's project has no such rule.
     *
     * @throws InvalidRuleException another rule of the project has the name, or a channel is not the workspace's
     */
    public Optional<AlertRule> update(UUID workspaceId, UUID projectId, UUID id, RuleDraft draft) {
        requireChannels(workspaceId, draft);
        if (execute(write(UPDATE, id, workspaceId, projectId, draft), draft) == 0) {
            return Optional.empty();
        }
        return byId(id);
    }

    /** Whether the workspace's project had the rule. */
    public boolean delete(UUID workspaceId, UUID projectId, UUID id) {
        return jdbc.sql(DELETE).param("id", id).param("workspace", workspaceId).param("project", projectId).update() > 0;
    }

    public Optional<AlertRule> get(UUID workspaceId, UUID projectId, UUID id) {
        return jdbc.sql(SELECT_ONE).param("id", id).param("workspace", workspaceId).param("project", projectId)
                .query(AlertRules::rule).optional();
    }

    /** The project's rules, by name. */
    public List<AlertRule> list(UUID projectId) {
        return jdbc.sql(SELECT_PROJECT).param("project", projectId).query(AlertRules::rule).list();
    }

    /** Every enabled rule of every project: what is evaluated. */
    public List<AlertRule> listEnabled() {
        return jdbc.sql(SELECT_ENABLED).query(AlertRules::rule).list();
    }

    /** The rule with this id, whichever project's: for evaluations, which name it by its check's source. */
    public Optional<AlertRule> byId(UUID id) {
        return jdbc.sql(SELECT_BY_ID).param("id", id).query(AlertRules::rule).optional();
    }

    private JdbcClient.StatementSpec write(String statement, UUID id, UUID workspaceId, UUID projectId,
            RuleDraft draft) {
        return jdbc.sql(statement)
                .param("id", id)
                .param("workspace", workspaceId)
                .param("project", projectId)
                .param("name", draft.name())
                .param("query", JSON.writeValueAsString(RuleJson.json(draft.query())))
                .param("condition", JSON.writeValueAsString(RuleJson.json(draft.condition())))
                .param("window", (int) draft.window().toSeconds())
                .param("interval", (int) draft.interval().toSeconds())
                .param("severity", draft.severity().wireName())
                .param("labels", JSON.writeValueAsString(RuleJson.object(draft.labels())))
                .param("channels", draft.channelIds().stream().map(UUID::toString)
                        .collect(Collectors.joining(",", "{", "}")))
                .param("investigate", draft.investigate())
                .param("enabled", draft.enabled())
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private static int execute(JdbcClient.StatementSpec statement, RuleDraft draft) {
        try {
            return statement.update();
        } catch (DuplicateKeyException e) {
            throw new InvalidRuleException("a rule named '" + draft.name() + "' exists in this project already; "
                    + "a rule's name is its alerts' name, so choose another");
        }
    }

    private void requireChannels(UUID workspaceId, RuleDraft draft) {
        if (draft.channelIds().isEmpty()) {
            return;
        }
        Set<UUID> known = channels.inWorkspace(workspaceId).stream().map(NotificationChannel::id)
                .collect(Collectors.toSet());
        for (UUID channel : draft.channelIds()) {
            if (!known.contains(channel)) {
                throw new InvalidRuleException("channel " + channel + " is not a notification channel of this workspace");
            }
        }
    }

    private static AlertRule rule(ResultSet rs, int row) throws SQLException {
        Array channels = rs.getArray("channel_ids");
        List<UUID> channelIds = Arrays.stream((Object[]) channels.getArray()).map(o -> (UUID) o).toList();
        return new AlertRule(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getString("name"), RuleJson.query(json(rs, "query")),
                RuleJson.condition(json(rs, "condition")), Duration.ofSeconds(rs.getInt("window_seconds")),
                Duration.ofSeconds(rs.getInt("interval_seconds")), Severity.parse(rs.getString("severity")),
                RuleJson.labels(json(rs, "labels")), channelIds, rs.getBoolean("investigate"), rs.getBoolean("enabled"),
                rs.getString("created_by"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static JsonNode json(ResultSet rs, String column) throws SQLException {
        return JSON.readTree(rs.getString(column));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
