package dev.tracehound.platform.identity;

/**
 * The change cannot be made in the current state of things, e.g. a project slug that is taken
 * or a revoked key to rotate (an HTTP API answers 409); the message says what to do instead.
 */
public final class ConflictException extends RuntimeException {

    ConflictException(String message) {
        super(message);
    }
}
