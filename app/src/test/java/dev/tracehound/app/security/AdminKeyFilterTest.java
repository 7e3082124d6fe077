package dev.tracehound.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.WebFilterChain;

class AdminKeyFilterTest {

    private static final String ADMIN = "admin_key_for_this_test_0001";
    private static final String METRICS = "metrics_key_for_this_test_001";

    /** What the next handler saw: whether it ran, and the authentication it found. */
    private final AtomicReference<String> reached = new AtomicReference<>();

    private final WebFilterChain chain = exchange -> ReactiveSecurityContextHolder.getContext()
            .map(SecurityContext::getAuthentication)
            .map(authentication -> roles(authentication))
            .defaultIfEmpty("anonymous")
            .doOnNext(reached::set)
            .then();

    @Test
    void theAdminKeyMakesTheRequestAnAdmin() {
        var exchange = run(filter(ADMIN, METRICS), "/actuator/health", ADMIN);

        assertThat(reached).hasValue("ROLE_ADMIN");
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    @Test
    void noKeyAndTheMetricsKeyLeaveHealthAnonymous() {
        run(filter(ADMIN, METRICS), "/actuator/health", null);
        assertThat(reached).hasValue("anonymous");

        reached.set(null);
        run(filter(ADMIN, METRICS), "/actuator/health", METRICS);
        assertThat(reached).hasValue("anonymous");
    }

    @Test
    void withNoKeysConfiguredNobodyIsAnAdminAndNobodyScrapes() {
        var withSomeKey = run(filter("", ""), "/actuator/health", ADMIN);
        assertThat(withSomeKey.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(reached).hasNullValue();

        var scrape = run(filter("", ""), "/actuator/prometheus", null);
        assertThat(scrape.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(scrape.getResponse().getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer realm=\"tracehound\"");
        assertThat(scrape.getResponse().getBodyAsString().block()).contains("TRACEHOUND_ADMIN_METRICS_KEY");
        assertThat(reached).hasNullValue();
    }

    @Test
    void theMetricsKeyScrapesAndAWrongKeyIsAnInvalidToken() {
        run(filter(ADMIN, METRICS), "/actuator/prometheus", METRICS);
        assertThat(reached).hasValue("anonymous");

        reached.set(null);
        var wrong = run(filter(ADMIN, METRICS), "/actuator/prometheus", METRICS + "x");
        assertThat(wrong.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(wrong.getResponse().getHeaders().getFirst("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"tracehound\", error=\"invalid_token\"");
        assertThat(wrong.getResponse().getBodyAsString().block()).doesNotContain(METRICS);
        assertThat(reached).hasNullValue();
    }

    @Test
    void pathsOutsideTheActuatorAreLeftToTheApisOwnKeys() {
        var exchange = run(filter(ADMIN, METRICS), "/api/v1/whoami", "a_read_key_of_some_project_0000");

        assertThat(reached).hasValue("anonymous");
        assertThat(exchange.getResponse().getStatusCode()).isNull();
        reached.set(null);
        run(filter(ADMIN, METRICS), "/actuatorish", "whatever_key_0000000000000");
        assertThat(reached).hasValue("anonymous");
    }

    @Test
    void aShortKeyStopsStartUpNamingTheSettingAndKeysAreNeverPrinted() {
        assertThatThrownBy(() -> new AdminProperties("short", ""))
                .hasMessageContaining("tracehound.admin.key (TRACEHOUND_ADMIN_KEY) is 5 characters long")
                .hasMessageNotContaining("short");
        assertThat(new AdminProperties(ADMIN, METRICS).toString()).doesNotContain(ADMIN, METRICS).contains("set");
    }

    private static AdminKeyFilter filter(String adminKey, String metricsKey) {
        return new AdminKeyFilter(new ServiceKeys(new AdminProperties(adminKey, metricsKey)), "/actuator");
    }

    private MockServerWebExchange run(AdminKeyFilter filter, String path, String bearer) {
        var request = MockServerHttpRequest.get(path);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        var exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, chain).block();
        return exchange;
    }

    private static String roles(Authentication authentication) {
        return String.join(",", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    }
}
