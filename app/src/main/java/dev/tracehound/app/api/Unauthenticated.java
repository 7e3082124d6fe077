package dev.tracehound.app.api;

/**
 * A request without a usable key: none was sent, or the one sent is unknown, revoked or of the
 * wrong kind. {@link ApiErrors} answers 401 with a {@code WWW-Authenticate} challenge.
 *
 * @param tokenSent whether a key came and was refused ({@code error="invalid_token"})
 */
final class Unauthenticated extends RuntimeException {

    private final boolean tokenSent;

    Unauthenticated(boolean tokenSent, String message) {
        super(message, null, false, false);
        this.tokenSent = tokenSent;
    }

    boolean tokenSent() {
        return tokenSent;
    }
}
