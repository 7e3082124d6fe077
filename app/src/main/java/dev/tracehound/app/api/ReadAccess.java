package dev.tracehound.app.api;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tracehound.platform.ApiKeys;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
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

    private static final Executor LOOKUPS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("read-key-", 0).factory());

    /**
     * Keys by project, refreshed in the background after 20 s so a busy key never expires under
     * load (which sent every waiting request to PostgreSQL at once), and gone after 30 s so a
     * revoked key stops working by then. Requests for a key being looked up share the look-up.
     */
    private final AsyncLoadingCache<String, Optional<String>> projectByKey;

    ReadAccess(ApiKeys keys) {
        this.projectByKey = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(Duration.ofSeconds(20))
                .expireAfterWrite(Duration.ofSeconds(30))
                .executor(LOOKUPS)
                .buildAsync(key -> keys.projectOf(key, ApiKeys.Scope.READ).map(UUID::toString));
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
            return Mono.error(new Unauthenticated(false,
                    "send a read key of the project: 'Authorization: Bearer <key>' or 'x-api-key: <key>'"));
        }
        // A client that goes away does not cancel a look-up other requests may share.
        Mono<Optional<String>> owner = Mono.fromFuture(projectByKey.get(key), true)
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause());
        return owner.flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(new Unauthenticated(true,
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
