package dev.tracehound.app;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JWT issuer served over HTTP from the test's JVM: a discovery document and a JWK set, and
 * tokens signed with real RSA keys for any subject, audience, issuer or expiry a test needs.
 */
public final class TestIssuer implements AutoCloseable {

    private final HttpServer server;
    private final String issuer;
    private final AtomicReference<RSAKey> key = new AtomicReference<>();
    private final AtomicInteger keySetFetches = new AtomicInteger();

    private TestIssuer(HttpServer server) {
        this.server = server;
        this.issuer = "http://localhost:" + server.getAddress().getPort();
    }

    public static TestIssuer start() {
        try {
            var issuer = new TestIssuer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            issuer.rotate("first");
            issuer.serve();
            return issuer;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** Signs from now on with a new key, and publishes only that one. */
    public void rotate(String keyId) {
        key.set(newKey(keyId));
    }

    public int keySetFetches() {
        return keySetFetches.get();
    }

    /** A token for {@code subject} with audience {@code tracehound}, valid five minutes, with a verified email. */
    public String token(String subject, String email) {
        return token(key.get(), issuer, subject, email, "tracehound", Instant.now().plus(Duration.ofMinutes(5)));
    }

    public String token(String issuerClaim, String audience, Instant expires) {
        return token(key.get(), issuerClaim, "ada", "ada@example.com", audience, expires);
    }

    /** A token signed with a key nobody publishes. */
    public String forged() {
        return token(newKey(key.get().getKeyID()), issuer, "ada", "ada@example.com", "tracehound",
                Instant.now().plus(Duration.ofMinutes(5)));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve() {
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange, """
                {"issuer":"%1$s","jwks_uri":"%1$s/jwks","authorization_endpoint":"%1$s/authorize",\
                "subject_types_supported":["public"],"response_types_supported":["code"],\
                "id_token_signing_alg_values_supported":["RS256"]}""".formatted(issuer)));
        server.createContext("/jwks", exchange -> {
            keySetFetches.incrementAndGet();
            respond(exchange, new JWKSet(key.get().toPublicJWK()).toString());
        });
        server.start();
    }

    private static String token(RSAKey signingKey, String issuer, String subject, String email, String audience,
            Instant expires) {
        var claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .claim("email", email).claim("email_verified", true)
                .issueTime(Date.from(expires.minus(Duration.ofMinutes(10)))).expirationTime(Date.from(expires)).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey newKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
