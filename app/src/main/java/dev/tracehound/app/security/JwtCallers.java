package dev.tracehound.app.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tracehound.platform.identity.User;
import dev.tracehound.platform.identity.Users;
import java.time.Duration;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Bearer JWTs of API clients: checked against the issuer's keys (fetched from its discovery
 * document on first use, fetched again when a token names a key not seen yet, so the issuer can
 * rotate keys), issuer, audience and expiry; the person they name is a user like one who
 * logged in through the browser.
 */
final class JwtCallers implements Converter<Jwt, Mono<CallerAuthentication>> {

    private final Users users;
    /** Sign-ins by issuer and subject: a busy client does not write PostgreSQL on every request. */
    private final Cache<String, User> signedIn = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    JwtCallers(Users users) {
        this.users = users;
    }

    static ReactiveJwtDecoder decoder(AuthProperties.Jwt settings) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(settings.audience()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(settings.issuerUri()), audience));
        return decoder;
    }

    @Override
    public Mono<CallerAuthentication> convert(Jwt jwt) {
        String issuer = jwt.getIssuer() == null ? "" : jwt.getIssuer().toString();
        String key = issuer + " " + jwt.getSubject();
        User known = signedIn.getIfPresent(key);
        Mono<User> user = known != null ? Mono.just(known) : OffTheEventLoop.call(() -> {
            Boolean verified = jwt.getClaimAsBoolean("email_verified");
            String email = Boolean.TRUE.equals(verified) ? jwt.getClaimAsString("email") : null;
            User fresh = users.signIn(issuer, jwt.getSubject(), email, jwt.getClaimAsString("name"), null);
            signedIn.put(key, fresh);
            return fresh;
        });
        return user.map(found -> new CallerAuthentication(
                new Caller.Person(found.id(), found.email(), Caller.Person.Credential.JWT)));
    }
}
