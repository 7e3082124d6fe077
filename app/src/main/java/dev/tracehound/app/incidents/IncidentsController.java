package dev.tracehound.app.incidents;

import static dev.tracehound.app.admin.AdminRequests.notFound;
import static dev.tracehound.app.admin.AdminRequests.personId;
import static dev.tracehound.app.admin.AdminRequests.uuid;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.incidents.alerting.CurrentAlert;
import dev.tracehound.incidents.alerting.IncidentAlert;
import dev.tracehound.incidents.alerting.IncidentSummary;
import dev.tracehound.incidents.alerting.Incidents;
import dev.tracehound.incidents.alerting.TimelineEvent;
import dev.tracehound.incidents.investigate.IncidentInvestigation;
import dev.tracehound.incidents.investigate.IncidentReport;
import dev.tracehound.incidents.investigate.Investigations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A project's incidents: what fired, grouped; each with its timeline and its investigations' reports;
 * and the alerts pending or firing now. A person may ask for the investigation again.
 */
@RestController
final class IncidentsController {

    private static final String INCIDENTS = "/api/v1/projects/{project}/incidents";

    private final Incidents incidents;
    private final Investigations investigations;
    private final Blocking blocking;

    IncidentsController(Incidents incidents, Investigations investigations, Blocking blocking) {
        this.incidents = incidents;
        this.investigations = investigations;
        this.blocking = blocking;
    }

    record InvestigationView(UUID id, String status, String requestedBy, Instant requestedAt, Instant startedAt,
            Instant finishedAt, UUID sessionId, String error, ReportView report) {}

    record ReportView(String summary, String suspectedCause, String confidence, String notDetermined,
            List<String> traceIds, List<IncidentReport.Query> queries, UUID sessionId, String markdown) {}

    record IncidentView(UUID id, String title, String service, Map<String, String> groupLabels, String severity,
            String status, Instant openedAt, Instant resolvedAt, int firingAlerts, boolean notified,
            InvestigationView investigation) {}

    record AlertView(String source, String seriesKey, Map<String, String> labels, String severity, Double value,
            Double baseline, long volume, String summary, Instant firedAt, Instant resolvedAt, UUID silencedBy) {}

    /** @param silenced whether every alert of the incident is silenced (so nobody was told) */
    record IncidentDetailView(IncidentView incident, boolean silenced, List<AlertView> alerts, List<TimelineEvent> timeline,
            List<InvestigationView> investigations) {}

    record CurrentAlertView(String source, String seriesKey, Map<String, String> labels, String state, String severity,
            Double value, Double baseline, String summary, Instant since, Instant lastEvaluatedAt, UUID incidentId) {}

    @Operation(summary = "The project's incidents, newest first: status open (default), resolved or all; limit 1 to 500 (50)")
    @GetMapping(INCIDENTS)
    Mono<List<IncidentView>> list(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @RequestParam(name = "status", defaultValue = "open") String status,
            @RequestParam(name = "limit", defaultValue = "50") int limit) {
        return blocking.call(() -> {
            Incidents.Status which = Incidents.Status.parse(status);
            if (limit < 1 || limit > Incidents.MAX_LIMIT) {
                throw new IllegalArgumentException("'limit' is 1 to " + Incidents.MAX_LIMIT + ", was " + limit);
            }
            return incidents.list(access.projectId(), which, limit).stream()
                    .map(incident -> view(incident, latest(incident.id()))).toList();
        });
    }

    @Operation(summary = "One incident: its alerts, its timeline (fired, silenced, investigated, notified, approved, resolved) and its investigations with their reports")
    @GetMapping(INCIDENTS + "/{incident}")
    Mono<IncidentDetailView> detail(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project,
            @PathVariable("incident") String incident) {
        return blocking.call(() -> {
            UUID id = uuid("incident", incident);
            var detail = incidents.detail(access.projectId(), id)
                    .orElseThrow(() -> notFound("no incident '" + incident + "' in this project"));
            List<InvestigationView> runs = investigations.ofIncident(id).stream().map(IncidentsController::view).toList();
            boolean silenced = !detail.alerts().isEmpty()
                    && detail.alerts().stream().allMatch(alert -> alert.silencedBy() != null);
            return new IncidentDetailView(view(detail.incident(), runs.stream().findFirst()), silenced,
                    detail.alerts().stream().map(IncidentsController::view).toList(), detail.timeline(), runs);
        });
    }

    @Operation(summary = "Investigate the incident again (a new agent session); while one is queued or running, that one")
    @PostMapping(INCIDENTS + "/{incident}/investigations")
    Mono<ResponseEntity<InvestigationView>> rerun(@Parameter(hidden = true) Authorized access,
            @PathVariable("project") String project, @PathVariable("incident") String incident) {
        return blocking.call(() -> {
            UUID id = uuid("incident", incident);
            var context = incidents.context(access.projectId(), id)
                    .orElseThrow(() -> notFound("no incident '" + incident + "' in this project"));
            UUID investigation = investigations.rerun(context, personId(access).toString());
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(investigations.get(investigation).map(IncidentsController::view).orElseThrow());
        });
    }

    @Operation(summary = "The project's alerts pending or firing now, from rules, SLOs and the anomaly detectors")
    @GetMapping("/api/v1/projects/{project}/alerts")
    Mono<List<CurrentAlertView>> alerts(@Parameter(hidden = true) Authorized access, @PathVariable("project") String project) {
        return blocking.call(() -> incidents.alerts(access.projectId()).stream().map(IncidentsController::view).toList());
    }

    private Optional<InvestigationView> latest(UUID incidentId) {
        return investigations.ofIncident(incidentId).stream().findFirst().map(IncidentsController::view);
    }

    private static IncidentView view(IncidentSummary incident, Optional<InvestigationView> investigation) {
        return new IncidentView(incident.id(), incident.title(), incident.service(), incident.groupLabels(),
                incident.severity().wireName(), incident.status(), incident.openedAt(), incident.resolvedAt(),
                incident.firingAlerts(), incident.notified(), investigation.orElse(null));
    }

    private static AlertView view(IncidentAlert alert) {
        return new AlertView(alert.source(), alert.seriesKey(), alert.labels(), alert.severity().wireName(), alert.value(),
                alert.baseline(), alert.volume(), alert.summary(), alert.firedAt(), alert.resolvedAt(), alert.silencedBy());
    }

    private static CurrentAlertView view(CurrentAlert alert) {
        return new CurrentAlertView(alert.source(), alert.seriesKey(), alert.labels(), alert.state(),
                alert.severity().wireName(), alert.value(), alert.baseline(), alert.summary(), alert.since(),
                alert.lastEvaluatedAt(), alert.incidentId());
    }

    private static InvestigationView view(IncidentInvestigation run) {
        ReportView report = run.report().map(r -> new ReportView(r.summary(), r.suspectedCause(), r.confidence().wireName(),
                r.notDetermined(), r.evidence().traceIds(), r.evidence().queries(), r.sessionId(), r.answer())).orElse(null);
        return new InvestigationView(run.id(), run.status().wireName(), run.requestedBy(), run.requestedAt(),
                run.startedAt().orElse(null), run.finishedAt().orElse(null), run.sessionId().orElse(null),
                run.error().orElse(null), report);
    }
}
