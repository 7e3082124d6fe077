package dev.tracehound.app.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * CSRF protection for what a browser's session cookie does. A request that changes something
 * and carries the session cookie must echo the {@code XSRF-TOKEN} cookie in an
 * {@code X-XSRF-TOKEN} header, which another site's page cannot read or send. Requests with a
 * bearer token or an API key carry no ambient credential, so they need no token.
 */
final class BrowserSessions {

    /** The session cookie of Spring WebFlux; its flags are {@code server.reactive.session.cookie.*}. */
    static final String SESSION_COOKIE = "SESSION";

    private BrowserSessions() {}

    static void csrf(ServerHttpSecurity.CsrfSpec csrf) {
        csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
                // The raw token, not a masked one: a browser app copies the cookie into the header.
                .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                .requireCsrfProtectionMatcher(BrowserSessions::cookieAuthenticatedChange)
                .accessDeniedHandler((exchange, denied) -> Problems.write(exchange, HttpStatus.FORBIDDEN, "csrf",
                        "a change made with the session cookie must send the XSRF-TOKEN cookie's value in the "
                                + "X-XSRF-TOKEN header; it was missing or wrong"));
    }

    /**
     * Sets the {@code XSRF-TOKEN} cookie on a browser's requests: the token is made lazily, so it
     * must be asked for once for the cookie to be written.
     */
    static WebFilter csrfCookieIssuer() {
        return (exchange, chain) -> {
            if (!hasSessionCookie(exchange)) {
                return chain.filter(exchange);
            }
            Mono<CsrfToken> token = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
            return token.then(chain.filter(exchange));
        };
    }

    private static Mono<ServerWebExchangeMatcher.MatchResult> cookieAuthenticatedChange(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.TRACE;
        boolean explicitCredential = request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                || request.getHeaders().containsHeader("x-api-key");
        return !safe && !explicitCredential && hasSessionCookie(exchange)
                ? ServerWebExchangeMatcher.MatchResult.match()
                : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    private static boolean hasSessionCookie(ServerWebExchange exchange) {
        return exchange.getRequest().getCookies().containsKey(SESSION_COOKIE);
    }
}
