package dev.tracehound.app.security;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;

/** A person who signed in through the browser, known as a Tracehound user from then on. */
sealed interface SignedIn {

    UUID userId();

    String email();

    /** Signed in through an OpenID Connect issuer. */
    final class OidcPerson extends DefaultOidcUser implements SignedIn {

        private final UUID userId;
        private final String email;

        OidcPerson(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
                UUID userId, String email) {
            super(authorities, idToken, userInfo);
            this.userId = userId;
            this.email = email;
        }

        @Override
        public UUID userId() {
            return userId;
        }

        @Override
        public String email() {
            return email;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OidcPerson person && person.userId.equals(userId) && super.equals(other);
        }

        @Override
        public int hashCode() {
            return userId.hashCode();
        }
    }

    /** Signed in through a plain OAuth2 provider (GitHub): no ID token, the user-info endpoint instead. */
    final class OAuth2Person extends DefaultOAuth2User implements SignedIn {

        private final UUID userId;
        private final String email;

        OAuth2Person(Collection<? extends GrantedAuthority> authorities, Map<String, Object> attributes,
                String nameAttributeKey, UUID userId, String email) {
            super(authorities, attributes, nameAttributeKey);
            this.userId = userId;
            this.email = email;
        }

        @Override
        public UUID userId() {
            return userId;
        }

        @Override
        public String email() {
            return email;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OAuth2Person person && person.userId.equals(userId) && super.equals(other);
        }

        @Override
        public int hashCode() {
            return userId.hashCode();
        }
    }
}
