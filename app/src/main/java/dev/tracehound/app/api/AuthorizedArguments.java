package dev.tracehound.app.api;

import dev.tracehound.app.security.Authorized;
import dev.tracehound.app.security.Caller;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Hands handlers what the security chain's policy allowed: the project of the path
 * ({@link ReadableProject}), the whole decision ({@link Authorized}), or the project of the
 * presented read key ({@link KeyOwner}). A handler that takes one cannot run unauthorized.
 */
final class AuthorizedArguments implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        return type == ReadableProject.class || type == KeyOwner.class || type == Authorized.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
        Authorized authorized = Authorized.of(exchange);
        Class<?> type = parameter.getParameterType();
        if (type == Authorized.class) {
            return Mono.just(authorized);
        }
        if (type == KeyOwner.class) {
            if (authorized.caller() instanceof Caller.ProjectKey key) {
                return Mono.just(new KeyOwner(key.projectId().toString()));
            }
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "whoami answers for a read key; a signed-in person is described by /api/v1/me"));
        }
        return Mono.just(new ReadableProject(authorized.projectId().toString()));
    }

    /** The project of the presented read key, whatever the path says. */
    record KeyOwner(String projectId) {}
}
