package dev.tracehound.incidents.investigate;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One investigation of an incident, as the incident's page shows it.
 *
 * @param requestedBy {@code tracehound} for one a firing started, else the person's user id
 * @param startedAt   when an instance first took it up; empty while queued, and for one refused
 *                    before it started (the plan's investigations used up)
 * @param sessionId   the agent session of its latest run, which people continue in chat
 * @param error       why it failed, for people
 * @param report      what it found, once done
 */
public record IncidentInvestigation(UUID id, UUID incidentId, UUID workspaceId, UUID projectId, Status status,
        String requestedBy, Instant requestedAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
        Optional<UUID> sessionId, Optional<String> error, Optional<IncidentReport> report) {

    /** Queued until an instance claims it, running, then done (with a report) or failed (with an error). */
    public enum Status {
        QUEUED, RUNNING, DONE, FAILED;

        /** Its name in the API and in PostgreSQL: lower case. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status ofColumn(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    public IncidentInvestigation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(report, "report");
    }
}
