package dev.tracehound.platform.identity;

/** The actor's role does not allow this change (an HTTP API answers 403). */
public final class NotAllowedException extends RuntimeException {

    NotAllowedException(String message) {
        super(message);
    }
}
