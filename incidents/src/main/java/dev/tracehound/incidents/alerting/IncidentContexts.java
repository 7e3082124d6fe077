package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What an investigation is told about an incident: its firing alerts, or all of them once it resolved. */
final class IncidentContexts {

    private IncidentContexts() {}

    static Optional<IncidentContext> of(IncidentRows incidents, UUID incidentId) {
        return incidents.find(incidentId).map(incident -> of(incident, incidents.alerts(incidentId)));
    }

    static IncidentContext of(IncidentRow incident, List<IncidentAlert> alerts) {
        List<IncidentAlert> firing = alerts.stream().filter(a -> a.resolvedAt() == null).toList();
        List<Observation> told = (firing.isEmpty() ? alerts : firing).stream()
                .map(a -> new Observation(a.source(), a.seriesKey(), a.labels(),
                        a.resolvedAt() == null ? Verdict.BREACHING : Verdict.HEALTHY, a.severity(),
                        a.value() == null ? Double.NaN : a.value(), a.baseline() == null ? Double.NaN : a.baseline(),
                        a.volume(), a.summary()))
                .toList();
        return new IncidentContext(incident.id(), incident.workspaceId(), incident.projectId(), incident.title(),
                incident.service(), incident.severity(), incident.openedAt(), told);
    }
}
