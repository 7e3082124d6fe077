package dev.tracehound.app.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tracehound.platform.ApiKeys;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Checks that a request may read the project in its path: it must carry a read key of that
 * project ({@code Authorization: Bearer <key>} or {@code x-api-key}). Ingest keys do not
 * grant reads. A missing or unknown key is 401; a key of another project gets 404, the same
 * answer as a project that does not exist, so keys cannot probe for projects.
 */
final class ReadAccess implements HandlerMethodArgumentResolver {

    private final ApiKeys keys;
    private final Blocking blocking;
    private final Cache<String, Optional<String>> projectByKey = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();

    ReadAccess(ApiKeys keys, Blocking blocking) {
        this.keys = keys;
        this.blocking = blocking;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ReadableProject.class || parameter.getParameterType() == KeyOwner.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> path = (Map<String, String>) exchange.getAttributes()
                .getOrDefault(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of());
        String project = path.getOrDefault("project", "");
        String key = presentedKey(exchange);
        if (key.isEmpty()) {
            return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                    "send a read key of the project: 'Authorization: Bearer <key>' or 'x-api-key: <key>'"));
        }
        Optional<String> cached = projectByKey.getIfPresent(key);
        Mono<Optional<String>> owner = cached != null ? Mono.just(cached) : blocking.call(() -> {
            Optional<String> found = keys.projectOf(key, ApiKeys.Scope.READ).map(UUID::toString);
            projectByKey.put(key, found);
            return found;
        });
        return owner.flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                        "the key is not a read key of any project (unknown, revoked, or an ingest key)"));
            }
            if (parameter.getParameterType() == KeyOwner.class) {
                return Mono.just(new KeyOwner(found.get()));
            }
            if (!found.get().equals(project)) {
                return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no project '" + project + "' for this key"));
            }
            return Mono.just(new ReadableProject(project));
        });
    }

    /** The project of the presented read key, whatever the path says. */
    record KeyOwner(String projectId) {}

    private static String presentedKey(ServerWebExchange exchange) {
        var headers = exchange.getRequest().getHeaders();
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String apiKey = headers.getFirst("x-api-key");
        return apiKey == null ? "" : apiKey.strip();
    }
}
