package dev.tracehound.app.incidents;

import static dev.tracehound.app.admin.AdminRequests.actor;
import static dev.tracehound.app.admin.AdminRequests.personId;
import static dev.tracehound.app.admin.AdminRequests.uuid;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.incidents.approve.ApprovalRequest;
import dev.tracehound.incidents.approve.ApprovalRequests;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.identity.WorkspaceMember;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The actions the agent proposed and the votes on them. Whose vote counts is the request's current
 * risk tier's rule (RiskTier); the module checks it, and runs the action only once its tier's
 * approvals are in, whatever the model asked.
 */
@RestController
final class ApprovalsController {

    private static final String APPROVALS = "/api/v1/workspaces/{workspace}/approvals";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RECENT = 100;

    private final ApprovalRequests requests;
    private final Memberships memberships;
    private final Blocking blocking;

    ApprovalsController(ApprovalRequests requests, Memberships memberships, Blocking blocking) {
        this.requests = requests;
        this.memberships = memberships;
        this.blocking = blocking;
    }

    record VoteView(UUID userId, String email, String decision, String tier, Instant at) {}

    record ResultView(int statusCode, String body, String error, boolean succeeded, Instant finishedAt) {}

    record ApprovalView(UUID id, String action, JsonNode input, String reason, String proposedTier, String tier,
            String approvers, String status, Instant requestedAt, Instant deadline, UUID incidentId, UUID sessionId,
            UUID projectId, List<VoteView> votes, ResultView result, boolean canDecide) {}

    @Operation(summary = "The workspace's latest 100 approval requests, pending first, with the votes and what each action returned")
    @GetMapping(APPROVALS)
    Mono<List<ApprovalView>> list(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace) {
        return blocking.call(() -> {
            var views = viewer(access);
            var pending = requests.pending(access.workspaceId());
            var seen = pending.stream().map(ApprovalRequest::id).collect(Collectors.toSet());
            var all = new java.util.ArrayList<>(pending);
            requests.recent(access.workspaceId(), RECENT).stream().filter(r -> !seen.contains(r.id())).forEach(all::add);
            return all.stream().limit(RECENT).map(views).toList();
        });
    }

    @Operation(summary = "Approve a request; the action runs (a signed webhook) once its tier's approvals are in")
    @PostMapping(APPROVALS + "/{approval}/approve")
    Mono<ApprovalView> approve(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @PathVariable("approval") String approval, ServerWebExchange exchange) {
        return blocking.call(() -> viewer(access).apply(requests.approve(access.workspaceId(), uuid("approval", approval),
                actor(access, exchange), role(access))));
    }

    @Operation(summary = "Deny a request; the agent's session is told")
    @PostMapping(APPROVALS + "/{approval}/deny")
    Mono<ApprovalView> deny(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @PathVariable("approval") String approval, ServerWebExchange exchange) {
        return blocking.call(() -> viewer(access).apply(requests.deny(access.workspaceId(), uuid("approval", approval),
                actor(access, exchange), role(access))));
    }

    /** "15 min", "1 h": how long a tier waits, as people say it. */
    static String words(Duration wait) {
        return wait.isZero() ? "no wait" : wait.toMinutes() % 60 == 0 ? wait.toHours() + " h" : wait.toMinutes() + " min";
    }

    private static Role role(Authorized access) {
        return access.roleIfPerson().orElseThrow(() -> new IllegalStateException("a vote reached without a person"));
    }

    /** Views made with the workspace's people's emails, read once per answer. */
    private Function<ApprovalRequest, ApprovalView> viewer(Authorized access) {
        Map<UUID, String> emails = memberships.peopleOf(access.workspaceId()).stream()
                .collect(Collectors.toMap(WorkspaceMember::userId, m -> m.email() == null ? "" : m.email(), (a, b) -> a));
        UUID me = personId(access);
        Role myRole = role(access);
        return request -> new ApprovalView(request.id(), request.action(), json(request.input()), request.reason(),
                request.proposedTier().wireName(), request.tier().wireName(), request.approvers(),
                request.status().wireName(), request.createdAt(), request.deadline(), request.incidentId().orElse(null),
                request.sessionId(), request.projectId(),
                request.votes().stream().map(v -> new VoteView(v.userId(), emails.get(v.userId()),
                        v.approve() ? "approve" : "deny", v.tier().wireName(), v.votedAt())).toList(),
                request.result().map(r -> new ResultView(r.statusCode(), r.body(), r.error(), r.succeeded(), r.finishedAt()))
                        .orElse(null),
                request.decidableBy(me, myRole));
    }

    private static JsonNode json(String input) {
        try {
            return JSON.readTree(input == null || input.isBlank() ? "{}" : input);
        } catch (RuntimeException e) {
            return JSON.getNodeFactory().textNode(input);
        }
    }
}
