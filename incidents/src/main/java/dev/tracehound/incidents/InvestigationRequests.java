package dev.tracehound.incidents;

import java.util.UUID;

/** Where an incident asks for an investigation: queued, run by one instance, within the workspace's limits. */
public interface InvestigationRequests {

    /**
     * Queues an investigation of the incident; a second request while one is queued or running is
     * the same investigation.
     *
     * @param requestedBy {@code tracehound} for one started by a firing, else the person's user id
     * @return the investigation's id
     */
    UUID request(IncidentContext incident, String requestedBy);
}
