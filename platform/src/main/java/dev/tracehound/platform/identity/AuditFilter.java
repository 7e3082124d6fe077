package dev.tracehound.platform.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Which audit rows of a workspace to read: each part left null matches every row. Time is the
 * half-open range [{@code from}, {@code to}). Start with {@link #of} and narrow it.
 */
public record AuditFilter(UUID workspace, Actor.Kind actorKind, UUID actorId, AuditAction action, String targetKind,
        String targetId, Instant from, Instant to) {

    /**
     * @throws IllegalArgumentException {@code from} is not before {@code to}
     */
    public AuditFilter {
        Objects.requireNonNull(workspace, "workspace");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("an audit time range must start before it ends; was from " + from
                    + " to " + to);
        }
    }

    /** Every row of the workspace. */
    public static AuditFilter of(UUID workspace) {
        return new AuditFilter(workspace, null, null, null, null, null, null, null);
    }

    /** Rows by this actor: a kind (user, API key, system), and an id unless null. */
    public AuditFilter byActor(Actor.Kind kind, UUID id) {
        return new AuditFilter(workspace, kind, id, action, targetKind, targetId, from, to);
    }

    public AuditFilter withAction(AuditAction wanted) {
        return new AuditFilter(workspace, actorKind, actorId, wanted, targetKind, targetId, from, to);
    }

    /** Rows about this target: a kind ({@code user}, {@code project}, {@code api_key}, …), and an id unless null. */
    public AuditFilter onTarget(String kind, String id) {
        return new AuditFilter(workspace, actorKind, actorId, action, kind, id, from, to);
    }

    /** Rows from {@code start} (inclusive) to {@code end} (exclusive); either may be null. */
    public AuditFilter between(Instant start, Instant end) {
        return new AuditFilter(workspace, actorKind, actorId, action, targetKind, targetId, start, end);
    }
}
