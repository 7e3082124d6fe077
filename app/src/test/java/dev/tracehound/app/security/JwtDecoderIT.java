package dev.tracehound.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.app.TestIssuer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The service's JWT checks against an issuer served over HTTP from this test (discovery and a
 * JWK set, real RSA signatures), for the cases the development provider cannot make on demand:
 * an expired token, another audience, another issuer, an unpublished key. The login flow test
 * runs the same decoder against the real provider.
 */
class JwtDecoderIT {

    private TestIssuer issuer;
    private ReactiveJwtDecoder decoder;

    @BeforeEach
    void serveAnIssuer() {
        issuer = TestIssuer.start();
        decoder = JwtCallers.decoder(new AuthProperties.Jwt(issuer.issuer(), null));
    }

    @AfterEach
    void stopTheIssuer() {
        issuer.close();
    }

    @Test
    void aTokenOfTheIssuerForTracehoundIsAccepted() {
        Jwt jwt = decoder.decode(issuer.token("ada", "ada@example.com")).block();

        assertThat(jwt.getSubject()).isEqualTo("ada");
        assertThat(jwt.getAudience()).containsExactly("tracehound");
    }

    @Test
    void anExpiredTokenIsRefused() {
        // Past the minute of clock skew the decoder allows.
        String expired = issuer.token(issuer.issuer(), "tracehound", Instant.now().minus(Duration.ofMinutes(5)));

        assertThatThrownBy(() -> decoder.decode(expired).block()).isInstanceOf(JwtException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String forAnotherService = issuer.token(issuer.issuer(), "billing-service", Instant.now().plusSeconds(300));

        assertThatThrownBy(() -> decoder.decode(forAnotherService).block()).isInstanceOf(JwtException.class)
                .hasMessageContaining("aud");
    }

    @Test
    void aTokenNamingAnotherIssuerIsRefused() {
        String otherIssuer = issuer.token("https://accounts.example.com", "tracehound", Instant.now().plusSeconds(300));

        assertThatThrownBy(() -> decoder.decode(otherIssuer).block()).isInstanceOf(JwtException.class)
                .hasMessageContaining("iss");
    }

    @Test
    void aTokenSignedByAKeyTheIssuerDoesNotPublishIsRefused() {
        String forged = issuer.forged();

        assertThatThrownBy(() -> decoder.decode(forged).block()).isInstanceOf(JwtException.class);
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesIt() {
        decoder.decode(issuer.token("ada", "ada@example.com")).block();
        int fetchesBefore = issuer.keySetFetches();
        issuer.rotate("second");

        Jwt jwt = decoder.decode(issuer.token("ada", "ada@example.com")).block();

        assertThat(jwt.getSubject()).isEqualTo("ada");
        assertThat(issuer.keySetFetches()).as("the key set fetched again for the unknown key id").isGreaterThan(fetchesBefore);
    }
}
