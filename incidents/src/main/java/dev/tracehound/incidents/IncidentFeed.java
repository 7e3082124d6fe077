package dev.tracehound.incidents;

import java.util.UUID;

/** What an investigation tells its incident: written to the incident's timeline, and notified when the report is ready. */
public interface IncidentFeed {

    void investigationStarted(UUID incidentId, UUID investigationId, UUID sessionId);

    /** @param summary the report's summary, for the notification */
    void reportReady(UUID incidentId, UUID investigationId, String summary);

    void investigationFailed(UUID incidentId, UUID investigationId, String reason);
}
