package dev.tracehound.app.admin;

import static dev.tracehound.app.admin.AdminRequests.actor;
import static dev.tracehound.app.admin.AdminRequests.lower;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.platform.identity.Membership;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.identity.Users;
import dev.tracehound.platform.identity.Workspace;
import dev.tracehound.platform.identity.Workspaces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A workspace's settings and its members: who they are, their roles, and the seats they take. */
@RestController
final class WorkspaceController {

    private static final String WORKSPACE = "/api/v1/workspaces/{workspace}";

    private final Workspaces workspaces;
    private final Memberships memberships;
    private final Users users;
    private final Blocking blocking;

    WorkspaceController(Workspaces workspaces, Memberships memberships, Users users, Blocking blocking) {
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.users = users;
        this.blocking = blocking;
    }

    /** Seats taken by owners, admins and members; {@code limit} is null when there is none. */
    record Seats(long used, Integer limit) {}

    record WorkspaceView(UUID id, String slug, String name, List<String> allowedEmailDomains, Instant createdAt,
            Seats seats) {}

    record WorkspaceChange(String name, List<String> allowedEmailDomains) {}

    record MemberView(UUID userId, String email, String name, String role, boolean takesSeat, Instant since) {}

    record Members(List<MemberView> members, Seats seats) {}

    record RoleChange(String role) {}

    @Operation(summary = "The workspace's settings and seats")
    @GetMapping(WORKSPACE)
    Mono<WorkspaceView> get(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace) {
        return blocking.call(() -> view(access.workspaceId()));
    }

    @Operation(summary = "Rename the workspace, or set the email domains whose people join it at their first login")
    @PatchMapping(WORKSPACE)
    Mono<WorkspaceView> change(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @RequestBody WorkspaceChange body, ServerWebExchange exchange) {
        return blocking.call(() -> {
            if (body == null || body.name() == null && body.allowedEmailDomains() == null) {
                throw new IllegalArgumentException("nothing to change: send 'name' and/or 'allowedEmailDomains'");
            }
            if (body.name() != null) {
                workspaces.rename(actor(access, exchange), access.workspaceId(), body.name());
            }
            if (body.allowedEmailDomains() != null) {
                memberships.setAllowedEmailDomains(actor(access, exchange), access.workspaceId(),
                        body.allowedEmailDomains());
            }
            return view(access.workspaceId());
        });
    }

    @Operation(summary = "The workspace's members with their roles, and the seats they take")
    @GetMapping(WORKSPACE + "/members")
    Mono<Members> members(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace) {
        return blocking.call(() -> new Members(memberships.peopleOf(access.workspaceId()).stream()
                .map(member -> new MemberView(member.userId(), member.email(), member.name(), lower(member.role()),
                        member.role().takesSeat(), member.since()))
                .toList(), seats(access.workspaceId())));
    }

    @Operation(summary = "Change a member's role; only owners make or unmake owners, the last owner stays (409)")
    @PatchMapping(WORKSPACE + "/members/{user}")
    Mono<MemberView> changeRole(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("user") String user,
            @RequestBody RoleChange body, ServerWebExchange exchange) {
        return blocking.call(() -> member(memberships.changeRole(actor(access, exchange), access.workspaceId(),
                AdminRequests.uuid("member", user), AdminRequests.role(body == null ? null : body.role()))));
    }

    @Operation(summary = "Remove a member: their session and JWTs stop reaching the workspace at once; "
            + "keys they made keep working until revoked")
    @DeleteMapping(WORKSPACE + "/members/{user}")
    Mono<ResponseEntity<Void>> remove(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("user") String user,
            ServerWebExchange exchange) {
        return blocking.call(() -> {
            memberships.remove(actor(access, exchange), access.workspaceId(), AdminRequests.uuid("member", user));
            return ResponseEntity.noContent().build();
        });
    }

    @Operation(summary = "Leave the workspace (the last owner cannot: 409)")
    @DeleteMapping(WORKSPACE + "/membership")
    Mono<ResponseEntity<Void>> leave(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, ServerWebExchange exchange) {
        return blocking.call(() -> {
            memberships.remove(actor(access, exchange), access.workspaceId(), AdminRequests.personId(access));
            return ResponseEntity.noContent().build();
        });
    }

    private WorkspaceView view(UUID id) {
        Workspace workspace = workspaces.byId(id).orElseThrow(() -> AdminRequests.notFound("no workspace " + id));
        return new WorkspaceView(workspace.id(), workspace.slug(), workspace.name(), workspace.allowedEmailDomains(),
                workspace.createdAt(), seats(id));
    }

    private Seats seats(UUID workspace) {
        var limit = memberships.seatLimit(workspace).max();
        return new Seats(memberships.seatsUsed(workspace), limit.isPresent() ? limit.getAsInt() : null);
    }

    private MemberView member(Membership membership) {
        var user = users.byId(membership.userId());
        return new MemberView(membership.userId(), user.map(u -> u.email()).orElse(null),
                user.map(u -> u.name()).orElse(null), lower(membership.role()), membership.role().takesSeat(),
                membership.createdAt());
    }
}
