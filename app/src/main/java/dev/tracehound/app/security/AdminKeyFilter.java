package dev.tracehound.app.security;

import dev.tracehound.platform.BearerChallenge;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards the actuator's endpoints with the service's keys. The admin key makes the request an
 * authenticated admin (role {@code ADMIN} in the reactive security context), which is what the
 * health endpoint's {@code show-details: when-authorized} reads; {@code /actuator/prometheus}
 * needs the admin or the metrics key; a key that is neither is refused everywhere under the
 * actuator, so a mistyped key says so instead of quietly showing less. Anonymous health stays
 * open, status only, for load balancers and probes.
 */
final class AdminKeyFilter implements WebFilter, Ordered {

    /** After Spring's HTTP observation filter, so refused requests are counted too. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final Authentication ADMIN = UsernamePasswordAuthenticationToken.authenticated(
            "admin", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN"));

    private final ServiceKeys keys;
    private final String basePath;
    private final String prometheusPath;

    /** @param basePath the actuator's base path, {@code /actuator} unless configured otherwise */
    AdminKeyFilter(ServiceKeys keys, String basePath) {
        this.keys = keys;
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        this.prometheusPath = this.basePath + "/prometheus";
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!isUnder(path, basePath)) {
            return chain.filter(exchange);
        }
        String token = bearerToken(exchange.getRequest().getHeaders());
        ServiceKeys.Holder holder = token == null ? ServiceKeys.Holder.NONE : keys.holderOf(token);
        if (token != null && holder == ServiceKeys.Holder.NONE) {
            return refuse(exchange, true, "the bearer token is neither the admin key (tracehound.admin.key) "
                    + "nor the metrics key (tracehound.admin.metrics-key)");
        }
        if (holder == ServiceKeys.Holder.NONE && isUnder(path, prometheusPath)) {
            return refuse(exchange, false, keys.adminKeySet() || keys.metricsKeySet()
                    ? "send the metrics key or the admin key: 'Authorization: Bearer <key>'"
                    : "no key is configured for the metrics: set TRACEHOUND_ADMIN_METRICS_KEY (or TRACEHOUND_ADMIN_KEY)");
        }
        if (holder == ServiceKeys.Holder.ADMIN) {
            return chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withAuthentication(ADMIN));
        }
        return chain.filter(exchange);
    }

    /** The prefix itself or below it; runs on every request (ingest's too), so it builds no string. */
    private static boolean isUnder(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** The token of {@code Authorization: Bearer <token>}, or null when there is none. */
    private static String bearerToken(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, boolean tokenSent, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(BearerChallenge.HEADER, BearerChallenge.of(tokenSent));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"https://tracehound.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"" + detail.replace("\"", "\\\"") + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
