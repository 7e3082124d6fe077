package dev.tracehound.platform.billing;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The plan a workspace is on and its billing status, and the plan whose limits apply now
 * ({@code inEffect}): the chosen plan while it is active, or past due until {@code graceUntil};
 * the catalogue's default plan once it is canceled or the grace is over. {@code changedAt} is
 * empty for a workspace that never chose a plan.
 */
public record WorkspacePlan(UUID workspaceId, Plan plan, Status status, Optional<Instant> changedAt,
        Optional<Instant> graceUntil, Plan inEffect) {

    /** Billing's word on the plan; Stripe's subscription states map onto these. */
    public enum Status {
        ACTIVE, PAST_DUE, CANCELED;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromColumn(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    public WorkspacePlan {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(graceUntil, "graceUntil");
        Objects.requireNonNull(inEffect, "inEffect");
    }

    static Plan inEffect(Plan chosen, Status status, Optional<Instant> graceUntil, Plan fallback, Instant now) {
        return switch (status) {
            case ACTIVE -> chosen;
            case PAST_DUE -> graceUntil.filter(now::isBefore).isPresent() ? chosen : fallback;
            case CANCELED -> fallback;
        };
    }
}
