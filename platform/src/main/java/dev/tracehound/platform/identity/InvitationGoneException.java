package dev.tracehound.platform.identity;

/** An invitation that can no longer be accepted (an HTTP API answers 410); the subtype says why. */
public abstract sealed class InvitationGoneException extends RuntimeException {

    InvitationGoneException(String message) {
        super(message);
    }

    /** Its time ran out before it was accepted. */
    public static final class Expired extends InvitationGoneException {
        Expired(String message) {
            super(message);
        }
    }

    /** It was accepted already; an invitation works once. */
    public static final class Used extends InvitationGoneException {
        Used(String message) {
            super(message);
        }
    }

    /** An admin withdrew it. */
    public static final class Revoked extends InvitationGoneException {
        Revoked(String message) {
            super(message);
        }
    }
}
