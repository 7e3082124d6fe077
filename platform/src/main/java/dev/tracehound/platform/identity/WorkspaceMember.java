package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.UUID;

/** A member as a workspace's member list shows them: who they are, their role, since when. */
public record WorkspaceMember(UUID userId, String email, String name, Role role, Instant since) {}
