package dev.tracehound.incidents.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * While in effect ({@code startsAt ≤ now < endsAt}), an alert whose labels all its matchers match still fires
 * and is shown, but notifies nobody and starts no investigation.
 *
 * @param expiredBy who ended it early, or null
 */
public record Silence(UUID id, UUID workspaceId, List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt,
        String createdBy, String comment, Instant createdAt, String expiredBy) {

    public Silence {
        matchers = List.copyOf(matchers);
    }

    public boolean inEffectAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    /** {@code pending} (starts later), {@code active} or {@code expired} at {@code at}. */
    public String statusAt(Instant at) {
        return at.isBefore(startsAt) ? "pending" : at.isBefore(endsAt) ? "active" : "expired";
    }

    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }
}
