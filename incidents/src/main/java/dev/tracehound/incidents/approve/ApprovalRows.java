package dev.tracehound.incidents.approve;

import static dev.tracehound.incidents.approve.ActionCatalogue.instant;

import dev.tracehound.platform.identity.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQL of approval requests and their votes. */
final class ApprovalRows {

    private static final String REQUEST_COLUMNS = """
            r.id, r.workspace_id, r.project_id, r.session_id, r.incident_id, r.action_id, a.name AS action_name,
            r.input::text AS input, r.reason, r.proposed_tier, r.tier, r.status, r.deadline, r.created_at,
            r.finished_at, r.result_status, r.result_body, r.result_error
            """;
    private static final String INSERT_REQUEST = """
            INSERT INTO approval_requests (id, workspace_id, project_id, session_id, incident_id, action_id, input, reason,
                                           proposed_tier, tier, status, deadline, created_at, decided_at)
            VALUES (:id, :workspace, :project, :session, :incident, :action, CAST(:input AS jsonb), :reason,
                    :tier, :tier, :status, :deadline, :now, :decidedAt)""";
    private static final String SELECT_REQUEST = "SELECT " + REQUEST_COLUMNS + """
             FROM approval_requests r JOIN actions a ON a.id = r.action_id WHERE r.id = :id""";
    private static final String LOCK_REQUEST = SELECT_REQUEST + " FOR UPDATE OF r";
    private static final String SELECT_PENDING = "SELECT " + REQUEST_COLUMNS + """
             FROM approval_requests r JOIN actions a ON a.id = r.action_id
            WHERE r.workspace_id = :workspace AND r.status = 'pending' ORDER BY r.deadline, r.id""";
    private static final String SELECT_RECENT = "SELECT " + REQUEST_COLUMNS + """
            FROM approval_requests r JOIN actions a ON a.id = r.action_id
            WHERE r.workspace_id = :workspace ORDER BY r.created_at DESC, r.id LIMIT :limit""";
    private static final String SELECT_VOTES = """
            SELECT request_id, user_id, role, approve, tier, voted_at FROM approval_votes
            WHERE request_id IN (:ids) ORDER BY voted_at, user_id""";
    private static final String INSERT_VOTE = """
            INSERT INTO approval_votes (request_id, user_id, role, approve, tier, voted_at)
            VALUES (:request, :user, :role, :approve, :tier, :now)
            ON CONFLICT (request_id, user_id) DO NOTHING""";
    private static final String DECIDE = """
            UPDATE approval_requests
            SET status = :status, decided_at = :now, finished_at = CASE WHEN :status = 'approved' THEN NULL ELSE CAST(:now AS timestamptz) END
            WHERE id = :id AND status = 'pending'""";
    private static final String ESCALATE = """
            UPDATE approval_requests SET tier = :tier, deadline = :deadline
            WHERE id = :id AND status = 'pending' AND tier = :from""";
    private static final String CLAIM_DUE = """
            SELECT r.id FROM approval_requests r
            WHERE r.status = 'pending' AND r.deadline <= :now
            ORDER BY r.deadline, r.id LIMIT 1
            FOR UPDATE SKIP LOCKED""";
    private static final String START_EXECUTION = """
            UPDATE approval_requests SET status = 'executing', executed_at = :now WHERE id = :id AND status = 'approved'""";
    private static final String FINISH_EXECUTION = """
            UPDATE approval_requests
            SET status = :status, finished_at = :now, result_status = :code, result_body = :body, result_error = :error,
                session_told_at = CASE WHEN :told THEN CAST(:now AS timestamptz) END
            WHERE id = :id AND status IN ('approved', 'executing')""";
    private static final String SELECT_LEFT_APPROVED = """
            SELECT id FROM approval_requests WHERE status = 'approved' AND decided_at <= :before ORDER BY decided_at LIMIT 100""";
    private static final String SELECT_UNTOLD = """
            SELECT id FROM approval_requests
            WHERE session_told_at IS NULL AND status IN ('executed', 'failed', 'denied', 'expired')
            ORDER BY finished_at, id LIMIT 100""";
    private static final String LOCK_UNTOLD = """
            SELECT id FROM approval_requests
            WHERE id = :id AND session_told_at IS NULL AND status IN ('executed', 'failed', 'denied', 'expired')
            FOR UPDATE SKIP LOCKED""";
    private static final String MARK_TOLD = "UPDATE approval_requests SET session_told_at = :now WHERE id = :id";
    private static final String SELECT_WEBHOOK = "SELECT webhook_url, secret, enabled, deleted_at IS NOT NULL AS deleted "
            + "FROM actions WHERE id = :id";

    /** The action's webhook as it stands when the request runs. */
    record Webhook(String url, String secret, boolean enabled, boolean deleted) {}

    private final JdbcClient jdbc;

    ApprovalRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, WorkspaceAction action, UUID projectId, UUID sessionId, Optional<UUID> incidentId,
            String input, String reason, ApprovalStatus status, Instant deadline, Instant now) {
        jdbc.sql(INSERT_REQUEST).param("id", id).param("workspace", action.workspaceId()).param("project", projectId)
                .param("session", sessionId).param("incident", incidentId.orElse(null)).param("action", action.id())
                .param("input", input).param("reason", reason).param("tier", action.tier().wireName())
                .param("status", status.wireName()).param("deadline", Timestamp.from(deadline))
                .param("now", Timestamp.from(now))
                .param("decidedAt", status == ApprovalStatus.APPROVED ? Timestamp.from(now) : null)
                .update();
    }

    /** The request with its votes, locked until the transaction ends. */
    Optional<ApprovalRequest> lock(UUID id) {
        return withVotes(jdbc.sql(LOCK_REQUEST).param("id", id).query(ApprovalRows::request).list()).stream().findFirst();
    }

    Optional<ApprovalRequest> find(UUID id) {
        return withVotes(jdbc.sql(SELECT_REQUEST).param("id", id).query(ApprovalRows::request).list()).stream().findFirst();
    }

    List<ApprovalRequest> pending(UUID workspaceId) {
        return withVotes(jdbc.sql(SELECT_PENDING).param("workspace", workspaceId).query(ApprovalRows::request).list());
    }

    List<ApprovalRequest> recent(UUID workspaceId, int limit) {
        return withVotes(jdbc.sql(SELECT_RECENT).param("workspace", workspaceId).param("limit", limit)
                .query(ApprovalRows::request).list());
    }

    /** False when the person voted on this request already. */
    boolean vote(UUID requestId, UUID userId, Role role, boolean approve, RiskTier tier, Instant now) {
        return jdbc.sql(INSERT_VOTE).param("request", requestId).param("user", userId)
                .param("role", role.name().toLowerCase(Locale.ROOT)).param("approve", approve)
                .param("tier", tier.wireName()).param("now", Timestamp.from(now)).update() == 1;
    }

    /** Sets a pending request approved, denied or expired; false if it was no longer pending. */
    boolean decide(UUID id, ApprovalStatus status, Instant now) {
        return jdbc.sql(DECIDE).param("status", status.wireName()).param("now", Timestamp.from(now)).param("id", id)
                .update() == 1;
    }

    boolean escalate(UUID id, RiskTier from, RiskTier to, Instant deadline) {
        return jdbc.sql(ESCALATE).param("tier", to.wireName()).param("deadline", Timestamp.from(deadline))
                .param("id", id).param("from", from.wireName()).update() == 1;
    }

    /** The pending request whose deadline passed longest ago that no other instance holds, locked. */
    Optional<UUID> claimDue(Instant now) {
        return jdbc.sql(CLAIM_DUE).param("now", Timestamp.from(now)).query(UUID.class).optional();
    }

    boolean startExecution(UUID id, Instant now) {
        return jdbc.sql(START_EXECUTION).param("now", Timestamp.from(now)).param("id", id).update() == 1;
    }

    void finishExecution(UUID id, ApprovalStatus status, ActionWebhook.Answer answer, boolean told, Instant now) {
        jdbc.sql(FINISH_EXECUTION).param("status", status.wireName()).param("now", Timestamp.from(now))
                .param("code", answer.status() == 0 ? null : answer.status()).param("body", answer.body())
                .param("error", answer.error().isEmpty() ? null : answer.error()).param("told", told).param("id", id)
                .update();
    }

    /** Approved requests that nobody started running for a while: their instance stopped in between. */
    List<UUID> leftApproved(Instant before) {
        return jdbc.sql(SELECT_LEFT_APPROVED).param("before", Timestamp.from(before)).query(UUID.class).list();
    }

    /** Decided requests whose outcome their session was not told yet, oldest first. */
    List<UUID> untold() {
        return jdbc.sql(SELECT_UNTOLD).query(UUID.class).list();
    }

    /** Locks the request while its session is told; false if told already or another instance holds it. */
    boolean lockUntold(UUID id) {
        return jdbc.sql(LOCK_UNTOLD).param("id", id).query(UUID.class).optional().isPresent();
    }

    void markTold(UUID id, Instant now) {
        jdbc.sql(MARK_TOLD).param("now", Timestamp.from(now)).param("id", id).update();
    }

    Webhook webhook(UUID actionId) {
        return jdbc.sql(SELECT_WEBHOOK).param("id", actionId)
                .query((rs, n) -> new Webhook(rs.getString("webhook_url"), rs.getString("secret"),
                        rs.getBoolean("enabled"), rs.getBoolean("deleted")))
                .single();
    }

    private List<ApprovalRequest> withVotes(List<ApprovalRequest> requests) {
        if (requests.isEmpty()) {
            return requests;
        }
        Map<UUID, List<ApprovalRequest.Vote>> votes = new LinkedHashMap<>();
        jdbc.sql(SELECT_VOTES).param("ids", requests.stream().map(ApprovalRequest::id).toList())
                .query(rs -> {
                    votes.computeIfAbsent(rs.getObject("request_id", UUID.class), id -> new ArrayList<>())
                            .add(new ApprovalRequest.Vote(rs.getObject("user_id", UUID.class),
                                    Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)), rs.getBoolean("approve"),
                                    RiskTier.parse(rs.getString("tier")), instant(rs, "voted_at")));
                });
        return requests.stream().map(r -> new ApprovalRequest(r.id(), r.workspaceId(), r.projectId(), r.sessionId(),
                r.incidentId(), r.actionId(), r.action(), r.input(), r.reason(), r.proposedTier(), r.tier(), r.status(),
                r.deadline(), r.createdAt(), votes.getOrDefault(r.id(), List.of()), r.result())).toList();
    }

    static List<RiskTier.Approval> approvals(Collection<ApprovalRequest.Vote> votes) {
        return votes.stream().filter(ApprovalRequest.Vote::approve)
                .map(vote -> new RiskTier.Approval(vote.userId(), vote.role())).toList();
    }

    private static ApprovalRequest request(ResultSet rs, int n) throws SQLException {
        ApprovalStatus status = ApprovalStatus.fromWireName(rs.getString("status"));
        Instant finished = instant(rs, "finished_at");
        boolean ran = status == ApprovalStatus.EXECUTED || status == ApprovalStatus.FAILED;
        Optional<ApprovalRequest.Result> result = ran
                ? Optional.of(new ApprovalRequest.Result(rs.getInt("result_status"),
                        Optional.ofNullable(rs.getString("result_body")).orElse(""),
                        Optional.ofNullable(rs.getString("result_error")).orElse(""), finished))
                : Optional.empty();
        return new ApprovalRequest(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getObject("session_id", UUID.class),
                Optional.ofNullable(rs.getObject("incident_id", UUID.class)), rs.getObject("action_id", UUID.class),
                rs.getString("action_name"), rs.getString("input"), rs.getString("reason"),
                RiskTier.parse(rs.getString("proposed_tier")), RiskTier.parse(rs.getString("tier")), status,
                instant(rs, "deadline"), instant(rs, "created_at"), List.of(), result);
    }
}
