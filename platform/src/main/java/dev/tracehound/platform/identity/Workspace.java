package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A workspace's settings: who it is, its name, and the email domains whose people join it at sign-in. */
public record Workspace(UUID id, String slug, String name, List<String> allowedEmailDomains, Instant createdAt) {

    public Workspace {
        allowedEmailDomains = List.copyOf(allowedEmailDomains);
    }
}
