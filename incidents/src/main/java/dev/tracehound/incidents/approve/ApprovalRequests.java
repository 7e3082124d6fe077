package dev.tracehound.incidents.approve;

import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.incidents.approve.ApprovalException.Reason;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.AuditAction;
import dev.tracehound.platform.identity.AuditLog;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The door to approval requests: the actions the agent proposed ({@link ProposeActionTool}), the
 * people's votes on them, escalation and expiry, and running them once approved.
 *
 * <p>Each request is decided by the rule of its current {@link RiskTier}: a person whose role may
 * vote at that tier approves or denies; one denial denies; the tier's approvals (counted over every
 * approval of the request) approve it, and it runs at once. Nobody votes twice. A request unanswered
 * by its deadline escalates to the next tier, with that tier's wait, and after the critical tier's
 * wait it expires; {@link #escalateDue} does this for the scheduler, safely on several instances at
 * once. Every change writes one audit row in its transaction; a new or escalated request is
 * notified to every enabled channel of the workspace in the same transaction. How a request ended
 * (ran, failed, denied, expired) goes back into its session through {@link SessionReplies}.
 */
public final class ApprovalRequests {

    /** An approved request nobody started running for this long was left by an instance that stopped. */
    static final Duration LEFT_AFTER = Duration.ofMinutes(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int INPUT_LIMIT = 20_000;
    private static final int REASON_LIMIT = 4_000;

    /** What the agent proposes, for which session (and incident, when the session investigates one). */
    record Proposal(UUID workspaceId, UUID projectId, UUID sessionId, Optional<UUID> incidentId, String action,
            JsonNode input, String reason) {}

    private final ActionCatalogue catalogue;
    private final ApprovalRows rows;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final IncidentNotes notes;
    private final ApprovalNotices notices;
    private final ActionExecution execution;
    private final Clock clock;

    /**
     * @param links where a person answers a request (a page of the web UI), for the notifications; may
     *              give null
     */
    public ApprovalRequests(DataSource dataSource, ActionCatalogue catalogue, NotificationOutbox outbox,
            SessionReplies replies, Function<ApprovalRequest, String> links, Clock clock) {
        this(dataSource, catalogue, outbox, replies, links, IncidentNotes.NONE, clock);
    }

    /** @param notes where requests of an incident's investigation are written on its timeline */
    public ApprovalRequests(DataSource dataSource, ActionCatalogue catalogue, NotificationOutbox outbox,
            SessionReplies replies, Function<ApprovalRequest, String> links, IncidentNotes notes, Clock clock) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.rows = new ApprovalRows(jdbc);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.audit = new AuditLog(dataSource);
        this.notices = new ApprovalNotices(outbox, new NotificationChannels(jdbc), links);
        this.notes = Objects.requireNonNull(notes, "notes");
        this.execution = new ActionExecution(rows, transactions, audit, new ActionWebhook(clock), replies, notes, clock);
        this.clock = clock;
    }

    /** The workspace's requests waiting for votes, those due first. */
    public List<ApprovalRequest> pending(UUID workspaceId) {
        return rows.pending(workspaceId);
    }

    /**
     * The workspace's requests of every status, newest first, at most {@code limit} (1 to 500).
     *
     * @throws IllegalArgumentException a limit out of range
     */
    public List<ApprovalRequest> recent(UUID workspaceId, int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500; was " + limit);
        }
        return rows.recent(workspaceId, limit);
    }

    /** The request, if it is one of the workspace's. */
    public Optional<ApprovalRequest> find(UUID workspaceId, UUID requestId) {
        return rows.find(requestId).filter(request -> request.workspaceId().equals(workspaceId));
    }

    /**
     * A person's approval. When it completes the tier's approvals the action runs before this
     * returns (its webhook waited for at most 10 s), and the request comes back executed or failed.
     *
     * @param role the person's role in the workspace now
     * @throws ApprovalException {@code NOT_FOUND}: no such request in the workspace; {@code NOT_ALLOWED}:
     *                           the role does not vote at the request's tier, or {@code who} is no person;
     *                           {@code CONFLICT}: not pending any more, or they voted on it already
     */
    public ApprovalRequest approve(UUID workspaceId, UUID requestId, Actor who, Role role) {
        ApprovalRequest voted = vote(workspaceId, requestId, who, role, true);
        if (voted.status() == ApprovalStatus.APPROVED) {
            try {
                return execution.execute(requestId, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return rows.find(requestId).orElseThrow();
            } catch (ApprovalException e) {
                // Run meanwhile by the scheduler's sweep of requests left approved: what it stored stands.
                return rows.find(requestId).orElseThrow();
            }
        }
        return voted;
    }

    /**
     * A person's denial: the request is denied and never runs.
     *
     * @throws ApprovalException as {@link #approve}
     */
    public ApprovalRequest deny(UUID workspaceId, UUID requestId, Actor who, Role role) {
        ApprovalRequest denied = vote(workspaceId, requestId, who, role, false);
        execution.tell(requestId);
        return rows.find(requestId).orElse(denied);
    }

    /**
     * For the scheduler, on every instance: escalates each pending request whose deadline is at or
     * before {@code now} to the next tier (new deadline: now plus that tier's wait), or expires it
     * after the critical tier; runs approved requests an instance that stopped left unrun; and tells
     * sessions the outcomes they were not told yet. Each request is taken by one instance
     * ({@code FOR UPDATE SKIP LOCKED}).
     *
     * @return how many requests were escalated or expired
     */
    public int escalateDue(Instant now) {
        int changed = 0;
        while (true) {
            Optional<ApprovalRequest> advanced = transactions.execute(status -> rows.claimDue(now)
                    .map(id -> advance(rows.lock(id).orElseThrow(), now)));
            if (advanced == null || advanced.isEmpty()) {
                break;
            }
            changed++;
        }
        for (UUID left : rows.leftApproved(now.minus(LEFT_AFTER))) {
            try {
                execution.execute(left, false);
            } catch (ApprovalException e) {
                // Another instance ran it, or it was refused: either way not ours to run.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return changed;
            }
        }
        execution.tellUntold();
        return changed;
    }

    /**
     * Files the proposal: a pending request notified to the workspace's channels, or, tier info,
     * one approved as proposed that runs at once and comes back executed or failed.
     *
     * @throws ApprovalException    {@code NOT_FOUND}: the workspace has no enabled action of that name
     *                              (the message lists those it has)
     * @throws InterruptedException the tool's run was stopped while an info action's webhook was called
     */
    ApprovalRequest propose(Proposal proposal) throws InterruptedException {
        String reason = proposal.reason() == null ? "" : proposal.reason().strip();
        if (reason.isEmpty() || reason.length() > REASON_LIMIT) {
            throw new IllegalArgumentException("'reason' must say in 1 to " + REASON_LIMIT
                    + " characters why the action should run; the approvers read it");
        }
        String input = JSON.writeValueAsString(proposal.input() == null ? JSON.createObjectNode() : proposal.input());
        if (input.length() > INPUT_LIMIT) {
            throw new IllegalArgumentException("'input' is " + input.length() + " characters of JSON; at most "
                    + INPUT_LIMIT + " are taken");
        }
        WorkspaceAction action = catalogue.byName(proposal.workspaceId(), proposal.action())
                .filter(WorkspaceAction::enabled)
                .orElseThrow(() -> unknownAction(proposal.workspaceId(), proposal.action()));
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        boolean auto = action.tier() == RiskTier.INFO;
        transactions.executeWithoutResult(status -> {
            rows.insert(id, action, proposal.projectId(), proposal.sessionId(), proposal.incidentId(), input, reason,
                    auto ? ApprovalStatus.APPROVED : ApprovalStatus.PENDING, now.plus(action.tier().waitFor()), now);
            ApprovalRequest request = rows.find(id).orElseThrow();
            audit.append(action.workspaceId(), Actor.system(), AuditAction.ACTION_PROPOSED, "approval_request", id,
                    summary("action", action.name(), "tier", action.tier().wireName(),
                            "session", proposal.sessionId().toString(),
                            "incident", proposal.incidentId().map(UUID::toString).orElse(null),
                            "deadline", auto ? null : request.deadline().toString()));
            notes.of(request, "proposed", "tracehound");
            if (!auto) {
                notices.requested(request, action);
            }
        });
        return auto ? execution.execute(id, true) : rows.find(id).orElseThrow();
    }

    /** Runs the request's action if its approvals are complete; what the tests try without them. */
    ApprovalRequest execute(UUID requestId) throws InterruptedException {
        return execution.execute(requestId, false);
    }

    /** The names the agent may propose in the workspace, for its message when it names another. */
    private ApprovalException unknownAction(UUID workspaceId, String name) {
        List<WorkspaceAction> enabled = catalogue.list(workspaceId).stream().filter(WorkspaceAction::enabled).toList();
        if (enabled.isEmpty()) {
            return new ApprovalException(Reason.NOT_FOUND, "this workspace has no actions to propose: an admin adds "
                    + "them to its catalogue of actions first. Say in your answer what you would do instead.");
        }
        return new ApprovalException(Reason.NOT_FOUND, "there is no action named '" + name + "' in this workspace's "
                + "catalogue; the actions are: " + String.join(", ", enabled.stream()
                        .map(a -> a.name() + " (" + a.tier().wireName() + ": " + a.description() + ")").toList()));
    }

    private ApprovalRequest vote(UUID workspaceId, UUID requestId, Actor who, Role role, boolean approve) {
        Objects.requireNonNull(role, "role");
        if (who.kind() != Actor.Kind.USER) {
            throw new ApprovalException(Reason.NOT_ALLOWED, "actions are approved or denied by a signed-in person, not by "
                    + who.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        Instant now = clock.instant();
        // A deadline that passed is acted on first, so the vote is judged by the tier that now decides.
        transactions.executeWithoutResult(status -> rows.lock(requestId)
                .filter(request -> request.workspaceId().equals(workspaceId))
                .filter(request -> request.status() == ApprovalStatus.PENDING && !request.deadline().isAfter(now))
                .ifPresent(request -> advance(request, now)));
        ApprovalRequest decided = transactions.execute(status -> {
            ApprovalRequest request = rows.lock(requestId).filter(r -> r.workspaceId().equals(workspaceId))
                    .orElseThrow(() -> new ApprovalException(Reason.NOT_FOUND, "there is no approval request "
                            + requestId + " in this workspace"));
            if (request.status() != ApprovalStatus.PENDING) {
                throw new ApprovalException(Reason.CONFLICT, "this request is " + request.status().wireName()
                        + " already; only pending requests take votes");
            }
            RiskTier tier = request.tier();
            if (!tier.mayVote(role)) {
                throw new ApprovalException(Reason.NOT_ALLOWED, "a " + tier.wireName() + " request is decided by "
                        + tier.approvers() + "; you are " + role.name().toLowerCase(Locale.ROOT));
            }
            if (!rows.vote(requestId, who.id(), role, approve, tier, now)) {
                throw new ApprovalException(Reason.CONFLICT, "you voted on this request already; each person votes once");
            }
            ApprovalRequest withVote = rows.lock(requestId).orElseThrow();
            boolean complete = approve && tier.approvedBy(ApprovalRows.approvals(withVote.votes()));
            if (!approve || complete) {
                rows.decide(requestId, approve ? ApprovalStatus.APPROVED : ApprovalStatus.DENIED, now);
            }
            audit.append(workspaceId, who, approve ? AuditAction.ACTION_APPROVED : AuditAction.ACTION_DENIED,
                    "approval_request", requestId, summary("action", request.action(), "tier", tier.wireName(),
                            "role", role, "complete", approve ? complete : null));
            ApprovalRequest after = rows.find(requestId).orElseThrow();
            notes.of(after, approve ? (complete ? "approved" : "vote") : "denied", who.id().toString());
            return after;
        });
        return Objects.requireNonNull(decided);
    }

    /** Escalates the locked, due request to the next tier, or expires it after critical's wait. */
    private ApprovalRequest advance(ApprovalRequest request, Instant now) {
        Optional<RiskTier> next = request.tier().next();
        if (next.isEmpty()) {
            rows.decide(request.id(), ApprovalStatus.EXPIRED, now);
            audit.append(request.workspaceId(), Actor.system(), AuditAction.ACTION_EXPIRED, "approval_request",
                    request.id(), summary("action", request.action(), "tier", request.tier().wireName()));
            ApprovalRequest expired = rows.find(request.id()).orElseThrow();
            notes.of(expired, "expired", "tracehound");
            return expired;
        }
        Instant deadline = now.plus(next.get().waitFor());
        rows.escalate(request.id(), request.tier(), next.get(), deadline);
        audit.append(request.workspaceId(), Actor.system(), AuditAction.ACTION_ESCALATED, "approval_request",
                request.id(), summary("action", request.action(), "from", request.tier().wireName(),
                        "to", next.get().wireName(), "deadline", deadline.toString()));
        ApprovalRequest escalated = rows.find(request.id()).orElseThrow();
        notes.of(escalated, "escalated", "tracehound");
        notices.escalated(escalated, request.tier());
        return escalated;
    }
}
