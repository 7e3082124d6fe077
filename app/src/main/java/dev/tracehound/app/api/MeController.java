package dev.tracehound.app.api;

import dev.tracehound.app.security.Authorized;
import dev.tracehound.app.security.Caller;
import dev.tracehound.platform.identity.Users;
import dev.tracehound.platform.identity.Workspaces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

@RestController
final class MeController {

    private final Users users;
    private final Workspaces workspaces;
    private final Blocking blocking;

    MeController(Users users, Workspaces workspaces, Blocking blocking) {
        this.users = users;
        this.workspaces = workspaces;
        this.blocking = blocking;
    }

    /** Who is calling: a person with their workspaces, or a project's read key. */
    record Me(String kind, String credential, Person user, List<WorkspaceRole> workspaces, ProjectKey apiKey) {}

    record Person(UUID id, String email, String name, String avatarUrl) {}

    record WorkspaceRole(UUID workspaceId, String slug, String name, String role) {}

    record ProjectKey(UUID projectId, String scope) {}

    @Operation(summary = "The caller: a signed-in person (session cookie or bearer JWT) with their workspaces "
            + "and roles, or a project's read key")
    @GetMapping("/api/v1/me")
    Mono<Me> me(@Parameter(hidden = true) Authorized access) {
        return switch (access.caller()) {
            case Caller.ProjectKey key -> Mono.just(new Me("api_key", "api_key", null, List.of(),
                    new ProjectKey(key.projectId(), lower(key.scope().name()))));
            case Caller.Person person -> blocking.call(() -> {
                var user = users.byId(person.userId()).orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.UNAUTHORIZED, "the signed-in user no longer exists; sign in again"));
                var roles = workspaces.ofUser(user.id()).stream()
                        .map(member -> new WorkspaceRole(member.workspace().id(), member.workspace().slug(),
                                member.workspace().name(), lower(member.role().name())))
                        .toList();
                return new Me("person", lower(person.credential().name()),
                        new Person(user.id(), user.email(), user.name(), user.avatarUrl()), roles, null);
            });
        };
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
