package dev.tracehound.platform.identity;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is acting, and from where, as the audit log records it: a signed-in user, an API key,
 * or the service itself (e.g. a login that joins someone by their email domain).
 */
public record Actor(Kind kind, UUID id, String ip, String userAgent) {

    public enum Kind { USER, API_KEY, SYSTEM }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.SYSTEM) {
            Objects.requireNonNull(id, "id");
        }
    }

    public static Actor user(UUID userId, String ip, String userAgent) {
        return new Actor(Kind.USER, userId, ip, userAgent);
    }

    public static Actor apiKey(UUID keyId, String ip, String userAgent) {
        return new Actor(Kind.API_KEY, keyId, ip, userAgent);
    }

    public static Actor system() {
        return new Actor(Kind.SYSTEM, null, null, null);
    }
}
