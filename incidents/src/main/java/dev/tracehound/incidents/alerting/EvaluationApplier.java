package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.alerting.AlertStateMachine.Step;
import dev.tracehound.incidents.alerting.IncidentRows.Opened;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies one evaluation of a check to its series' states, their incidents, the timeline and the
 * notification outbox, inside the caller's transaction. Holds the project's lock for the rest of that
 * transaction, so two instances evaluating two checks of one project meet the same open incident.
 */
final class EvaluationApplier {

    private static final int TITLE_LIMIT = 300;

    /**
     * @param investigate whether an incident was marked for investigation (asked for after the commit)
     */
    record Outcome(int opened, int resolved, boolean investigate) {}

    private final AlertStateMachine machine;
    private final AlertRows alerts;
    private final IncidentRows incidents;
    private final EventRows events;
    private final Silences silences;
    private final IncidentNotifier notifier;

    EvaluationApplier(AlertStateMachine machine, AlertRows alerts, IncidentRows incidents, EventRows events,
            Silences silences, IncidentNotifier notifier) {
        this.machine = machine;
        this.alerts = alerts;
        this.incidents = incidents;
        this.events = events;
        this.silences = silences;
        this.notifier = notifier;
    }

    Outcome apply(Check check, List<Observation> observations, Instant now) {
        incidents.lockProject(check.projectId());
        Run run = new Run(check, now);
        Map<StoredAlert.Id, StoredAlert> known = alerts.ofCheck(check.projectId(), check.source());
        Map<StoredAlert.Id, Observation> seen = new LinkedHashMap<>();
        observations.forEach(o -> seen.put(new StoredAlert.Id(o.source(), o.seriesKey()), o));
        seen.forEach((id, observation) -> {
            StoredAlert stored = known.get(id);
            step(run, stored != null ? stored
                    : StoredAlert.first(check.workspaceId(), check.projectId(), check.source(), observation, now),
                    observation);
        });
        // A pending or firing series the evaluation did not mention had no data this time.
        known.values().stream().filter(a -> !seen.containsKey(a.id()) && a.series().status().active())
                .forEach(a -> step(run, a, null));
        return new Outcome(run.opened, run.resolved, run.investigate);
    }

    private void step(Run run, StoredAlert stored, Observation seen) {
        Verdict verdict = seen == null ? Verdict.NO_DATA : seen.verdict();
        Step step = machine.next(stored.series(), verdict, run.now);
        if (step.transition() == AlertStateMachine.Transition.NONE && !stored.series().status().active()) {
            return; // quiet before and after: nothing worth a write
        }
        StoredAlert next = stored.evaluated(step.series(), seen, run.now);
        switch (step.transition()) {
            case FIRED -> next = fire(run, next);
            case RESOLVED -> next = resolve(run, next, "healthy");
            case RESOLVED_NO_DATA -> next = resolve(run, next, "no-data");
            case CLEARED -> next = next.inIncident(null, null);
            case PENDING, NONE -> {
                if (next.series().status() == AlertStateMachine.Status.FIRING && next.incidentId() != null) {
                    next = stillFiring(run, next, verdict);
                }
            }
        }
        alerts.save(next);
    }

    private StoredAlert fire(Run run, StoredAlert alert) {
        Check check = run.check;
        Opened opened = incidents.openIn(check.workspaceId(), check.projectId(), alert.service(), check.labels(),
                title(alert), alert.severity(), check.channelIds(), run.now);
        IncidentRow incident = opened.incident();
        if (opened.created()) {
            run.opened++;
        } else if (alert.severity().compareTo(incident.severity()) > 0) {
            incidents.raiseSeverity(incident.id(), alert.severity());
        }
        Optional<Silence> silence = run.silenceFor(alert);
        StoredAlert firing = alert.inIncident(incident.id(), silence.map(Silence::id).orElse(null));
        incidents.saveAlert(incident.id(), firing, run.now);
        events.append(incident.id(), run.now, "fired", EventRows.ACTOR, Json.fields(
                "source", firing.source(), "series_key", firing.seriesKey(), "check", check.name(),
                "severity", firing.severity().wireName(), "summary", firing.summary(), "value", firing.value(),
                "baseline", firing.baseline(), "labels", firing.labels()));
        if (silence.isPresent()) {
            Silence s = silence.get();
            events.append(incident.id(), run.now, "silenced", EventRows.ACTOR, Json.fields(
                    "silence_id", s.id().toString(), "created_by", s.createdBy(), "comment", s.comment(),
                    "ends_at", s.endsAt().toString(), "source", firing.source(), "series_key", firing.seriesKey()));
        } else {
            admit(run, incident, firing);
        }
        return firing;
    }

    /** An unsilenced firing: the incident's first one notifies, and one severe enough marks it for investigation. */
    private void admit(Run run, IncidentRow incident, StoredAlert alert) {
        Check check = run.check;
        if (!incident.notified() && incidents.markNotified(incident.id(), check.channelIds(), run.now)) {
            notifier.firing(incident, alert, check.name(), check.channelIds(), run.now);
        }
        boolean severeEnough = check.investigateFrom().map(alert.severity()::atLeast).orElse(false);
        if (severeEnough && incidents.markInvestigate(incident.id())) {
            run.investigate = true;
        }
    }

    /** A series that keeps firing: its incident shows its latest values, its worst severity, and its silence. */
    private StoredAlert stillFiring(Run run, StoredAlert alert, Verdict verdict) {
        Optional<IncidentRow> found = incidents.find(alert.incidentId()).filter(i -> "open".equals(i.status()));
        if (found.isEmpty()) {
            return alert;
        }
        IncidentRow incident = found.get();
        if (verdict == Verdict.BREACHING && alert.severity().compareTo(incident.severity()) > 0) {
            incidents.raiseSeverity(incident.id(), alert.severity());
        }
        StoredAlert next = alert;
        if (alert.silencedBy() != null) {
            Optional<Silence> silence = run.silenceFor(alert);
            next = alert.inIncident(incident.id(), silence.map(Silence::id).orElse(null));
            if (silence.isEmpty()) {
                events.append(incident.id(), run.now, "unsilenced", EventRows.ACTOR, Json.fields(
                        "silence_id", alert.silencedBy().toString(), "source", alert.source(),
                        "series_key", alert.seriesKey()));
                admit(run, incident, next);
            }
        }
        incidents.refreshAlert(incident.id(), next);
        return next;
    }

    private StoredAlert resolve(Run run, StoredAlert alert, String reason) {
        StoredAlert resolved = alert.inIncident(alert.incidentId(), null);
        UUID incidentId = alert.incidentId();
        if (incidentId == null) {
            return resolved;
        }
        incidents.resolveAlert(incidentId, resolved, run.now);
        events.append(incidentId, run.now, "alert-resolved", EventRows.ACTOR, Json.fields(
                "source", alert.source(), "series_key", alert.seriesKey(), "reason", reason,
                "summary", alert.summary(), "value", alert.value()));
        if (incidents.firingAlerts(incidentId) == 0 && incidents.resolve(incidentId, run.now)) {
            run.resolved++;
            IncidentRow incident = incidents.find(incidentId).orElseThrow();
            events.append(incidentId, run.now, "resolved", EventRows.ACTOR, Json.fields(
                    "open_seconds", Duration.between(incident.openedAt(), run.now).toSeconds()));
            if (incident.notified()) {
                notifier.resolved(incident, run.now);
            }
        }
        return resolved;
    }

    /**
     * The first alert's summary up to its details in parentheses, after its service: "checkout: p99
     * latency 2310 ms against a typical 180 ms".
     */
    static String title(StoredAlert alert) {
        String service = alert.service();
        String summary = alert.summary().strip();
        int details = summary.indexOf(" (");
        if (details > 0) {
            summary = summary.substring(0, details);
        }
        if (summary.isEmpty()) {
            summary = alert.source() + " " + alert.seriesKey();
        }
        String title = service.isBlank() || summary.startsWith(service + ":") ? summary : service + ": " + summary;
        return title.length() <= TITLE_LIMIT ? title : title.substring(0, TITLE_LIMIT - 1) + "…";
    }

    /** One application's moment, counters, and the workspace's silences in effect (read once, when needed). */
    private final class Run {
        final Check check;
        final Instant now;
        int opened;
        int resolved;
        boolean investigate;
        private List<Silence> inEffect;

        Run(Check check, Instant now) {
            this.check = check;
            this.now = now;
        }

        Optional<Silence> silenceFor(StoredAlert alert) {
            Map<String, String> labels = alert.silenceLabels();
            if (inEffect == null) {
                inEffect = silences.inEffect(check.workspaceId(), now);
            }
            return inEffect.stream().filter(s -> s.matches(labels)).findFirst();
        }
    }
}
