package dev.tracehound.app.security;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.KeyHolder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Project read keys on the API: {@code Authorization: Bearer <key>} or {@code x-api-key}. A
 * bearer token is a key unless it looks like a JWT and JWTs are configured. Ingest keys do not
 * authenticate here: they only send telemetry.
 */
final class ApiKeyAuthentication {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthentication.class);

    static final String NO_READ_KEY = "the key is not a read key of any project (unknown, revoked, or an ingest key)";

    /**
     * Keys by project, refreshed in the background after two thirds of the time to live so a
     * busy key never expires under load, and gone after it (30 s unless configured) so a revoked
     * key stops working by then. Requests for a key being looked up share the look-up.
     */
    private final AsyncLoadingCache<String, Optional<KeyHolder>> holderByKey;
    private final ApiKeys keys;
    private final Executor lookups = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("read-key-", 0).factory());
    private final boolean jwtsConfigured;

    ApiKeyAuthentication(ApiKeys keys, boolean jwtsConfigured, Duration ttl) {
        this.keys = keys;
        this.jwtsConfigured = jwtsConfigured;
        this.holderByKey = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(ttl.multipliedBy(2).dividedBy(3))
                .expireAfterWrite(ttl)
                .executor(lookups)
                .buildAsync(key -> keys.holderOf(key, ApiKeys.Scope.READ));
    }

    AuthenticationWebFilter filter() {
        var filter = new AuthenticationWebFilter(this::authenticate);
        filter.setServerAuthenticationConverter(converter());
        filter.setAuthenticationFailureHandler((exchange, e) ->
                Problems.unauthorized(exchange.getExchange(), true, e.getMessage()));
        return filter;
    }

    /** Whether this request carries an API key rather than a JWT. */
    boolean carriesKey(ServerWebExchange exchange) {
        return presentedKey(exchange) != null;
    }

    private ServerAuthenticationConverter converter() {
        return exchange -> Mono.justOrEmpty(presentedKey(exchange)).map(PresentedKey::new);
    }

    private Mono<Authentication> authenticate(Authentication presented) {
        String key = ((PresentedKey) presented).key;
        // A client that goes away does not cancel a look-up other requests may share.
        return Mono.fromFuture(holderByKey.get(key), true)
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .flatMap(holder -> holder.<Mono<Authentication>>map(found -> {
                            recordUse(found);
                            return Mono.just(new CallerAuthentication(
                                    new Caller.ProjectKey(found.keyId(), found.projectId(), found.scope())));
                        })
                        .orElseGet(() -> Mono.error(new BadCredentialsException(NO_READ_KEY))));
    }

    /** The key's "last used": written at most once a minute per key, off the request's path. */
    private void recordUse(KeyHolder holder) {
        if (!keys.touchDue(holder.keyId())) {
            return;
        }
        lookups.execute(() -> {
            try {
                keys.touch(holder.keyId());
            } catch (RuntimeException e) {
                log.warn("could not record the use of key {}: {}", holder.keyId(), e.getMessage());
            }
        });
    }

    private String presentedKey(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.isEmpty() || (jwtsConfigured && looksLikeJwt(token)) ? null : token;
        }
        String apiKey = headers.getFirst("x-api-key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    /** A compact JWS: three base64url parts. Keys ({@code thk_...}) never contain a dot. */
    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first + 1 && !token.startsWith("thk_");
    }

    /** The key as sent, before it is checked. */
    private static final class PresentedKey extends AbstractAuthenticationToken {

        private final String key;

        PresentedKey(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return "api-key";
        }
    }
}
