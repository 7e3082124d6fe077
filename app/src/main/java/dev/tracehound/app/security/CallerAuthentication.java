package dev.tracehound.app.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;

/** An authenticated {@link Caller}: what the API-key and JWT authentications produce. */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    CallerAuthentication(Caller caller) {
        super(List.of());
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    /** The caller an authentication stands for, or null for none (anonymous, or another kind). */
    static Caller callerOf(Authentication authentication) {
        if (authentication instanceof CallerAuthentication known) {
            return known.caller;
        }
        if (authentication instanceof OAuth2AuthenticationToken login && login.getPrincipal() instanceof SignedIn user) {
            return new Caller.Person(user.userId(), user.email(), Caller.Person.Credential.SESSION);
        }
        return null;
    }
}
