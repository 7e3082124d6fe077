package dev.tracehound.app.admin;

import static dev.tracehound.app.admin.AdminRequests.actor;
import static dev.tracehound.app.admin.AdminRequests.lower;

import dev.tracehound.app.api.Blocking;
import dev.tracehound.app.security.Authorized;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.identity.Action;
import dev.tracehound.platform.identity.ApiKeyAdmin;
import dev.tracehound.platform.identity.ApiKeyView;
import dev.tracehound.platform.identity.IssuedKey;
import dev.tracehound.platform.identity.Projects;
import dev.tracehound.platform.identity.RolePolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
 * A project's API keys: ingest keys for OTLP, read keys for the query API and the agent. The
 * secret is in the answer that makes it (create, rotate) and nowhere else. Members manage the
 * keys they made; admins and owners every key of the workspace.
 */
@RestController
final class KeyAdminController {

    private static final String KEYS = "/api/v1/workspaces/{workspace}/projects/{project}/keys";

    private final ApiKeyAdmin keys;
    private final Projects projects;
    private final Blocking blocking;

    KeyAdminController(ApiKeyAdmin keys, Projects projects, Blocking blocking) {
        this.keys = keys;
        this.projects = projects;
        this.blocking = blocking;
    }

    record KeyView(UUID id, String name, String scope, String prefix, UUID createdBy, Instant createdAt,
            Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {}

    record IssuedKeyView(KeyView key, String secret) {}

    record NewKey(String name, String scope, Instant expiresAt) {}

    @Operation(summary = "The project's keys (never their secrets); last use is accurate to about a minute")
    @GetMapping(KEYS)
    Mono<List<KeyView>> list(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @PathVariable("project") String project) {
        return blocking.call(() -> keys.list(access.workspaceId(), projectId(access, project)).stream()
                .map(KeyAdminController::view).toList());
    }

    @Operation(summary = "Make a key (scope ingest or read, optional expiry); its secret is in this answer only")
    @PostMapping(KEYS)
    Mono<ResponseEntity<IssuedKeyView>> create(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("project") String project,
            @RequestBody NewKey body, ServerWebExchange exchange) {
        return blocking.call(() -> {
            if (body == null) {
                throw new IllegalArgumentException("a key needs a 'name' and a 'scope' (ingest or read)");
            }
            IssuedKey issued = keys.create(actor(access, exchange), access.workspaceId(), projectId(access, project),
                    body.name(), scope(body.scope()), body.expiresAt());
            return ResponseEntity.status(HttpStatus.CREATED).body(view(issued));
        });
    }

    @Operation(summary = "Rotate a key: a new secret with the same name, scope and expiry; the old secret stops")
    @PostMapping(KEYS + "/{key}/rotate")
    Mono<IssuedKeyView> rotate(@Parameter(hidden = true) Authorized access, @PathVariable("workspace") String workspace,
            @PathVariable("project") String project, @PathVariable("key") String key, ServerWebExchange exchange) {
        return blocking.call(() -> {
            UUID projectId = projectId(access, project);
            UUID keyId = manageable(access, projectId, key);
            return view(keys.rotate(actor(access, exchange), access.workspaceId(), projectId, keyId));
        });
    }

    @Operation(summary = "Revoke a key; it stops within the key cache's 30 s")
    @DeleteMapping(KEYS + "/{key}")
    Mono<ResponseEntity<Void>> revoke(@Parameter(hidden = true) Authorized access,
            @PathVariable("workspace") String workspace, @PathVariable("project") String project,
            @PathVariable("key") String key, ServerWebExchange exchange) {
        return blocking.call(() -> {
            UUID projectId = projectId(access, project);
            keys.revoke(actor(access, exchange), access.workspaceId(), projectId, manageable(access, projectId, key));
            return ResponseEntity.noContent().build();
        });
    }

    /** The key's id, when the caller may change it: their own, or any with {@link Action#MANAGE_KEYS}. */
    private UUID manageable(Authorized access, UUID projectId, String key) {
        UUID keyId = AdminRequests.uuid("key", key);
        ApiKeyView found = keys.find(access.workspaceId(), projectId, keyId)
                .orElseThrow(() -> AdminRequests.notFound("no key '" + key + "' in this project"));
        boolean anyKey = access.roleIfPerson().filter(role -> RolePolicy.allows(role, Action.MANAGE_KEYS)).isPresent();
        if (!anyKey && !AdminRequests.personId(access).equals(found.createdBy())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "members manage the keys they made; this one was made by someone else (ask an admin)");
        }
        return keyId;
    }

    private UUID projectId(Authorized access, String project) {
        return projects.find(access.workspaceId(), project)
                .orElseThrow(() -> AdminRequests.notFound("no project '" + project + "' in this workspace")).id();
    }

    private static ApiKeys.Scope scope(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a key needs a 'scope': ingest (sends telemetry) or read (reads it)");
        }
        try {
            return ApiKeys.Scope.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no scope '" + text + "'; the scopes are ingest and read");
        }
    }

    private static IssuedKeyView view(IssuedKey issued) {
        return new IssuedKeyView(view(issued.key()), issued.secret());
    }

    private static KeyView view(ApiKeyView key) {
        return new KeyView(key.id(), key.name(), lower(key.scope()), key.prefix(), key.createdBy(), key.createdAt(),
                key.lastUsedAt(), key.expiresAt(), key.revokedAt());
    }
}
