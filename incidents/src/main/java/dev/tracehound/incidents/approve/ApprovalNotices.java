package dev.tracehound.incidents.approve;

import dev.tracehound.platform.notify.Notification;
import dev.tracehound.platform.notify.NotificationChannel;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What people and the session are told about a request: the approval-request notifications to every
 * enabled channel of the workspace (queued in the caller's transaction, once per event), and the
 * message that tells the session how its proposal ended.
 */
final class ApprovalNotices {

    private final NotificationOutbox outbox;
    private final NotificationChannels channels;
    private final Function<ApprovalRequest, String> links;

    ApprovalNotices(NotificationOutbox outbox, NotificationChannels channels, Function<ApprovalRequest, String> links) {
        this.outbox = outbox;
        this.channels = channels;
        this.links = links;
    }

    void requested(ApprovalRequest request, WorkspaceAction action) {
        String text = "The agent proposes " + action.name() + ": " + action.description() + "\nWhy: " + request.reason()
                + "\nInput: " + request.input() + "\n" + whoAndUntil(request);
        send(request, "Approve " + action.name() + "? (" + request.tier().wireName() + ")", text,
                "approval-" + request.id() + "/requested");
    }

    void escalated(ApprovalRequest request, RiskTier from) {
        String text = "Nobody answered the " + from.wireName() + " request for " + request.action() + " in time; it goes to "
                + "the " + request.tier().wireName() + " tier's approvers.\nWhy the agent proposes it: " + request.reason()
                + "\nInput: " + request.input() + "\n" + whoAndUntil(request);
        send(request, "Approve " + request.action() + "? (escalated to " + request.tier().wireName() + ")", text,
                "approval-" + request.id() + "/escalated-" + request.tier().wireName());
    }

    private static String whoAndUntil(ApprovalRequest request) {
        return "Who may approve: " + request.approvers() + ", until " + request.deadline() + ".";
    }

    private void send(ApprovalRequest request, String title, String text, String key) {
        List<UUID> enabled = channels.inWorkspace(request.workspaceId()).stream().filter(NotificationChannel::enabled)
                .map(NotificationChannel::id).toList();
        if (enabled.isEmpty()) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("action", request.action());
        labels.put("tier", request.tier().wireName());
        labels.put("approval", request.id().toString());
        request.incidentId().ifPresent(incident -> labels.put("incident", incident.toString()));
        outbox.enqueue(new Notification(request.workspaceId(), Notification.Kind.APPROVAL_REQUEST, title, text,
                links.apply(request), labels, key), enabled);
    }

    /** How the proposal ended, for the session that made it; it reads as a note from the service, not a person. */
    static String outcome(ApprovalRequest request) {
        String head = "[Tracehound] The action " + request.action() + " you proposed (approval request " + request.id()
                + ", tier " + request.tier().wireName() + ") ";
        return switch (request.status()) {
            case EXECUTED, FAILED -> head + ran(request);
            case DENIED -> head + "was denied by " + request.votes().stream().filter(vote -> !vote.approve())
                    .map(vote -> vote.userId() + " (" + vote.role().name().toLowerCase(Locale.ROOT) + ")")
                    .collect(Collectors.joining(", ")) + ". It did not run. Do not propose it again unless something "
                    + "new speaks for it; go on without it.";
            case EXPIRED -> head + "got no answer before its last deadline (" + request.deadline() + ") and expired. "
                    + "It did not run.";
            default -> head + "is " + request.status().wireName() + ".";
        };
    }

    private static String ran(ApprovalRequest request) {
        ApprovalRequest.Result result = request.result().orElseThrow();
        String approved = request.approvedBy().isEmpty() ? "approved as proposed (tier info)"
                : "approved by " + request.approvedBy().stream().map(UUID::toString).collect(Collectors.joining(", "));
        String answer = result.statusCode() == 0 ? "" : " The webhook answered HTTP " + result.statusCode()
                + (result.body().isEmpty() ? " with no body." : ": " + result.body());
        return result.succeeded()
                ? "was " + approved + " and ran." + answer
                : "was " + approved + " but failed: " + result.error() + "." + answer;
    }
}
