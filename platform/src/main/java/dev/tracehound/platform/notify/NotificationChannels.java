package dev.tracehound.platform.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A workspace's notification channels in PostgreSQL. */
public final class NotificationChannels {

    private static final String COLUMNS = "id, workspace_id, kind, name, target, secret, enabled, failing_since";

    private final JdbcClient jdbc;

    public NotificationChannels(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A new enabled channel; a webhook needs a secret to sign with.
     *
     * @throws IllegalArgumentException saying what is wrong with the name, the target or the secret
     */
    public NotificationChannel create(UUID workspaceId, ChannelKind kind, String name, String target, String secret) {
        if (kind == ChannelKind.WEBHOOK && (secret == null || secret.isBlank())) {
            throw new IllegalArgumentException("a webhook channel needs a signing secret");
        }
        name = ChannelTargets.checkedName(name);
        target = ChannelTargets.checked(kind, target);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO notification_channels (id, workspace_id, kind, name, target, secret)
                VALUES (:id, :workspace, :kind, :name, :target, :secret)""")
                .param("id", id).param("workspace", workspaceId).param("kind", kind.wireName())
                .param("name", name).param("target", target).param("secret", secret)
                .update();
        return new NotificationChannel(id, workspaceId, kind, name, target, secret, true, null);
    }

    /** Makes the channel unless the workspace has one of that name already; true if it made it. */
    public boolean ensure(UUID workspaceId, ChannelKind kind, String name, String target, String secret) {
        if (inWorkspace(workspaceId).stream().anyMatch(channel -> channel.name().equals(name))) {
            return false;
        }
        create(workspaceId, kind, name, target, secret);
        return true;
    }

    public Optional<NotificationChannel> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification_channels WHERE id = :id")
                .param("id", id).query(NotificationChannels::row).optional();
    }

    public List<NotificationChannel> inWorkspace(UUID workspaceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification_channels WHERE workspace_id = :workspace ORDER BY name")
                .param("workspace", workspaceId).query(NotificationChannels::row).list();
    }

    /** The channel of this workspace, renamed, pointed elsewhere and switched on or off; empty if none. */
    public Optional<NotificationChannel> update(UUID workspaceId, UUID id, String name, String target, boolean enabled) {
        Optional<NotificationChannel> found = find(id).filter(channel -> channel.workspaceId().equals(workspaceId));
        if (found.isEmpty()) {
            return found;
        }
        String checkedName = ChannelTargets.checkedName(name);
        String checkedTarget = ChannelTargets.checked(found.get().kind(), target);
        jdbc.sql("UPDATE notification_channels SET name = :name, target = :target, enabled = :enabled WHERE id = :id")
                .param("name", checkedName).param("target", checkedTarget).param("enabled", enabled).param("id", id)
                .update();
        return find(id);
    }

    /** Removes the channel of this workspace with its undelivered rows; false if there was none. */
    public boolean delete(UUID workspaceId, UUID id) {
        return jdbc.sql("DELETE FROM notification_channels WHERE id = :id AND workspace_id = :workspace")
                .param("id", id).param("workspace", workspaceId).update() == 1;
    }

    public void setEnabled(UUID id, boolean enabled) {
        jdbc.sql("UPDATE notification_channels SET enabled = :enabled WHERE id = :id")
                .param("enabled", enabled).param("id", id).update();
    }

    static NotificationChannel row(ResultSet rs, int rowNum) throws SQLException {
        Timestamp failingSince = rs.getTimestamp("failing_since");
        return new NotificationChannel(
                rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                ChannelKind.fromWireName(rs.getString("kind")), rs.getString("name"), rs.getString("target"),
                rs.getString("secret"), rs.getBoolean("enabled"),
                failingSince == null ? null : failingSince.toInstant());
    }
}
