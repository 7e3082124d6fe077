package dev.tracehound.app.security;

import dev.tracehound.platform.identity.User;
import dev.tracehound.platform.identity.Users;
import java.util.Map;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.DefaultReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.ReactiveOAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import reactor.core.publisher.Mono;

/**
 * Turns a completed browser login into a Tracehound user: created on the first login, updated
 * on later ones, joined to workspaces as {@link Users#signIn} decides. An email counts only
 * when the issuer says it is verified, since it decides joins by email domain.
 */
final class LoginUsers {

    private final Users users;
    private final OidcReactiveOAuth2UserService oidc = new OidcReactiveOAuth2UserService();
    private final DefaultReactiveOAuth2UserService oauth2 = new DefaultReactiveOAuth2UserService();

    LoginUsers(Users users) {
        this.users = users;
    }

    ReactiveOAuth2UserService<OidcUserRequest, OidcUser> oidc() {
        return request -> oidc.loadUser(request).flatMap(person -> {
            String email = Boolean.TRUE.equals(person.getEmailVerified()) ? person.getEmail() : null;
            return signIn(person.getIssuer().toString(), person.getSubject(), email, person.getFullName(),
                    person.getPicture())
                    .map(user -> new SignedIn.OidcPerson(person.getAuthorities(), person.getIdToken(),
                            person.getUserInfo(), user.id(), user.email()));
        });
    }

    /**
     * Plain OAuth2 providers (GitHub) have no issuer claim: the provider's issuer URI names them
     * when configured, else its authorization endpoint. Their email is not known to be verified.
     */
    ReactiveOAuth2UserService<OAuth2UserRequest, OAuth2User> oauth2() {
        return request -> oauth2.loadUser(request).flatMap(person -> {
            ClientRegistration.ProviderDetails provider = request.getClientRegistration().getProviderDetails();
            String issuer = provider.getIssuerUri() != null ? provider.getIssuerUri() : provider.getAuthorizationUri();
            Map<String, Object> attributes = person.getAttributes();
            String nameKey = provider.getUserInfoEndpoint().getUserNameAttributeName();
            return signIn(issuer, person.getName(), null, text(attributes, "name"), text(attributes, "avatar_url"))
                    .map(user -> new SignedIn.OAuth2Person(person.getAuthorities(), attributes, nameKey, user.id(),
                            user.email()));
        });
    }

    private Mono<User> signIn(String issuer, String subject, String email, String name, String avatar) {
        return OffTheEventLoop.call(() -> users.signIn(issuer, subject, email, name, avatar));
    }

    private static String text(Map<String, Object> attributes, String key) {
        Object value = attributes.get(key);
        return value == null ? null : value.toString();
    }
}
