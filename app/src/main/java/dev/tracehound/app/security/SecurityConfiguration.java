package dev.tracehound.app.security;

import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.identity.MembershipChanges;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.identity.Users;
import dev.tracehound.platform.identity.Workspaces;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.ReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.HttpStatusReturningServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * One security chain for everything but OTLP ingest and the actuator (each has its own key
 * check): browser login with a session cookie, bearer JWTs, project read keys, and the policy.
 * Whatever the credential, handlers see one {@link Caller}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Where a browser lands after logging in: the web UI, which opens the first workspace. */
    static final String AFTER_LOGIN = "/";

    @Bean
    LoginUsers loginUsers(Users users) {
        return new LoginUsers(users);
    }

    /** Found by type by the login: signing in through an OIDC issuer makes or updates the user. */
    @Bean
    ReactiveOAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(LoginUsers users) {
        return users.oidc();
    }

    /** The same for plain OAuth2 providers (GitHub). */
    @Bean
    ReactiveOAuth2UserService<OAuth2UserRequest, OAuth2User> oauth2UserService(LoginUsers users) {
        return users.oauth2();
    }

    @Bean
    RoleCache roleCache(Memberships memberships) {
        return new RoleCache(memberships);
    }

    /** Keeps the role cache true: PostgreSQL announces each membership change to every instance. */
    @Bean(destroyMethod = "close")
    MembershipChanges membershipChanges(DataSource dataSource, RoleCache roles) {
        return MembershipChanges.start(dataSource, roles);
    }

    @Bean
    SecurityWebFilterChain securityChain(ServerHttpSecurity http, ApiKeys keys, Users users,
            ProjectDirectory projects, Workspaces workspaces, RoleCache roles, AuthProperties auth,
            ObjectProvider<ReactiveClientRegistrationRepository> registrations) {
        var apiKeys = new ApiKeyAuthentication(keys, auth.jwt().configured(), auth.keyCacheTtl());
        http.securityMatcher(new NegatedServerWebExchangeMatcher(
                        ServerWebExchangeMatchers.pathMatchers("/v1/**", "/actuator", "/actuator/**",
                                // Stripe's webhooks: the signature of the body is their authentication.
                                "/webhooks/stripe")))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(BrowserSessions::csrf)
                .addFilterAfter(BrowserSessions.csrfCookieIssuer(), SecurityWebFiltersOrder.CSRF)
                .addFilterAt(apiKeys.filter(), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAt(new PolicyFilter(projects, workspaces, roles, auth.keyCacheTtl()),
                        SecurityWebFiltersOrder.AUTHORIZATION)
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
                                new WebSessionServerLogoutHandler()))
                        .logoutSuccessHandler(new HttpStatusReturningServerLogoutSuccessHandler(HttpStatus.NO_CONTENT)));
        if (auth.jwt().configured()) {
            var bearer = new ServerBearerTokenAuthenticationConverter();
            http.oauth2ResourceServer(server -> server
                    .bearerTokenConverter(exchange -> apiKeys.carriesKey(exchange) ? Mono.empty()
                            : bearer.convert(exchange))
                    .authenticationEntryPoint((exchange, e) -> Problems.unauthorized(exchange, true,
                            "the bearer JWT was refused: " + e.getMessage()))
                    .jwt(jwt -> jwt.jwtDecoder(JwtCallers.decoder(auth.jwt()))
                            .jwtAuthenticationConverter(new JwtCallers(users))));
            log.info("auth: bearer JWTs of {} with audience {}", auth.jwt().issuerUri(), auth.jwt().audience());
        }
        ReactiveClientRegistrationRepository clients = registrations.getIfAvailable();
        if (clients != null) {
            var resolver = new DefaultServerOAuth2AuthorizationRequestResolver(clients);
            resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            http.oauth2Login(login -> login.authorizationRequestResolver(resolver)
                    .authenticationSuccessHandler(new RedirectServerAuthenticationSuccessHandler(AFTER_LOGIN)));
            log.info("auth: browser login at /oauth2/authorization/<registration>");
        } else {
            log.info("auth: no browser login (no spring.security.oauth2.client.registration is configured)");
        }
        return http.build();
    }
}
