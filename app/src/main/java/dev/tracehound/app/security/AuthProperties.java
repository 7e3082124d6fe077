package dev.tracehound.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How API clients authenticate with bearer JWTs. Browser logins are configured with Spring
 * Boot's own {@code spring.security.oauth2.client.*} properties (see docs/identity.md).
 *
 * @param jwt          the issuer whose JWTs the API accepts; none when its issuer URI is blank
 * @param keyCacheTtl  how long a read key, and a project's workspace, are remembered: a revoked
 *                     key or a deleted project's key stops within this time (30 s)
 */
@ConfigurationProperties("tracehound.auth")
record AuthProperties(Jwt jwt, java.time.Duration keyCacheTtl) {

    AuthProperties {
        jwt = jwt == null ? new Jwt(null, null) : jwt;
        keyCacheTtl = keyCacheTtl == null ? java.time.Duration.ofSeconds(30) : keyCacheTtl;
        if (!keyCacheTtl.isPositive()) {
            throw new IllegalArgumentException("tracehound.auth.key-cache-ttl must be more than zero; was " + keyCacheTtl);
        }
    }

    /**
     * @param issuerUri the issuer, as in its tokens' {@code iss}; its discovery document names its keys
     * @param audience  what the tokens' {@code aud} must contain; {@code tracehound} unless set, so
     *                  that tokens the issuer made for other services are refused
     */
    record Jwt(String issuerUri, String audience) {

        Jwt {
            issuerUri = issuerUri == null ? "" : issuerUri.strip();
            audience = audience == null || audience.isBlank() ? "tracehound" : audience.strip();
        }

        boolean configured() {
            return !issuerUri.isEmpty();
        }
    }
}
