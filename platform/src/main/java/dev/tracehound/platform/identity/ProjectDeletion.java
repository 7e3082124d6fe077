package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A project deletion job and its progress. {@code stepsDone} names the steps finished so far,
 * in order (the app's ClickHouse steps, then {@code postgresql}); {@code attempt} counts the
 * claims, so a runner whose claim was taken over can tell. {@code requestedBy} is the user who
 * asked, or null when it was not a user.
 */
public record ProjectDeletion(UUID id, UUID workspaceId, UUID projectId, String projectSlug, String projectName,
        UUID requestedBy, State state, List<String> stepsDone, String error, int attempt, Instant requestedAt,
        Instant startedAt, Instant finishedAt) {

    public enum State { QUEUED, RUNNING, DONE, FAILED }

    public ProjectDeletion {
        stepsDone = List.copyOf(stepsDone);
    }
}
