package dev.tracehound.app.security;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.identity.RolePolicy;
import dev.tracehound.platform.identity.Workspace;
import dev.tracehound.platform.identity.Workspaces;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Applies {@link EndpointPolicy} and {@link RolePolicy} to every request under {@code /api/}:
 * no credential is 401; a project or workspace the caller cannot see (another workspace's,
 * another key's, or none at all) is 404, so nothing tells that it exists; a role or key short of
 * the action is 403.
 * A person's role comes from {@link RoleCache}, which forgets a role the moment its membership
 * changes, so a removed member or a lowered role takes effect at once; a project's workspace is
 * cached as long as keys are (30 s), so a deleted project is gone within that time.
 */
final class PolicyFilter implements WebFilter {

    private static final String API = "/api/";
    /** The problem types of the policy's refusals, told apart from a handler's 403 or 404. */
    static final String NOT_VISIBLE = "not-found-for-caller";
    static final String ROLE_NOT_ALLOWED = "role-not-allowed";

    private final RoleCache roles;
    private final AsyncLoadingCache<UUID, Optional<Project>> projects;
    private final AsyncLoadingCache<String, Optional<UUID>> workspaces;

    PolicyFilter(ProjectDirectory directory, Workspaces workspaceDirectory, RoleCache roles, Duration ttl) {
        this.roles = roles;
        this.projects = cache(directory::byId, ttl);
        this.workspaces = cache(text -> workspaceDirectory.lookup(text).map(Workspace::id), ttl);
    }

    private static <K, V> AsyncLoadingCache<K, V> cache(com.github.benmanes.caffeine.cache.CacheLoader<K, V> loader,
            Duration ttl) {
        return Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(ttl.multipliedBy(2).dividedBy(3))
                .expireAfterWrite(ttl)
                .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("policy-", 0).factory()))
                .buildAsync(loader);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        var path = request.getPath().pathWithinApplication();
        if (!path.value().startsWith(API)) {
            return chain.filter(exchange);
        }
        var match = EndpointPolicy.match(request.getMethod(), path);
        if (match.isEmpty()) {
            return Problems.write(exchange, HttpStatus.NOT_FOUND, "not-found",
                    "no operation " + request.getMethod() + " " + path.value() + " (see /v3/api-docs)");
        }
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .mapNotNull(CallerAuthentication::callerOf)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(caller -> caller.isEmpty()
                        ? Problems.unauthorized(exchange, false, "sign in, or send a bearer JWT or a read key of the "
                                + "project: 'Authorization: Bearer <token>' or 'x-api-key: <key>'")
                        : decide(caller.get(), match.get()).flatMap(decision -> decision.authorized() == null
                                ? Problems.write(exchange, decision.status(), decision.type(), decision.detail())
                                : Mono.defer(() -> {
                                    decision.authorized().store(exchange);
                                    return chain.filter(exchange);
                                })));
    }

    private record Decision(Authorized authorized, HttpStatus status, String type, String detail) {

        static Decision allow(Authorized authorized) {
            return new Decision(authorized, HttpStatus.OK, "", "");
        }

        static Decision notFound(String detail) {
            return new Decision(null, HttpStatus.NOT_FOUND, NOT_VISIBLE, detail);
        }

        static Decision forbidden(String detail) {
            return new Decision(null, HttpStatus.FORBIDDEN, ROLE_NOT_ALLOWED, detail);
        }
    }

    private Mono<Decision> decide(Caller caller, EndpointPolicy.Match match) {
        var rule = match.rule();
        return switch (rule.target()) {
            case CALLER -> rule.action() == null ? Mono.just(Decision.allow(new Authorized(caller, null, null, null)))
                    : onCaller(caller, rule);
            case PROJECT -> onProject(caller, rule, match.variables().getOrDefault("project", ""));
            case WORKSPACE -> onWorkspace(caller, rule, match.variables().getOrDefault("workspace", ""));
        };
    }

    /**
     * An action on nothing of a workspace (the evaluation runs): a key by its scope, a person by any
     * of their roles, so someone who belongs to no workspace is refused.
     */
    private Mono<Decision> onCaller(Caller caller, EndpointPolicy.Rule rule) {
        Authorized authorized = new Authorized(caller, null, null, null);
        return switch (caller) {
            case Caller.ProjectKey key -> Mono.just(RolePolicy.allowsKey(key.scope(), rule.action())
                    ? Decision.allow(authorized)
                    : Decision.forbidden("a " + key.scope().name().toLowerCase(Locale.ROOT) + " key may not "
                            + describe(rule)));
            case Caller.Person person -> roles.rolesOf(person.userId())
                    .map(held -> held.stream().anyMatch(role -> RolePolicy.allows(role, rule.action()))
                            ? Decision.allow(authorized)
                            : Decision.forbidden(held.isEmpty()
                                    ? "a person of no workspace may not " + describe(rule)
                                            + "; ask a workspace's owner or admin for an invitation"
                                    : "no role of yours in any workspace allows " + describe(rule)));
        };
    }

    /** Only people administer workspaces: a key gets the same 404 as a workspace that does not exist. */
    private Mono<Decision> onWorkspace(Caller caller, EndpointPolicy.Rule rule, String workspaceText) {
        Decision absent = Decision.notFound("no workspace '" + workspaceText + "' for this caller");
        if (!(caller instanceof Caller.Person person)) {
            return Mono.just(absent);
        }
        return Mono.fromFuture(workspaces.get(workspaceText), true)
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .flatMap(found -> found.isEmpty() ? Mono.just(absent) : roles.roleOf(found.get(), person.userId())
                        .map(role -> role.isEmpty() ? absent : judge(person, found.get(), null, role.get(), rule)));
    }

    private Mono<Decision> onProject(Caller caller, EndpointPolicy.Rule rule, String projectText) {
        Optional<UUID> projectId = uuid(projectText);
        Decision absent = Decision.notFound("no project '" + projectText + "' for this caller");
        if (projectId.isEmpty()) {
            return Mono.just(absent);
        }
        return Mono.fromFuture(projects.get(projectId.get()), true)
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.just(absent);
                    }
                    Project project = found.get();
                    return switch (caller) {
                        case Caller.ProjectKey key -> Mono.just(!key.projectId().equals(project.id()) ? absent
                                : RolePolicy.allowsKey(key.scope(), rule.action())
                                        ? Decision.allow(new Authorized(caller, project.workspaceId(), project.id(), null))
                                        : Decision.forbidden("a " + key.scope().name().toLowerCase(Locale.ROOT)
                                                + " key may not " + describe(rule)));
                        case Caller.Person person -> roles.roleOf(project.workspaceId(), person.userId())
                                .map(role -> role.isEmpty() ? absent
                                        : judge(person, project.workspaceId(), project.id(), role.get(), rule));
                    };
                });
    }

    private static Decision judge(Caller.Person person, UUID workspace, UUID project, Role role,
            EndpointPolicy.Rule rule) {
        if (!RolePolicy.allows(role, rule.action())) {
            return Decision.forbidden("a workspace " + role.name().toLowerCase(Locale.ROOT) + " may not "
                    + describe(rule));
        }
        return Decision.allow(new Authorized(person, workspace, project, role));
    }

    private static String describe(EndpointPolicy.Rule rule) {
        return rule.action().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + " (" + rule.method() + " " + rule.path() + ")";
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
