package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Words;
import dev.tracehound.platform.notify.Notification;
import dev.tracehound.platform.notify.Notification.Kind;
import dev.tracehound.platform.notify.NotificationChannel;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An incident's events as notifications in platform's outbox, each under a key naming the event
 * ({@code incident-<id>/firing}, {@code incident-<id>/resolved}, {@code incident-<id>/report-<investigation>}),
 * so a repeat, from a retry, another instance or a restart, is no second message. Called inside the
 * transaction that changes the incident, so the rows exist exactly when the change does.
 */
final class IncidentNotifier {

    private final NotificationOutbox outbox;
    private final NotificationChannels channels;
    private final EventRows events;
    private final String publicUrl;

    IncidentNotifier(NotificationOutbox outbox, NotificationChannels channels, EventRows events, String publicUrl) {
        this.outbox = outbox;
        this.channels = channels;
        this.events = events;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    String link(IncidentRow incident) {
        return publicUrl + "/w/" + incident.workspaceId() + "/p/" + incident.projectId() + "/incidents/" + incident.id();
    }

    void firing(IncidentRow incident, StoredAlert alert, String checkName, List<UUID> channelIds, Instant now) {
        String text = alert.summary() + "\nSeverity " + alert.severity().wireName() + ", from " + checkName
                + ", firing since " + Words.time(now) + ".";
        Map<String, String> labels = new LinkedHashMap<>(alert.labels());
        labels.put("severity", alert.severity().wireName());
        send(incident, Kind.FIRING, "incident-" + incident.id() + "/firing", text, labels, channelIds, now);
    }

    void resolved(IncidentRow incident, Instant now) {
        Duration open = Duration.between(incident.openedAt(), now);
        String text = "Every alert of this incident has recovered; it was open for " + human(open) + ".";
        send(incident, Kind.RESOLVED, "incident-" + incident.id() + "/resolved", text, labels(incident),
                incident.channelIds(), now);
    }

    void reportReady(IncidentRow incident, UUID investigationId, String summary, Instant now) {
        send(incident, Kind.REPORT_READY, "incident-" + incident.id() + "/report-" + investigationId,
                summary == null || summary.isBlank() ? "The investigation's report is ready." : summary,
                labels(incident), incident.channelIds(), now);
    }

    private void send(IncidentRow incident, Kind kind, String key, String text, Map<String, String> labels,
            List<UUID> channelIds, Instant now) {
        List<UUID> targets = channelIds.isEmpty()
                ? channels.inWorkspace(incident.workspaceId()).stream().filter(NotificationChannel::enabled)
                        .map(NotificationChannel::id).toList()
                : channelIds;
        int added = outbox.enqueue(new Notification(incident.workspaceId(), kind, incident.title(), text,
                link(incident), labels, key), targets);
        if (added > 0) {
            events.append(incident.id(), now, "notified", EventRows.ACTOR,
                    Json.fields("notification", kind.wireName(), "key", key, "channels",
                            targets.stream().map(UUID::toString).toList()));
        }
    }

    private static Map<String, String> labels(IncidentRow incident) {
        Map<String, String> labels = new LinkedHashMap<>(incident.groupLabels());
        if (!incident.service().isBlank()) {
            labels.put("service", incident.service());
        }
        labels.put("severity", incident.severity().wireName());
        return labels;
    }

    private static String human(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return duration.toSeconds() + " s";
        }
        return minutes < 120 ? minutes + " min" : duration.toHours() + " h " + duration.toMinutesPart() + " min";
    }
}
