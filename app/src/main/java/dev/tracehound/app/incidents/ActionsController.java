package dev.tracehound.app.incidents;

import static dev.tracehound.app.admin.AdminRequests.actor;
import static dev.tracehound.app.admin.AdminRequests.notFound;
import static dev.tracehound.app.admin.AdminRequests.uuid;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.incidents.approve.ActionCatalogue;
import dev.tracehound.incidents.approve.ActionSpec;
import dev.tracehound.incidents.approve.RiskTier;
import dev.tracehound.incidents.approve.WorkspaceAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
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
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The workspace's catalogue of actions the agent may propose (propose_action): each a signed
 * webhook with a risk tier that says who approves it and how long a request waits. The signing
 * secret is made here and shown in the answer that makes the action only.
 */
@RestController
final class ActionsController {

    private static final String ACTIONS = "/api/v1/workspaces/{workspace}/actions";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ActionCatalogue catalogue;
    private final Blocking blocking;

    ActionsController(ActionCatalogue catalogue, Blocking blocking) {
        this.catalogue = catalogue;
        this.blocking = blocking;
    }

    record ActionView(UUID id, String name, String description, String url, String tier, String approvers,
            String waits, boolean enabled, Instant createdAt) {}

    record NewAction(String name, String description, String url, String tier) {}

    record CreatedAction(ActionView action, String secret) {}

    @Operation(summary = "The actions the agent may propose, with their risk tiers (never their secrets)")
    @GetMapping(ACTIONS)
    Mono<List<ActionView>> list(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace) {
        return blocking.call(() -> catalogue.list(access.workspaceId()).stream().map(ActionsController::view).toList());
    }

    @Operation(summary = "Add an action: a slug name, a description for the model, an http(s) webhook URL and a risk tier "
            + "(info, low, medium, high, critical); its signing secret is in this answer only")
    @PostMapping(ACTIONS)
    Mono<ResponseEntity<CreatedAction>> create(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @RequestBody NewAction body, ServerWebExchange exchange) {
        return blocking.call(() -> {
            if (body == null || body.tier() == null) {
                throw new IllegalArgumentException("an action needs a 'name', a 'description', a webhook 'url' and a risk 'tier'");
            }
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String secret = "whsec_" + HexFormat.of().formatHex(bytes);
            WorkspaceAction made = catalogue.create(access.workspaceId(), actor(access, exchange),
                    new ActionSpec(body.name(), body.description(), body.url(), secret, RiskTier.parse(body.tier())));
            return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedAction(view(made), secret));
        });
    }

    @Operation(summary = "Remove an action from the catalogue; requests already made keep its name in their history")
    @DeleteMapping(ACTIONS + "/{action}")
    Mono<ResponseEntity<Void>> delete(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("action") String action, ServerWebExchange exchange) {
        return blocking.call(() -> {
            if (!catalogue.delete(access.workspaceId(), actor(access, exchange), uuid("action", action))) {
                throw notFound("no action '" + action + "' in this workspace");
            }
            return ResponseEntity.noContent().build();
        });
    }

    private static ActionView view(WorkspaceAction action) {
        return new ActionView(action.id(), action.name(), action.description(), action.webhookUrl(),
                action.tier().wireName(), action.tier().approvers(), ApprovalsController.words(action.tier().waitFor()),
                action.enabled(), action.createdAt());
    }
}
