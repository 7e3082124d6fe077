package dev.tracehound.app.security;

import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.identity.Actor;
import java.util.Objects;
import java.util.UUID;

/**
 * Who sent a request, whatever the credential: a person (browser session or bearer JWT) or a
 * project API key. Everything after authentication sees only this.
 */
public sealed interface Caller {

    /** How the audit log names the caller. */
    Actor actor(String ip, String userAgent);

    /** A person: signed in through the browser, or an API client with a bearer JWT. */
    record Person(UUID userId, String email, Credential credential) implements Caller {

        public enum Credential { SESSION, JWT }

        public Person {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(credential, "credential");
        }

        @Override
        public Actor actor(String ip, String userAgent) {
            return Actor.user(userId, ip, userAgent);
        }
    }

    /** A read key of one project: it reads that project's telemetry and talks to its agent, nothing else. */
    record ProjectKey(UUID keyId, UUID projectId, ApiKeys.Scope scope) implements Caller {

        public ProjectKey {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(scope, "scope");
        }

        @Override
        public Actor actor(String ip, String userAgent) {
            return Actor.apiKey(keyId, ip, userAgent);
        }
    }
}
