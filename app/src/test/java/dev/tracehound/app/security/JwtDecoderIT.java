package dev.tracehound.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The service's JWT checks against an issuer served over HTTP from this test (discovery and a
 * JWKS, with real RSA signatures), for the cases the development provider cannot make on demand:
 * an expired token, another audience, another issuer, an unknown key. The login flow test runs
 * the same decoder against the real provider.
 */
class JwtDecoderIT {

    private HttpServer server;
    private String issuer;
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private RSAKey key;
    private ReactiveJwtDecoder decoder;

    @BeforeEach
    void serveAnIssuer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://localhost:" + server.getAddress().getPort();
        key = newKey("first");
        published.set(new JWKSet(key.toPublicJWK()));
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange,
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\",\"subject_types_supported\":[\"public\"],"
                        + "\"response_types_supported\":[\"code\"],\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                        + "\"authorization_endpoint\":\"" + issuer + "/authorize\"}"));
        server.createContext("/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            respond(exchange, published.get().toString());
        });
        server.start();
        decoder = JwtCallers.decoder(new AuthProperties.Jwt(issuer, null));
    }

    @AfterEach
    void stopTheIssuer() {
        server.stop(0);
    }

    @Test
    void aTokenOfTheIssuerForTracehoundIsAccepted() throws Exception {
        Jwt jwt = decoder.decode(token(key, issuer, "tracehound", Instant.now().plusSeconds(300))).block();

        assertThat(jwt.getSubject()).isEqualTo("ada");
        assertThat(jwt.getAudience()).containsExactly("tracehound");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        // Past the minute of clock skew the decoder allows.
        String expired = token(key, issuer, "tracehound", Instant.now().minus(Duration.ofMinutes(5)));

        assertThatThrownBy(() -> decoder.decode(expired).block()).isInstanceOf(JwtException.class).hasMessageContaining("expired");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        String forAnotherService = token(key, issuer, "billing-service", Instant.now().plusSeconds(300));

        assertThatThrownBy(() -> decoder.decode(forAnotherService).block()).isInstanceOf(JwtException.class)
                .hasMessageContaining("aud");
    }

    @Test
    void aTokenNamingAnotherIssuerIsRefused() throws Exception {
        String otherIssuer = token(key, "https://accounts.example.com", "tracehound", Instant.now().plusSeconds(300));

        assertThatThrownBy(() -> decoder.decode(otherIssuer).block()).isInstanceOf(JwtException.class)
                .hasMessageContaining("iss");
    }

    @Test
    void aTokenSignedByAKeyTheIssuerDoesNotPublishIsRefused() throws Exception {
        String forged = token(newKey("first"), issuer, "tracehound", Instant.now().plusSeconds(300));

        assertThatThrownBy(() -> decoder.decode(forged).block()).isInstanceOf(JwtException.class);
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesIt() throws Exception {
        decoder.decode(token(key, issuer, "tracehound", Instant.now().plusSeconds(300))).block();
        int fetchesBefore = jwksFetches.get();
        RSAKey next = newKey("second");
        published.set(new JWKSet(List.of(next.toPublicJWK())));

        Jwt jwt = decoder.decode(token(next, issuer, "tracehound", Instant.now().plusSeconds(300))).block();

        assertThat(jwt.getSubject()).isEqualTo("ada");
        assertThat(jwksFetches.get()).as("the key set fetched again for the unknown key id").isGreaterThan(fetchesBefore);
    }

    private static RSAKey newKey(String id) throws Exception {
        return new RSAKeyGenerator(2048).keyID(id).generate();
    }

    private static String token(RSAKey signingKey, String issuer, String audience, Instant expires) throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer(issuer).subject("ada").audience(audience)
                .issueTime(Date.from(expires.minus(Duration.ofMinutes(10)))).expirationTime(Date.from(expires)).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
