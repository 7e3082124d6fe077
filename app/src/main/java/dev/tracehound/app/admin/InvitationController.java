package dev.tracehound.app.admin;

import static dev.tracehound.app.admin.AdminRequests.actor;
import static dev.tracehound.app.admin.AdminRequests.lower;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.app.security.Caller;
import dev.tracehound.platform.identity.Invitation;
import dev.tracehound.platform.identity.Invitations;
import dev.tracehound.platform.identity.Membership;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Invitations: an admin invites an email address with a role; the token, shown once, is what
 * the invited person accepts after logging in with that address. Single use, 7 days unless
 * asked otherwise, revocable while pending.
 */
@RestController
final class InvitationController {

    private static final String INVITATIONS = "/api/v1/workspaces/{workspace}/invitations";
    private static final int MAX_VALID_DAYS = 30;

    private final Invitations invitations;
    private final Blocking blocking;

    InvitationController(Invitations invitations, Blocking blocking) {
        this.invitations = invitations;
        this.blocking = blocking;
    }

    record NewInvitation(String email, String role, Integer validDays) {}

    record InvitationView(UUID id, String email, String role, String status, UUID invitedBy, Instant createdAt,
            Instant expiresAt, Instant acceptedAt, Instant revokedAt) {}

    /** The token is in this answer only: only its hash is stored. */
    record IssuedInvitationView(InvitationView invitation, String token) {}

    record Acceptance(String token) {}

    record Joined(UUID workspaceId, String role) {}

    @Operation(summary = "The workspace's invitations, pending and past")
    @GetMapping(INVITATIONS)
    Mono<List<InvitationView>> list(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace) {
        return blocking.call(() -> invitations.ofWorkspace(access.workspaceId()).stream()
                .map(InvitationController::view).toList());
    }

    @Operation(summary = "Invite an email address with a role; the token in the answer is shown once. "
            + "A seat past the limit is refused (409) when the role takes one")
    @PostMapping(INVITATIONS)
    Mono<ResponseEntity<IssuedInvitationView>> invite(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @RequestBody NewInvitation body, ServerWebExchange exchange) {
        return blocking.call(() -> {
            if (body == null || body.email() == null || body.email().isBlank()) {
                throw new IllegalArgumentException("an invitation needs the 'email' of the person invited");
            }
            int days = body.validDays() == null ? (int) Invitations.DEFAULT_VALIDITY.toDays() : body.validDays();
            if (days < 1 || days > MAX_VALID_DAYS) {
                throw new IllegalArgumentException("'validDays' must be between 1 and " + MAX_VALID_DAYS + "; was " + days);
            }
            var issued = invitations.create(actor(access, exchange), access.workspaceId(), body.email().strip(),
                    AdminRequests.role(body.role()), Duration.ofDays(days));
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new IssuedInvitationView(view(issued.invitation()), issued.token()));
        });
    }

    @Operation(summary = "Revoke a pending invitation; its token stops working at once")
    @DeleteMapping(INVITATIONS + "/{invitation}")
    Mono<ResponseEntity<Void>> revoke(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("invitation") String invitation,
            ServerWebExchange exchange) {
        return blocking.call(() -> {
            UUID id = AdminRequests.uuid("invitation", invitation);
            boolean here = invitations.ofWorkspace(access.workspaceId()).stream().anyMatch(i -> i.id().equals(id));
            if (!here) {
                throw AdminRequests.notFound("no invitation '" + invitation + "' in this workspace");
            }
            invitations.revoke(actor(access, exchange), id);
            return ResponseEntity.noContent().build();
        });
    }

    @Operation(summary = "Accept an invitation as the signed-in person whose email it was sent to; "
            + "an expired, used or revoked one answers 410")
    @PostMapping("/api/v1/invitations/accept")
    Mono<Joined> accept(@Parameter(hidden = true) Authorized access, @RequestBody Acceptance body,
            ServerWebExchange exchange) {
        if (!(access.caller() instanceof Caller.Person)) {
            return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "an invitation is accepted by a signed-in person, not with an API key"));
        }
        if (body == null || body.token() == null || body.token().isBlank()) {
            return Mono.error(new IllegalArgumentException("send the invitation's 'token'"));
        }
        return blocking.call(() -> {
            Membership membership = invitations.accept(actor(access, exchange), body.token().strip());
            return new Joined(membership.workspaceId(), lower(membership.role()));
        });
    }

    private static InvitationView view(Invitation invitation) {
        String status = invitation.acceptedAt() != null ? "accepted" : invitation.revokedAt() != null ? "revoked"
                : !Instant.now().isBefore(invitation.expiresAt()) ? "expired" : "pending";
        return new InvitationView(invitation.id(), invitation.email(), lower(invitation.role()), status,
                invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(), invitation.acceptedAt(),
                invitation.revokedAt());
    }
}
