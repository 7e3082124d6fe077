package dev.tracehound.platform.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * A place a workspace's notifications go. {@code target} is a URL (webhook, Slack) or an email address;
 * {@code secret} signs webhook bodies. {@code failingSince} is set while the channel keeps failing.
 */
public record NotificationChannel(
        UUID id, UUID workspaceId, ChannelKind kind, String name, String target, String secret, boolean enabled,
        Instant failingSince) {

    public boolean failing() {
        return failingSince != null;
    }

    @Override
    public String toString() {
        return "NotificationChannel[" + id + ", " + kind.wireName() + ", " + name + "]";
    }
}
