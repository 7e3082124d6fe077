package dev.tracehound.incidents.approve;

import java.util.Map;
import java.util.UUID;

/**
 * Where a request of an investigation's session is written on its incident's timeline (proposed,
 * approved, denied, escalated, expired, executed, failed), in the transaction that changes it.
 */
@FunctionalInterface
public interface IncidentNotes {

    IncidentNotes NONE = (incidentId, kind, actor, detail) -> { };

    void note(UUID incidentId, String kind, String actor, Map<String, ?> detail);

    /** Notes {@code kind} as {@code action-<kind>} on the request's incident, if it has one. */
    default void of(ApprovalRequest request, String kind, String actor) {
        request.incidentId().ifPresent(incident -> note(incident, "action-" + kind, actor, Map.of(
                "approval_id", request.id().toString(), "action", request.action(), "tier", request.tier().wireName())));
    }
}
