package dev.tracehound.incidents.approve;

import dev.tracehound.platform.identity.Role;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An action the agent proposed, and where its approval stands.
 *
 * @param incidentId   the incident whose investigation proposed it, if the session is one
 * @param action       the action's name in the catalogue
 * @param input        the model's input for the action, as JSON text
 * @param reason       why the model proposes it
 * @param proposedTier the action's tier when proposed
 * @param tier         the tier whose approvers decide now: higher than proposed after escalations
 * @param deadline     when it escalates to the next tier, or (critical) expires, if not decided before
 * @param votes        every person's approval or denial, in the order given
 * @param result       the webhook's answer once the action ran
 */
public record ApprovalRequest(UUID id, UUID workspaceId, UUID projectId, UUID sessionId, Optional<UUID> incidentId,
        UUID actionId, String action, String input, String reason, RiskTier proposedTier, RiskTier tier,
        ApprovalStatus status, Instant deadline, Instant createdAt, List<Vote> votes, Optional<Result> result) {

    /** One person's vote; {@code tier} is the request's tier when they voted. */
    public record Vote(UUID userId, Role role, boolean approve, RiskTier tier, Instant votedAt) {}

    /**
     * What running the action gave.
     *
     * @param statusCode the receiver's HTTP status, 0 when it gave none (unreachable, timed out)
     * @param body       the start of its answer's body (at most {@value ActionWebhook#BODY_LIMIT} characters)
     * @param error      why it failed, blank when the receiver answered 2xx
     */
    public record Result(int statusCode, String body, String error, Instant finishedAt) {

        public boolean succeeded() {
            return statusCode / 100 == 2 && error.isEmpty();
        }
    }

    public ApprovalRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(status, "status");
        votes = List.copyOf(votes);
        Objects.requireNonNull(result, "result");
    }

    /** Who may approve it now, for people and the model. */
    public String approvers() {
        return tier.approvers();
    }

    /**
     * Whether this person, in this role, may approve or deny it now: it is pending, the role votes
     * at its tier, and they have not voted on it.
     */
    public boolean decidableBy(UUID userId, Role role) {
        return status == ApprovalStatus.PENDING && tier.mayVote(role)
                && votes.stream().noneMatch(vote -> vote.userId().equals(userId));
    }

    /** The people who approved it, in the order they did. */
    public List<UUID> approvedBy() {
        return votes.stream().filter(Vote::approve).map(Vote::userId).toList();
    }
}
