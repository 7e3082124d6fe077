package dev.tracehound.incidents.approve;

import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.incidents.approve.ApprovalException.Reason;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.AuditAction;
import dev.tracehound.platform.identity.AuditLog;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way an action runs. In one transaction that holds the request's row lock it reads the
 * request and its votes from the database, checks that its tier's rule is met by them (or that the
 * tier is info), and marks it executing; only then is the webhook called, outside any
 * transaction, and its answer stored. A request that is not approved, whose votes do not meet
 * its tier, or that ran (or is running) already, is refused: nothing the model asks, and no second
 * call, runs it. A crash during the call leaves it executing: an action is sent at most once.
 */
final class ActionExecution {

    private static final Logger log = LoggerFactory.getLogger(ActionExecution.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApprovalRows rows;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final ActionWebhook webhook;
    private final SessionReplies replies;
    private final IncidentNotes notes;
    private final Clock clock;

    ActionExecution(ApprovalRows rows, TransactionTemplate transactions, AuditLog audit, ActionWebhook webhook,
            SessionReplies replies, IncidentNotes notes, Clock clock) {
        this.rows = rows;
        this.transactions = transactions;
        this.audit = audit;
        this.webhook = webhook;
        this.replies = replies;
        this.notes = notes;
        this.clock = clock;
    }

    /** What the webhook is sent, once the request is claimed; empty when it failed without a call. */
    private record Call(String url, String secret, String body) {}

    /**
     * Runs the approved request's action and stores what its webhook answered.
     *
     * @param toldByTool whether the caller gives the result to the session itself (the tool, for tier info)
     * @throws ApprovalException {@code CONFLICT}: not approved, its approvals incomplete, or run already
     * @throws InterruptedException the thread was interrupted waiting for the webhook's answer; the
     *                              request is stored as failed, as the receiver may or may not have acted
     */
    ApprovalRequest execute(UUID requestId, boolean toldByTool) throws InterruptedException {
        Optional<Call> call = transactions.execute(status -> claim(requestId, toldByTool));
        if (call != null && call.isPresent()) {
            ActionWebhook.Answer answer;
            try {
                answer = webhook.post(call.get().url(), call.get().secret(), "approval-" + requestId, call.get().body());
            } catch (InterruptedException e) {
                // Cleared while storing: the PostgreSQL driver drops a connection used by an interrupted thread.
                Thread.interrupted();
                finish(requestId, new ActionWebhook.Answer(0, "", "stopped while waiting for the receiver's answer; "
                        + "it may or may not have acted"), toldByTool);
                Thread.currentThread().interrupt();
                throw e;
            }
            finish(requestId, answer, toldByTool);
        }
        if (!toldByTool) {
            tell(requestId);
        }
        return rows.find(requestId).orElseThrow();
    }

    private Optional<Call> claim(UUID requestId, boolean toldByTool) {
        ApprovalRequest request = rows.lock(requestId)
                .orElseThrow(() -> new ApprovalException(Reason.NOT_FOUND, "there is no approval request " + requestId));
        switch (request.status()) {
            case APPROVED -> { }
            case EXECUTING, EXECUTED, FAILED -> throw new ApprovalException(Reason.CONFLICT, "the action "
                    + request.action() + " of request " + requestId + " ran already (" + request.status().wireName()
                    + "); it is never run twice");
            default -> throw new ApprovalException(Reason.CONFLICT, "the action " + request.action() + " of request "
                    + requestId + " is " + request.status().wireName() + ", not approved; it runs only once "
                    + request.approvers() + " approved it");
        }
        if (!request.tier().approvedBy(ApprovalRows.approvals(request.votes()))) {
            log.warn("approval request {} is marked approved without the approvals of tier {}; not running it",
                    requestId, request.tier().wireName());
            throw new ApprovalException(Reason.CONFLICT, "the action " + request.action() + " of request " + requestId
                    + " lacks the approvals of its tier (" + request.tier().wireName() + ": " + request.approvers()
                    + "); it does not run");
        }
        ApprovalRows.Webhook target = rows.webhook(request.actionId());
        if (target.deleted() || !target.enabled()) {
            var answer = new ActionWebhook.Answer(0, "", "the action " + request.action() + " was "
                    + (target.deleted() ? "deleted from" : "disabled in") + " the catalogue after it was proposed; "
                    + "it did not run");
            store(request, answer, toldByTool);
            return Optional.empty();
        }
        rows.startExecution(requestId, clock.instant());
        return Optional.of(new Call(target.url(), target.secret(), body(request)));
    }

    private void finish(UUID requestId, ActionWebhook.Answer answer, boolean toldByTool) {
        transactions.executeWithoutResult(status -> store(rows.lock(requestId).orElseThrow(), answer, toldByTool));
    }

    private void store(ApprovalRequest request, ActionWebhook.Answer answer, boolean toldByTool) {
        boolean ok = answer.succeeded() && answer.error().isEmpty();
        rows.finishExecution(request.id(), ok ? ApprovalStatus.EXECUTED : ApprovalStatus.FAILED, answer, toldByTool,
                clock.instant());
        audit.append(request.workspaceId(), Actor.system(), ok ? AuditAction.ACTION_EXECUTED : AuditAction.ACTION_FAILED,
                "approval_request", request.id(), summary("action", request.action(), "tier", request.tier().wireName(),
                        "status_code", answer.status() == 0 ? null : answer.status(),
                        "error", answer.error().isEmpty() ? null : answer.error(),
                        "approved_by", request.approvedBy().stream().map(UUID::toString).toList()));
        notes.of(request, ok ? "executed" : "failed", "tracehound");
    }

    /** The signed body: {id, action, input, reason, workspace, incident, approved_by, tier}. */
    private static String body(ApprovalRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", request.id().toString());
        body.put("action", request.action());
        body.set("input", JSON.readTree(request.input()));
        body.put("reason", request.reason());
        body.put("workspace", request.workspaceId().toString());
        body.put("incident", request.incidentId().map(UUID::toString).orElse(null));
        var approvedBy = body.putArray("approved_by");
        request.approvedBy().forEach(user -> approvedBy.add(user.toString()));
        body.put("tier", request.tier().wireName());
        return JSON.writeValueAsString(body);
    }

    /**
     * Tells the request's session how it ended, unless told already or another instance is telling
     * it; a session that cannot take it now is told by a later {@link #tellUntold()}.
     */
    void tell(UUID requestId) {
        try {
            transactions.executeWithoutResult(status -> {
                if (!rows.lockUntold(requestId)) {
                    return;
                }
                ApprovalRequest request = rows.find(requestId).orElseThrow();
                if (replies.tell(request.sessionId(), ApprovalNotices.outcome(request))) {
                    rows.markTold(requestId, clock.instant());
                }
            });
        } catch (RuntimeException e) {
            log.warn("telling the session of approval request {} how it ended failed; it is tried again later", requestId,
                    e);
        }
    }

    void tellUntold() {
        rows.untold().forEach(this::tell);
    }
}
